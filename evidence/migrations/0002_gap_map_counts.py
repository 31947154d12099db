"""The evidence gap map's counts, kept by the triggers of migration 0003."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="GapMapCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("scope", models.TextField()),
                ("theme_id", models.IntegerField(null=True)),
                ("measure_column", models.TextField()),
                ("evidence_stage", models.TextField()),
                ("verdict", models.TextField()),
                ("entries", models.IntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("scope", "theme_id", "measure_column", "evidence_stage", "verdict"),
                        name="gap_map_count_place",
                        nulls_distinct=False,
                    )
                ],
            },
        ),
    ]
