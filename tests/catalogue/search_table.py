"""Real queries and the seeded entries each must find, shared by the tests and by
scripts/search_table.py, which prints how many each finds.

Each expected set is what a practitioner asking that question wants from the seeded
catalogue: the entries filed under the theme, force, region or setting the words name.
``only`` marks the queries whose results must be exactly those entries.
"""

KNIFE_CRIME = {
    "west-yorkshire-ae-navigator-programme",
    "habitual-knife-carriers-project",
    "lancashire-violence-reduction-network",
    "operation-deter",
    "operation-divan",
    "operation-met-divan",
    "hampshire-violent-crime-taskforce",
}
HOSPITAL = {
    "west-yorkshire-ae-navigator-programme",
    "basildon-hospital-project",
    "lancashire-violence-reduction-network",
    "wales-violence-prevention-unit",
}
LANCASHIRE = {
    "lancashire-divert-custody-navigators",
    "lancashire-violence-reduction-network",
    "lancashire-vru-trauma-informed-practice",
    "sara-v3-and-sam-pilot",
}
NORTH_WEST = LANCASHIRE | {
    "merseyside-violence-reduction-partnership",
    "greater-manchester-vru-community-led-approach",
}
EXPLOITATION = {
    "adolescent-risk-team-south-west-london",
    "out-of-court-panels-northumbria",
    "youth-engagement-team-suffolk",
}
NEURODIVERSITY = {
    "merseyside-violence-reduction-partnership",
    "thames-valley-neurodevelopmental-screening-tools",
    "thames-valley-sequential-intercept-model",
}
COUNTY_LINES = {
    "climate-county-lines-intervention-team",
    "lancashire-divert-custody-navigators",
    "intact-programme",
}
DOMESTIC_ABUSE = {"humber-violence-prevention-partnership", "sara-v3-and-sam-pilot"}

# (query, entries it must find, whether it must find nothing else)
QUERIES = [
    ("stabbing", KNIFE_CRIME, False),
    ("stab", KNIFE_CRIME, True),
    ("knfe crme", KNIFE_CRIME, False),
    ("hospitals", HOSPITAL, False),
    ("A&E", HOSPITAL, False),
    ("Lancs", LANCASHIRE, True),
    ("Blackpool", LANCASHIRE, True),
    ("Preston", LANCASHIRE, True),
    ("Blakpool", LANCASHIRE, True),
    ("north west", NORTH_WEST, True),
    ("knife crime young adults north west", {"lancashire-violence-reduction-network"}, False),
    ("GMP", {"greater-manchester-vru-community-led-approach"}, True),
    (
        "the Met",
        {
            "adolescent-risk-team-south-west-london",
            "divert-metropolitan-police",
            "operation-met-divan",
        },
        True,
    ),
    ("CSE", EXPLOITATION, False),
    ("autism", NEURODIVERSITY, False),
    ("ADHD", NEURODIVERSITY, False),
    ("school exclusions", {"thames-valley-fair-access-protocol"}, False),
    ("drug lines", COUNTY_LINES, False),
    ("domestic violence", DOMESTIC_ABUSE, False),
    ("teenagers", {"youth-engagement-team-suffolk"}, False),
]
