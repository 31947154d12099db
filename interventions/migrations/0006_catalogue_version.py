"""The catalogue's version number in the database, so every app server notices a change
even when the shared cache could not be told about it (interventions.catalogue_cache)."""

from django.db import migrations, models


def create_the_row(apps, schema_editor):
    apps.get_model("interventions", "CatalogueVersion").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [
        ("interventions", "0005_facet_keys"),
    ]

    operations = [
        migrations.CreateModel(
            name="CatalogueVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveBigIntegerField(default=1)),
            ],
            options={
                "ordering": ["pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("pk", 1)), name="catalogue_version_single_row"
                    )
                ],
            },
        ),
        migrations.RunPython(create_the_row, migrations.RunPython.noop),
    ]
