"""Each broad word's published entries as a string of bits, kept by the database.

A search's facet counts AND the search's matches, as bits, with each facet key's
published entries (interventions.search.published_matches_bits). Built at each request
from a word's kept list (interventions_publishedword), a word that 7,500 entries have
took about 6 ms of the counts' 9. interventions_publishedwordentries holds the string of
every broad word, one that at least interventions_broad_word_entries() published
entries have (1,000): a few hundred words at 100,000 entries, about 13 kB each. A word
is read from here when it has a row, and built from its list when not.

Statement-level triggers on interventions_publishedword keep the strings in the same
transaction: a word that becomes broad gets its string, built from its list; a kept
word's bits are set and cleared one by one for the entries a statement adds and removes,
or, when they are more than half the word's entries (SET_BITS_SHARE), its string is
built afresh; a word that half its
threshold's entries no longer have loses its string (so that one entry more or less
does not build and drop it in turn). The triggers run after those keeping the words'
counts (migration 0025; triggers of one event run in name order), which they read. A
string's length follows the facet keys' strings (interventions_key_entries_room,
migration 0023); a reader pads or cuts it to theirs. Raw SQL: the ORM has no triggers.
"""

from django.db import migrations, models

import interventions.models.summaries

TABLE = "interventions_publishedwordentries"
WORDS = "interventions_publishedword"
COUNTS = "interventions_publishedwordcount"
# Setting a bit copies the whole string (a bit per id of the catalogue); building it
# afresh reads the word's whole list. A statement changing more than one in this many of
# a word's entries builds its string afresh: a bulk publication costs at most a build a
# word, and a curator's save a bit a word.
SET_BITS_SHARE = 2

FUNCTIONS = f"""
-- How many published entries a word needs for its string to be kept.
CREATE FUNCTION interventions_broad_word_entries() RETURNS integer
LANGUAGE sql STABLE AS $$ SELECT 1000 $$;

-- A string of ``size`` bits with the bits of ``ids`` set (migration 0023's function, the
-- same strings built in SQL: a run of zeros and a one for each distinct id in order, a
-- third quicker than setting each character of an array). Searches and the kept words'
-- strings build theirs with it too.
CREATE OR REPLACE FUNCTION interventions_bits_of(ids integer[], size integer)
RETURNS bit varying LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT rpad(COALESCE(string_agg(repeat('0', id - previous - 1) || '1', '' ORDER BY id),
                         ''), size, '0')::bit varying
    FROM (SELECT id, COALESCE(lag(id) OVER (ORDER BY id), -1) AS previous
          FROM (SELECT DISTINCT unnest(ids) AS id) AS distinct_ids) AS ordered
$$;

-- Entries ids[i] gained (1) or lost (0) word changed_words[i]: the kept strings follow.
CREATE FUNCTION interventions_set_word_entries(changed_words text[], ids bigint[], bits integer[])
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    size integer := interventions_key_entries_room(
        COALESCE((SELECT MAX(id) FROM unnest(ids) AS id), 0)::integer);
    one record;
    string bit varying;
    i integer;
BEGIN
    FOR one IN
        SELECT change.word, array_agg(change.id ORDER BY change.id) AS ids,
               array_agg(change.bit ORDER BY change.id) AS bits,
               COALESCE(MAX(counted.entries), 0) AS breadth,
               EXISTS (SELECT 1 FROM {TABLE} WHERE lexeme = change.word) AS kept
        FROM unnest(changed_words, ids, bits) AS change(word, id, bit)
        LEFT JOIN {COUNTS} AS counted ON counted.lexeme = change.word
        GROUP BY change.word ORDER BY change.word
    LOOP
        IF one.kept AND one.breadth * 2 < interventions_broad_word_entries() THEN
            DELETE FROM {TABLE} WHERE lexeme = one.word;
        ELSIF one.kept AND cardinality(one.ids) * {SET_BITS_SHARE} <= one.breadth THEN
            SELECT entries INTO string FROM {TABLE} WHERE lexeme = one.word;
            IF length(string) < size THEN
                string := string || repeat('0', size - length(string))::bit varying;
            END IF;
            FOR i IN 1 .. cardinality(one.ids) LOOP
                string := set_bit(string, one.ids[i]::integer, one.bits[i]);
            END LOOP;
            UPDATE {TABLE} SET entries = string WHERE lexeme = one.word;
        ELSIF one.kept OR one.breadth >= interventions_broad_word_entries() THEN
            INSERT INTO {TABLE} (lexeme, entries)
            VALUES (one.word, interventions_bits_of(ARRAY(
                SELECT intervention_id::integer FROM {WORDS} WHERE lexeme = one.word), size))
            ON CONFLICT (lexeme) DO UPDATE SET entries = EXCLUDED.entries;
        END IF;
    END LOOP;
END
$$;
"""

# Only words with a count of at least half the threshold, or a string, can need work:
# the rest of a statement's words (most of them) are passed over in SQL.
CHANGES = f"""
        SELECT array_agg(lexeme), array_agg(intervention_id), array_agg(bit)
        INTO changed_words, ids, bits
        FROM ({{rows}}) AS changed(lexeme, intervention_id, bit)
        WHERE EXISTS (SELECT 1 FROM {TABLE} AS kept WHERE kept.lexeme = changed.lexeme)
           OR EXISTS (SELECT 1 FROM {COUNTS} AS counted WHERE counted.lexeme = changed.lexeme
                      AND counted.entries >= interventions_broad_word_entries());
"""
GAINED = "SELECT lexeme, intervention_id, 1 FROM changed_new"
LOST = "SELECT lexeme, intervention_id, 0 FROM changed_old"

# A transition table exists only for the events that have it, and PL/pgSQL plans each
# statement when first run: each branch reads only the tables its event has.
KEEP_FUNCTION = f"""
CREATE FUNCTION interventions_keep_published_word_entries() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    changed_words text[];
    ids bigint[];
    bits integer[];
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('kept counts'));
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM {TABLE};
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        {CHANGES.format(rows=GAINED)}
    ELSIF TG_OP = 'UPDATE' THEN
        {CHANGES.format(rows=f"({LOST} EXCEPT ALL SELECT lexeme, intervention_id, 0 FROM changed_new) UNION ALL ({GAINED} EXCEPT ALL SELECT lexeme, intervention_id, 1 FROM changed_old)")}
    ELSE
        {CHANGES.format(rows=LOST)}
    END IF;
    IF cardinality(changed_words) > 0 THEN
        PERFORM interventions_set_word_entries(changed_words, ids, bits);
    END IF;
    RETURN NULL;
END
$$;
"""

TRIGGERS = f"""
CREATE TRIGGER published_word_entries_insert AFTER INSERT ON {WORDS}
    REFERENCING NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION interventions_keep_published_word_entries();
CREATE TRIGGER published_word_entries_update AFTER UPDATE ON {WORDS}
    REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION interventions_keep_published_word_entries();
CREATE TRIGGER published_word_entries_delete AFTER DELETE ON {WORDS}
    REFERENCING OLD TABLE AS changed_old
    FOR EACH STATEMENT EXECUTE FUNCTION interventions_keep_published_word_entries();
CREATE TRIGGER published_word_entries_truncate AFTER TRUNCATE ON {WORDS}
    FOR EACH STATEMENT EXECUTE FUNCTION interventions_keep_published_word_entries();
"""

DROP = f"""
DROP TRIGGER IF EXISTS published_word_entries_insert ON {WORDS};
DROP TRIGGER IF EXISTS published_word_entries_update ON {WORDS};
DROP TRIGGER IF EXISTS published_word_entries_delete ON {WORDS};
DROP TRIGGER IF EXISTS published_word_entries_truncate ON {WORDS};
DROP FUNCTION IF EXISTS interventions_keep_published_word_entries();
DROP FUNCTION IF EXISTS interventions_set_word_entries(text[], bigint[], integer[]);
DROP FUNCTION IF EXISTS interventions_broad_word_entries();
"""

# The broad words as they stand, once; from then on the triggers keep them.
FIRST_FILL = f"""
INSERT INTO {TABLE} (lexeme, entries)
SELECT counted.lexeme, interventions_bits_of(
    ARRAY(SELECT intervention_id::integer FROM {WORDS} AS kept WHERE kept.lexeme = counted.lexeme),
    interventions_key_entries_room(COALESCE((SELECT MAX(intervention_id) FROM {WORDS}), 0)::integer))
FROM {COUNTS} AS counted WHERE counted.entries >= interventions_broad_word_entries()
ORDER BY counted.lexeme;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("interventions", "0025_published_word_counts"),
    ]

    operations = [
        migrations.CreateModel(
            name="PublishedWordEntries",
            fields=[
                ("lexeme", models.TextField(primary_key=True, serialize=False)),
                ("entries", interventions.models.summaries.BitsField()),
            ],
        ),
        # Undone, interventions_bits_of keeps its SQL body: the same strings, and migration
        # 0023 drops it when undone in turn.
        migrations.RunSQL(sql=FUNCTIONS + KEEP_FUNCTION + TRIGGERS + FIRST_FILL, reverse_sql=DROP),
    ]
