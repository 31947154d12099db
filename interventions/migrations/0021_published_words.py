"""The published catalogue's words, each entry's rank for each, kept by the database.

A search of one word ranked every match by reading its search vector (7,500 rows for a
broad word on a 100,000-entry catalogue) before it could show the first 20, and asking
whether the published catalogue has a word at all made the full-text index build a
bitmap of every entry with it. ``interventions_publishedword`` holds one row per word
(lexeme) of each published entry: minus the entry's ``ts_rank`` for that word alone, its
name and id. Its primary key lists a word's entries in the order a search of the word
shows them, so the first page is read from the index, and a word's presence is one
lookup.

Statement-level triggers on the entries table keep it, in the same transaction: an
entry's rows are added when it is published with a vector, removed when it is
unpublished or deleted, and when its vector or name changes only the rows that differ
are removed and added (a curator's edit of a description touches a few words). A
statement that changes neither an entry's vector, name nor state writes nothing. Writers
of kept tables take turns by one advisory lock (see evaluations 0005).
"""

from django.db import migrations, models

import interventions.models.summaries

# An entry's rows: each lexeme of its vector with minus ts_rank for the lexeme alone,
# the rank a search of the word computes (plainto_tsquery gives the same one-lexeme
# query). A lexeme is quoted for tsquery's input: quotes doubled, backslashes escaped.
WORDS_FUNCTION = r"""
CREATE FUNCTION interventions_entry_words(vector tsvector, entry_name text, entry_id bigint)
RETURNS TABLE (lexeme text, rank_key real, name text, intervention_id bigint)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT word,
           -ts_rank(vector, ('''' || replace(replace(word, '\', '\\'), '''', '''''')
                             || '''')::tsquery),
           entry_name, entry_id
    FROM unnest(tsvector_to_array(vector)) AS word
$$;
"""

KEY = "lexeme, rank_key, name, intervention_id"


def rows_of(table, condition="publication_state = 'published'"):
    return f"""
        SELECT words.* FROM {table} AS entry,
            interventions_entry_words(entry.search_vector, entry.name, entry.id) AS words
        WHERE entry.{condition} AND entry.search_vector IS NOT NULL
    """


def insert(rows):
    return f"""
        INSERT INTO interventions_publishedword ({KEY})
        {rows} ORDER BY {KEY};
    """


def delete(rows):
    return f"""
        DELETE FROM interventions_publishedword AS kept USING ({rows}) AS gone
        WHERE (kept.lexeme, kept.rank_key, kept.name, kept.intervention_id)
            = (gone.lexeme, gone.rank_key, gone.name, gone.intervention_id);
    """


# The entries an update changed in what the rows show: vector, name or state.
MOVED = """
    SELECT {side}.* FROM changed_old AS before JOIN changed_new AS after USING (id)
    WHERE (before.search_vector, before.name, before.publication_state)
        IS DISTINCT FROM (after.search_vector, after.name, after.publication_state)
"""
BEFORE = rows_of(f"({MOVED.format(side='before')})")
AFTER = rows_of(f"({MOVED.format(side='after')})")

# A transition table exists only for the events that have it, and PL/pgSQL plans each
# statement when first run: each branch reads only the tables its event has.
KEEP_FUNCTION = f"""
CREATE FUNCTION interventions_keep_published_words() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('kept counts'));
    IF TG_OP = 'INSERT' THEN
        {insert(rows_of("changed_new"))}
    ELSIF TG_OP = 'UPDATE' THEN
        {delete(BEFORE + " EXCEPT " + AFTER)}
        {insert(AFTER + " EXCEPT " + BEFORE)}
    ELSIF TG_OP = 'DELETE' THEN
        {delete(rows_of("changed_old"))}
    ELSE
        DELETE FROM interventions_publishedword;
    END IF;
    RETURN NULL;
END
$$;
"""

TRIGGERS = """
CREATE TRIGGER published_words_insert AFTER INSERT ON interventions_intervention
    REFERENCING NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION interventions_keep_published_words();
CREATE TRIGGER published_words_update AFTER UPDATE ON interventions_intervention
    REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION interventions_keep_published_words();
CREATE TRIGGER published_words_delete AFTER DELETE ON interventions_intervention
    REFERENCING OLD TABLE AS changed_old
    FOR EACH STATEMENT EXECUTE FUNCTION interventions_keep_published_words();
CREATE TRIGGER published_words_truncate AFTER TRUNCATE ON interventions_intervention
    FOR EACH STATEMENT EXECUTE FUNCTION interventions_keep_published_words();
"""

DROP = """
DROP TRIGGER IF EXISTS published_words_insert ON interventions_intervention;
DROP TRIGGER IF EXISTS published_words_update ON interventions_intervention;
DROP TRIGGER IF EXISTS published_words_delete ON interventions_intervention;
DROP TRIGGER IF EXISTS published_words_truncate ON interventions_intervention;
DROP FUNCTION IF EXISTS interventions_keep_published_words();
DROP FUNCTION IF EXISTS interventions_entry_words(tsvector, text, bigint);
"""

# The catalogue's words as it stands, once, in key order; from then on the triggers
# keep them.
FIRST_FILL = insert(rows_of("interventions_intervention"))


class Migration(migrations.Migration):
    dependencies = [
        ("interventions", "0020_whole_rows_in_table"),
    ]

    operations = [
        migrations.CreateModel(
            name="PublishedWord",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "lexeme",
                        "rank_key",
                        "name",
                        "intervention",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("rank_key", interventions.models.summaries.RealField()),
                ("lexeme", models.TextField()),
                ("name", models.CharField(max_length=200)),
                (
                    "intervention",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=models.deletion.DO_NOTHING,
                        related_name="published_words",
                        to="interventions.intervention",
                    ),
                ),
            ],
        ),
        migrations.RunSQL(
            sql=WORDS_FUNCTION + KEEP_FUNCTION + TRIGGERS + FIRST_FILL,
            reverse_sql=DROP,
        ),
    ]
