"""Facet keys (interventions.facet_index): on PostgreSQL a text[] column of every
filterable value of an entry, with a GIN index, filled for existing entries.
Nothing on SQLite, where filters and counts read the link tables."""

from django.db import migrations

POSTGRES_FORWARD = [
    "ALTER TABLE interventions_intervention ADD COLUMN IF NOT EXISTS facet_keys text[]",
    # Serves every filter of the public list and the facet counts over its results.
    "CREATE INDEX IF NOT EXISTS intervention_facet_keys "
    "ON interventions_intervention USING gin (facet_keys)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS intervention_facet_keys",
    "ALTER TABLE interventions_intervention DROP COLUMN IF EXISTS facet_keys",
]


def run_on_postgresql(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)
        if statements is POSTGRES_FORWARD:
            from interventions.facet_index import refresh_facet_keys

            refresh_facet_keys()

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("interventions", "0004_publish_permission_and_inline_history"),
        ("evaluations", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(
            run_on_postgresql(POSTGRES_FORWARD), run_on_postgresql(POSTGRES_BACKWARD)
        ),
    ]
