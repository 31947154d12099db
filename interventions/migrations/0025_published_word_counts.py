"""How many published entries have each word, kept by the database.

A search of several words is counted and ranked either from the kept words
(interventions_publishedword: a list per word, as long as the word is broad) or from
the matching entries' rows (as many as the results). Which costs less depends on how
broad each word is; interventions_publishedwordcount holds that number for every word,
read with the search's words in the query that reads the search.

Statement-level triggers on interventions_publishedword keep it in the same transaction:
its rows are only added and removed (by the triggers of migration 0021), and each
statement's rows are counted by word and added or taken away. A word no published entry
has any longer loses its row. Writers of kept tables take turns by one advisory lock.
Raw SQL because the ORM has no triggers.
"""

from django.db import migrations, models

TABLE = "interventions_publishedwordcount"
WORDS = "interventions_publishedword"

ADD = f"""
        INSERT INTO {TABLE} (lexeme, entries)
        SELECT lexeme, COUNT(*) FROM gained GROUP BY lexeme ORDER BY lexeme
        ON CONFLICT (lexeme) DO UPDATE SET entries = {TABLE}.entries + EXCLUDED.entries;
"""
TAKE = f"""
        UPDATE {TABLE} AS kept SET entries = kept.entries - lost.entries
        FROM (SELECT lexeme, COUNT(*) AS entries FROM lost GROUP BY lexeme) AS lost
        WHERE kept.lexeme = lost.lexeme;
        DELETE FROM {TABLE} WHERE entries = 0 AND lexeme IN (SELECT lexeme FROM lost);
"""

# A transition table exists only for the events that have it, and PL/pgSQL plans each
# statement when first run: each branch reads only the tables its event has.
KEEP_FUNCTION = f"""
CREATE FUNCTION interventions_keep_published_word_counts() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('kept counts'));
    IF TG_OP = 'INSERT' THEN
        {ADD.replace("gained", "changed_new")}
    ELSIF TG_OP = 'UPDATE' THEN
        {TAKE.replace("lost", "changed_old")}
        {ADD.replace("gained", "changed_new")}
    ELSIF TG_OP = 'DELETE' THEN
        {TAKE.replace("lost", "changed_old")}
    ELSE
        DELETE FROM {TABLE};
    END IF;
    RETURN NULL;
END
$$;
"""

TRIGGERS = f"""
CREATE TRIGGER published_word_counts_insert AFTER INSERT ON {WORDS}
    REFERENCING NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION interventions_keep_published_word_counts();
CREATE TRIGGER published_word_counts_update AFTER UPDATE ON {WORDS}
    REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION interventions_keep_published_word_counts();
CREATE TRIGGER published_word_counts_delete AFTER DELETE ON {WORDS}
    REFERENCING OLD TABLE AS changed_old
    FOR EACH STATEMENT EXECUTE FUNCTION interventions_keep_published_word_counts();
CREATE TRIGGER published_word_counts_truncate AFTER TRUNCATE ON {WORDS}
    FOR EACH STATEMENT EXECUTE FUNCTION interventions_keep_published_word_counts();
"""

DROP = f"""
DROP TRIGGER IF EXISTS published_word_counts_insert ON {WORDS};
DROP TRIGGER IF EXISTS published_word_counts_update ON {WORDS};
DROP TRIGGER IF EXISTS published_word_counts_delete ON {WORDS};
DROP TRIGGER IF EXISTS published_word_counts_truncate ON {WORDS};
DROP FUNCTION IF EXISTS interventions_keep_published_word_counts();
"""

# The words as they stand, counted once; from then on the triggers keep the counts.
FIRST_FILL = f"""
INSERT INTO {TABLE} (lexeme, entries)
SELECT lexeme, COUNT(*) FROM {WORDS} GROUP BY lexeme ORDER BY lexeme;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("interventions", "0024_list_orders_with_their_ties"),
    ]

    operations = [
        migrations.CreateModel(
            name="PublishedWordCount",
            fields=[
                ("lexeme", models.TextField(primary_key=True, serialize=False)),
                ("entries", models.PositiveIntegerField()),
            ],
        ),
        migrations.RunSQL(sql=KEEP_FUNCTION + TRIGGERS + FIRST_FILL, reverse_sql=DROP),
    ]
