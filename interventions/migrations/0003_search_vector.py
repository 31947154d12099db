"""Full-text search: a search vector per entry, and on PostgreSQL its GIN index,
the pg_trgm extension with a trigram index on names for typo tolerance, and the
vectors of existing entries. SQLite only gets the (unused) column."""

import django.contrib.postgres.search
from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # Serves the @@ match of every keyword search.
    "CREATE INDEX IF NOT EXISTS intervention_search_vector "
    "ON interventions_intervention USING gin (search_vector)",
    # Serves the typo-tolerant name match (trigram word similarity).
    "CREATE INDEX IF NOT EXISTS intervention_name_trigram "
    "ON interventions_intervention USING gin (name gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS intervention_name_trigram",
    "DROP INDEX IF EXISTS intervention_search_vector",
]


def run_on_postgresql(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)
        if statements is POSTGRES_FORWARD:
            from interventions.search import refresh_search_vectors

            refresh_search_vectors()

    return operation


class Migration(migrations.Migration):
    dependencies = [("interventions", "0002_reference_data")]

    operations = [
        migrations.AddField(
            model_name="intervention",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(
            run_on_postgresql(POSTGRES_FORWARD), run_on_postgresql(POSTGRES_BACKWARD)
        ),
    ]
