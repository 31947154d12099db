"""Facet keys (interventions.facet_index): a text[] column of every filterable value of an
entry, with a GIN index, filled for existing entries. Column and index are model state
from 0006 on."""

from django.db import migrations


def refresh_facet_keys(apps, schema_editor):
    from interventions.facet_index import refresh_facet_keys

    # The keys are computed by today's code, which also reads the evidence ratings; before
    # their table exists, evaluations 0002 fills the keys once it has made it.
    if "evaluations_evidencerating" not in schema_editor.connection.introspection.table_names():
        return
    refresh_facet_keys()


class Migration(migrations.Migration):
    dependencies = [
        ("interventions", "0004_publish_permission_and_inline_history"),
        ("evaluations", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            [
                "ALTER TABLE interventions_intervention ADD COLUMN IF NOT EXISTS facet_keys text[]",
                "CREATE INDEX IF NOT EXISTS intervention_facet_keys "
                "ON interventions_intervention USING gin (facet_keys)",
            ],
            [
                "DROP INDEX IF EXISTS intervention_facet_keys",
                "ALTER TABLE interventions_intervention DROP COLUMN IF EXISTS facet_keys",
            ],
        ),
        migrations.RunPython(refresh_facet_keys, migrations.RunPython.noop),
    ]
