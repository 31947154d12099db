"""Forces, themes, purposes and settings: the fixed vocabulary every entry is filed under.

Loaded on migrate, so a force or theme with no entries yet still has a page.
Re-running is safe: rows are matched on slug and updated in place.
"""

from django.db import migrations

# (name, short name, slug, region, country): the 43 territorial forces of England
# and Wales, and British Transport Police.
FORCES = [
    ("Avon and Somerset Police", "Avon and Somerset", "avon-and-somerset", "south-west", "england"),
    ("Bedfordshire Police", "Bedfordshire", "bedfordshire", "east-of-england", "england"),
    (
        "British Transport Police",
        "British Transport Police",
        "british-transport-police",
        "national",
        "great-britain",
    ),
    (
        "Cambridgeshire Constabulary",
        "Cambridgeshire",
        "cambridgeshire",
        "east-of-england",
        "england",
    ),
    ("Cheshire Constabulary", "Cheshire", "cheshire", "north-west", "england"),
    ("City of London Police", "City of London", "city-of-london", "london", "england"),
    ("Cleveland Police", "Cleveland", "cleveland", "north-east", "england"),
    ("Cumbria Constabulary", "Cumbria", "cumbria", "north-west", "england"),
    ("Derbyshire Constabulary", "Derbyshire", "derbyshire", "east-midlands", "england"),
    (
        "Devon and Cornwall Police",
        "Devon and Cornwall",
        "devon-and-cornwall",
        "south-west",
        "england",
    ),
    ("Dorset Police", "Dorset", "dorset", "south-west", "england"),
    ("Durham Constabulary", "Durham", "durham", "north-east", "england"),
    ("Dyfed-Powys Police", "Dyfed-Powys", "dyfed-powys", "wales", "wales"),
    ("Essex Police", "Essex", "essex", "east-of-england", "england"),
    ("Gloucestershire Constabulary", "Gloucestershire", "gloucestershire", "south-west", "england"),
    (
        "Greater Manchester Police",
        "Greater Manchester",
        "greater-manchester",
        "north-west",
        "england",
    ),
    ("Gwent Police", "Gwent", "gwent", "wales", "wales"),
    (
        "Hampshire and Isle of Wight Constabulary",
        "Hampshire and Isle of Wight",
        "hampshire",
        "south-east",
        "england",
    ),
    ("Hertfordshire Constabulary", "Hertfordshire", "hertfordshire", "east-of-england", "england"),
    ("Humberside Police", "Humberside", "humberside", "yorkshire-and-the-humber", "england"),
    ("Kent Police", "Kent", "kent", "south-east", "england"),
    ("Lancashire Constabulary", "Lancashire", "lancashire", "north-west", "england"),
    ("Leicestershire Police", "Leicestershire", "leicestershire", "east-midlands", "england"),
    ("Lincolnshire Police", "Lincolnshire", "lincolnshire", "east-midlands", "england"),
    ("Merseyside Police", "Merseyside", "merseyside", "north-west", "england"),
    ("Metropolitan Police Service", "Metropolitan Police", "metropolitan", "london", "england"),
    ("Norfolk Constabulary", "Norfolk", "norfolk", "east-of-england", "england"),
    ("North Wales Police", "North Wales", "north-wales", "wales", "wales"),
    (
        "North Yorkshire Police",
        "North Yorkshire",
        "north-yorkshire",
        "yorkshire-and-the-humber",
        "england",
    ),
    ("Northamptonshire Police", "Northamptonshire", "northamptonshire", "east-midlands", "england"),
    ("Northumbria Police", "Northumbria", "northumbria", "north-east", "england"),
    ("Nottinghamshire Police", "Nottinghamshire", "nottinghamshire", "east-midlands", "england"),
    ("South Wales Police", "South Wales", "south-wales", "wales", "wales"),
    (
        "South Yorkshire Police",
        "South Yorkshire",
        "south-yorkshire",
        "yorkshire-and-the-humber",
        "england",
    ),
    ("Staffordshire Police", "Staffordshire", "staffordshire", "west-midlands", "england"),
    ("Suffolk Constabulary", "Suffolk", "suffolk", "east-of-england", "england"),
    ("Surrey Police", "Surrey", "surrey", "south-east", "england"),
    ("Sussex Police", "Sussex", "sussex", "south-east", "england"),
    ("Thames Valley Police", "Thames Valley", "thames-valley", "south-east", "england"),
    ("Warwickshire Police", "Warwickshire", "warwickshire", "west-midlands", "england"),
    ("West Mercia Police", "West Mercia", "west-mercia", "west-midlands", "england"),
    ("West Midlands Police", "West Midlands", "west-midlands", "west-midlands", "england"),
    (
        "West Yorkshire Police",
        "West Yorkshire",
        "west-yorkshire",
        "yorkshire-and-the-humber",
        "england",
    ),
    ("Wiltshire Police", "Wiltshire", "wiltshire", "south-west", "england"),
]

THEMES = [
    # The six themes of the Vulnerability and Violent Crime Programme.
    (
        "Gangs and youth violence",
        "gangs-and-youth-violence",
        "Work with young people involved in, or drawn towards, gangs and serious youth violence.",
    ),
    (
        "Vulnerability and early intervention",
        "vulnerability-and-early-intervention",
        "Support offered early, before problems in a family or a young person's life become severe.",
    ),
    (
        "Vulnerable children and child protection",
        "vulnerable-children-and-child-protection",
        "Keeping children safe from neglect and abuse, often jointly with children's services.",
    ),
    (
        "Risk assessment and management",
        "risk-assessment-and-management",
        "Tools and teams that identify the most harmful offenders and manage the risk they pose.",
    ),
    (
        "County lines",
        "county-lines",
        "Disrupting drug-dealing networks that exploit children and vulnerable adults across areas.",
    ),
    (
        "Child sexual abuse and exploitation",
        "child-sexual-abuse-and-exploitation",
        "Responding to children who are sexually or criminally exploited, or who display harmful "
        "sexual behaviour.",
    ),
    # Themes the police and crime commissioners' case studies call for.
    ("Knife crime", "knife-crime", "Preventing the carrying and use of knives and other weapons."),
    (
        "Domestic abuse and stalking",
        "domestic-abuse-and-stalking",
        "Protecting victims of domestic abuse and stalking and managing those who cause it.",
    ),
    (
        "Hospital-based intervention",
        "hospital-based-intervention",
        "Youth workers, navigators and nurses who meet people with violence-related injuries in "
        "hospital emergency departments.",
    ),
    (
        "Youth work and community",
        "youth-work-and-community",
        "Youth work, mentoring, sport and community-led activity that offers young people "
        "alternatives to violence.",
    ),
    (
        "Hotspot policing",
        "hotspot-policing",
        "Patrols and problem solving focused on the small places where violence concentrates.",
    ),
    (
        "Public health approach",
        "public-health-approach",
        "Whole-system, multi-agency work through violence reduction units and partnerships that "
        "tackles the causes of violence.",
    ),
    (
        "Reoffending and offender management",
        "reoffending-and-offender-management",
        "Swift justice, diversion and support that stop people who have offended from doing so again.",
    ),
    (
        "Young adults",
        "young-adults",
        "Support for people aged 18 to 25, including the move from children's to adult services.",
    ),
    (
        "Neurodiversity",
        "neurodiversity",
        "Identifying and supporting people with neurodevelopmental conditions who come into contact "
        "with the justice system.",
    ),
]

# The purpose types defined in the VKPP call for practice (closing 21 February 2020).
PURPOSES = [
    (
        "Prevention",
        "prevention",
        "Stops crime from happening in the first place, through "
        "situational measures or work with people.",
    ),
    ("Diversion", "diversion", "Steers groups at risk away from committing crime."),
    (
        "Reoffending",
        "reoffending",
        "Works with people after an offence so that they do not offend again.",
    ),
    ("Location", "location", "Targets a place, such as a car park or a residential street."),
]

SETTINGS = [
    ("Custody", "custody", "Police custody suites."),
    (
        "Hospital emergency department",
        "emergency-department",
        "Accident and emergency departments and other hospital settings.",
    ),
    ("School", "school", "Schools, colleges and pupil referral units."),
    ("Home", "home", "Visits to family homes."),
    (
        "Community",
        "community",
        "Youth clubs, sports venues, places of worship and other community spaces.",
    ),
    ("Online", "online", "Online and digital settings."),
    (
        "Courts and criminal justice",
        "criminal-justice",
        "Charging, courts and the wider criminal justice process.",
    ),
    (
        "Probation and prison",
        "probation-and-prison",
        "Probation offices and work with prison leavers.",
    ),
    (
        "Public places",
        "public-places",
        "Streets, town centres, the night-time economy and other violence hotspots.",
    ),
    (
        "Multi-agency partnership",
        "multi-agency-partnership",
        "Strategic work across police, health, local authorities and others.",
    ),
]


def load_reference_data(apps, schema_editor):
    Force = apps.get_model("interventions", "Force")
    Theme = apps.get_model("interventions", "Theme")
    Purpose = apps.get_model("interventions", "Purpose")
    Setting = apps.get_model("interventions", "Setting")

    for name, short_name, slug, region, country in FORCES:
        Force.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "short_name": short_name, "region": region, "country": country},
        )
    for name, slug, description in THEMES:
        Theme.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )
    for model, rows in ((Purpose, PURPOSES), (Setting, SETTINGS)):
        for position, (name, slug, description) in enumerate(rows):
            model.objects.update_or_create(
                slug=slug,
                defaults={"name": name, "description": description, "position": position},
            )


class Migration(migrations.Migration):
    dependencies = [("interventions", "0001_initial")]

    operations = [migrations.RunPython(load_reference_data, migrations.RunPython.noop)]
