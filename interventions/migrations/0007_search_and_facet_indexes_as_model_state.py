"""The facet keys column and the three GIN indexes as model fields and indexes.

0003 and 0005 created them in SQL, with exactly the definitions below, so this changes
Django's view of the model only; the database already matches it."""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("interventions", "0006_catalogue_version")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="intervention",
                    name="facet_keys",
                    field=django.contrib.postgres.fields.ArrayField(
                        base_field=models.TextField(),
                        blank=True,
                        editable=False,
                        null=True,
                        size=None,
                    ),
                ),
                migrations.AddIndex(
                    model_name="intervention",
                    index=django.contrib.postgres.indexes.GinIndex(
                        fields=["search_vector"], name="intervention_search_vector"
                    ),
                ),
                migrations.AddIndex(
                    model_name="intervention",
                    index=django.contrib.postgres.indexes.GinIndex(
                        fields=["name"],
                        name="intervention_name_trigram",
                        opclasses=["gin_trgm_ops"],
                    ),
                ),
                migrations.AddIndex(
                    model_name="intervention",
                    index=django.contrib.postgres.indexes.GinIndex(
                        fields=["facet_keys"], name="intervention_facet_keys"
                    ),
                ),
            ],
        ),
    ]
