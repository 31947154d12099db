"""Full-text search: a search vector per entry with its GIN index, the pg_trgm extension
with a trigram index on names for typo tolerance, and the vectors of existing entries.
The two indexes are model state from 0006 on."""

import django.contrib.postgres.search
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


def refresh_search_vectors(apps, schema_editor):
    from interventions.search import refresh_search_vectors

    refresh_search_vectors()


class Migration(migrations.Migration):
    dependencies = [("interventions", "0002_reference_data")]

    operations = [
        TrigramExtension(),
        migrations.AddField(
            model_name="intervention",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunSQL(
            [
                "CREATE INDEX IF NOT EXISTS intervention_search_vector "
                "ON interventions_intervention USING gin (search_vector)",
                "CREATE INDEX IF NOT EXISTS intervention_name_trigram "
                "ON interventions_intervention USING gin (name gin_trgm_ops)",
            ],
            [
                "DROP INDEX IF EXISTS intervention_name_trigram",
                "DROP INDEX IF EXISTS intervention_search_vector",
            ],
        ),
        migrations.RunPython(refresh_search_vectors, migrations.RunPython.noop),
    ]
