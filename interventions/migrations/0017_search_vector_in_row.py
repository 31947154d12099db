"""Keep each entry's search vector in its table row (compressed) rather than apart from it.

Ranking a search reads the vector of every match. Stored apart (PostgreSQL's default for
a value of its size, about 1.6 kB), each match cost a lookup in a second table, and a
broad search's ranking grew to hundreds of milliseconds; in the row it costs almost
nothing beyond finding the match. The longer description moves out of the row instead,
and is read only for the entries shown. Existing vectors are rewritten so they move in.
"""

from django.db import migrations

TABLE = "interventions_intervention"


class Migration(migrations.Migration):
    dependencies = [
        ("interventions", "0016_uncatalogued_mentions"),
    ]

    operations = [
        migrations.RunSQL(
            sql=[
                f"ALTER TABLE {TABLE} ALTER COLUMN search_vector SET STORAGE MAIN",
                # A changed value is stored afresh, under the new storage.
                f"UPDATE {TABLE} SET search_vector = search_vector || ''::tsvector "
                "WHERE search_vector IS NOT NULL",
            ],
            reverse_sql=[f"ALTER TABLE {TABLE} ALTER COLUMN search_vector SET STORAGE EXTENDED"],
        ),
    ]
