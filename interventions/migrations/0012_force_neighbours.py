"""Which police force areas share a land border, for "Nearby forces" on each force's page.

Borders follow the force areas (the ceremonial counties and unitary authorities each force
polices), land only: forces facing each other across the Thames estuary, the Severn or the
Dee are not neighbours. British Transport Police polices the railways, not an area, so it
has none. Re-running is safe: a pair already linked is left as it is.
"""

from django.db import migrations, models

# Each force with the forces it borders that come later in this list; the reverse
# direction is added with it, so every pair is stated once.
BORDERS = {
    "northumbria": ["cumbria", "durham"],
    "cumbria": ["durham", "north-yorkshire", "lancashire"],
    "durham": ["cleveland", "north-yorkshire"],
    "cleveland": ["north-yorkshire"],
    "north-yorkshire": [
        "lancashire",
        "west-yorkshire",
        "south-yorkshire",
        "humberside",
    ],
    "humberside": ["south-yorkshire", "lincolnshire", "nottinghamshire"],
    "lancashire": ["merseyside", "greater-manchester", "west-yorkshire"],
    "merseyside": ["greater-manchester", "cheshire"],
    "greater-manchester": ["cheshire", "derbyshire", "west-yorkshire"],
    "west-yorkshire": ["south-yorkshire", "derbyshire"],
    "south-yorkshire": ["derbyshire", "nottinghamshire"],
    "cheshire": ["derbyshire", "staffordshire", "west-mercia", "north-wales"],
    "derbyshire": ["nottinghamshire", "leicestershire", "staffordshire"],
    "nottinghamshire": ["lincolnshire", "leicestershire"],
    "lincolnshire": ["leicestershire", "northamptonshire", "cambridgeshire", "norfolk"],
    "leicestershire": ["staffordshire", "warwickshire", "northamptonshire"],
    "staffordshire": ["west-midlands", "warwickshire", "west-mercia"],
    "west-midlands": ["warwickshire", "west-mercia"],
    "warwickshire": ["west-mercia", "northamptonshire", "thames-valley", "gloucestershire"],
    "west-mercia": ["gloucestershire", "gwent", "dyfed-powys", "north-wales"],
    "gloucestershire": ["thames-valley", "wiltshire", "avon-and-somerset", "gwent"],
    "northamptonshire": ["cambridgeshire", "bedfordshire", "thames-valley"],
    "cambridgeshire": ["norfolk", "suffolk", "essex", "hertfordshire", "bedfordshire"],
    "norfolk": ["suffolk"],
    "suffolk": ["essex"],
    "essex": ["hertfordshire", "metropolitan"],
    "hertfordshire": ["bedfordshire", "thames-valley", "metropolitan"],
    "bedfordshire": ["thames-valley"],
    "thames-valley": ["metropolitan", "surrey", "hampshire", "wiltshire"],
    "metropolitan": ["city-of-london", "kent", "surrey"],
    "kent": ["surrey", "sussex"],
    "surrey": ["sussex", "hampshire"],
    "sussex": ["hampshire"],
    "hampshire": ["wiltshire", "dorset"],
    "wiltshire": ["dorset", "avon-and-somerset"],
    "dorset": ["avon-and-somerset", "devon-and-cornwall"],
    "avon-and-somerset": ["devon-and-cornwall"],
    "north-wales": ["dyfed-powys"],
    "dyfed-powys": ["south-wales", "gwent"],
    "south-wales": ["gwent"],
}


def link_neighbours(apps, schema_editor):
    Force = apps.get_model("interventions", "Force")
    Link = Force.neighbours.through
    ids = dict(Force.objects.values_list("slug", "pk"))
    pairs = set()
    for slug, others in BORDERS.items():
        for other in others:
            if slug in ids and other in ids:
                pairs |= {(ids[slug], ids[other]), (ids[other], ids[slug])}
    existing = set(Link.objects.values_list("from_force_id", "to_force_id"))
    Link.objects.bulk_create(
        Link(from_force_id=a, to_force_id=b) for a, b in sorted(pairs - existing)
    )


class Migration(migrations.Migration):
    dependencies = [("interventions", "0011_search_vocabulary")]

    operations = [
        migrations.AddField(
            model_name="force",
            name="neighbours",
            field=models.ManyToManyField(
                blank=True,
                help_text=(
                    "Forces whose areas share a land border with this one. Adding a force "
                    "here adds this one to its list too. British Transport Police has none."
                ),
                to="interventions.force",
            ),
        ),
        migrations.RunPython(link_neighbours, migrations.RunPython.noop),
    ]
