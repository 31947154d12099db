"""Facet keys gain the kinds of outcome an entry's figures measure (kind:robbery, ...),
which the evidence gap map counts; every entry's keys are recomputed once."""

from django.db import migrations


def refresh_facet_keys(apps, schema_editor):
    from interventions.facet_index import refresh_facet_keys

    refresh_facet_keys()


class Migration(migrations.Migration):
    dependencies = [
        ("interventions", "0018_name_index"),
        ("evaluations", "0004_publicchange"),
    ]

    operations = [
        migrations.RunPython(refresh_facet_keys, migrations.RunPython.noop),
    ]
