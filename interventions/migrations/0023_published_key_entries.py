"""Each facet key's published entries as a string of bits, kept by triggers.

A list filtered by facets alone counts every facet's options over the entries its other
filters leave (interventions.facets). Counted from PublishedFacetKeys, that meant reading
a row per matching entry, thousands for three filters. interventions_publishedkeyentries
holds, for every facet key, a string with bit n set when published entry n has the key:
the database ORs each filter's keys' strings, ANDs the filters together and counts the
bits each option's string shares with the result, a hundred strings whatever the number
of entries matched.

Written by statement-level triggers on interventions_publishedfacetkeys (whose rows are
the published entries' keys, kept in turn by migration 0022's triggers), so the bits
change in the same transaction as the entries. Every row's string has the same length
(a multiple of ROOM bits, past the highest id): AND and OR need strings of one length.
A statement changing many entries rebuilds every string at once rather than bit by bit.
Raw SQL because the ORM has no triggers or SQL functions.
"""

from django.db import migrations, models

import interventions.models.summaries

TABLE = "interventions_publishedkeyentries"
KEYS = "interventions_publishedfacetkeys"
# Strings grow by this many bits (1 kB) at a time, all together.
ROOM = 8192
# A statement changing more keys of entries than this rebuilds every string.
REBUILD_ABOVE = 20000

FUNCTIONS = f"""
-- A string of ``size`` bits with the bits of ``ids`` set.
CREATE FUNCTION interventions_bits_of(ids integer[], size integer) RETURNS bit varying
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    chars text[] := array_fill('0'::text, ARRAY[size]);
    id integer;
BEGIN
    FOREACH id IN ARRAY ids LOOP
        chars[id + 1] := '1';
    END LOOP;
    RETURN array_to_string(chars, '')::bit varying;
END
$$;

-- Every string long enough for entry ``highest``: the strings' length, grown if need be.
CREATE FUNCTION interventions_key_entries_room(highest integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    current integer := (SELECT length(entries) FROM {TABLE} LIMIT 1);
    wanted integer := (highest / {ROOM} + 1) * {ROOM};
BEGIN
    IF current IS NULL THEN
        RETURN wanted;
    END IF;
    IF wanted > current THEN
        UPDATE {TABLE} SET entries = entries || repeat('0', wanted - current)::bit varying;
        RETURN wanted;
    END IF;
    RETURN current;
END
$$;

-- Every string computed afresh from the published entries' keys.
CREATE FUNCTION interventions_rebuild_key_entries() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    size integer := ((SELECT COALESCE(MAX(id), 0) FROM {KEYS}) / {ROOM} + 1) * {ROOM};
BEGIN
    DELETE FROM {TABLE};
    INSERT INTO {TABLE} (key, entries)
    SELECT key, interventions_bits_of(array_agg(id), size)
    FROM (SELECT id, unnest(facet_keys) AS key FROM {KEYS}) AS keys
    GROUP BY key ORDER BY key;
END
$$;

-- Bits set (1) or cleared (0): entry ids[i] gains (1) or loses (0) key changed_keys[i].
CREATE FUNCTION interventions_set_key_entries(changed_keys text[], ids integer[], bits integer[])
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    size integer := interventions_key_entries_room(
        COALESCE((SELECT MAX(id) FROM unnest(ids) AS id), 0));
    one record;
    string bit varying;
    i integer;
BEGIN
    FOR one IN
        SELECT key, array_agg(id ORDER BY id) AS ids, array_agg(bit ORDER BY id) AS bits
        FROM unnest(changed_keys, ids, bits) AS change(key, id, bit)
        GROUP BY key ORDER BY key
    LOOP
        SELECT entries INTO string FROM {TABLE} WHERE key = one.key;
        IF NOT FOUND THEN
            string := repeat('0', size)::bit varying;
        END IF;
        FOR i IN 1 .. cardinality(one.ids) LOOP
            string := set_bit(string, one.ids[i], one.bits[i]);
        END LOOP;
        INSERT INTO {TABLE} (key, entries) VALUES (one.key, string)
        ON CONFLICT (key) DO UPDATE SET entries = EXCLUDED.entries;
    END LOOP;
END
$$;
"""

# Each event's changes as (key, id, bit): keys gained set their entry's bit, keys lost
# clear it. A transition table exists only for the events that have it, and PL/pgSQL
# plans each statement when first run: each branch reads only the tables its event has.
KEEP_FUNCTION = f"""
CREATE FUNCTION interventions_keep_published_key_entries() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    changed_keys text[];
    ids integer[];
    bits integer[];
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('kept counts'));
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM {TABLE};
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(key), array_agg(id), array_agg(1) INTO changed_keys, ids, bits
        FROM (SELECT id, unnest(facet_keys) AS key FROM changed_new) AS gained;
    ELSIF TG_OP = 'UPDATE' THEN
        SELECT array_agg(key), array_agg(id), array_agg(bit) INTO changed_keys, ids, bits
        FROM (
            (SELECT id, unnest(facet_keys) AS key, 1 AS bit FROM changed_new
             EXCEPT ALL SELECT id, unnest(facet_keys), 1 FROM changed_old)
            UNION ALL
            (SELECT id, unnest(facet_keys), 0 FROM changed_old
             EXCEPT ALL SELECT id, unnest(facet_keys), 0 FROM changed_new)
        ) AS moved;
    ELSE
        SELECT array_agg(key), array_agg(id), array_agg(0) INTO changed_keys, ids, bits
        FROM (SELECT id, unnest(facet_keys) AS key FROM changed_old) AS lost;
    END IF;
    IF cardinality(changed_keys) > {REBUILD_ABOVE} THEN
        PERFORM interventions_rebuild_key_entries();
    ELSIF cardinality(changed_keys) > 0 THEN
        PERFORM interventions_set_key_entries(changed_keys, ids, bits);
    END IF;
    RETURN NULL;
END
$$;
"""

TRIGGERS = f"""
CREATE TRIGGER published_key_entries_insert AFTER INSERT ON {KEYS}
    REFERENCING NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION interventions_keep_published_key_entries();
CREATE TRIGGER published_key_entries_update AFTER UPDATE ON {KEYS}
    REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION interventions_keep_published_key_entries();
CREATE TRIGGER published_key_entries_delete AFTER DELETE ON {KEYS}
    REFERENCING OLD TABLE AS changed_old
    FOR EACH STATEMENT EXECUTE FUNCTION interventions_keep_published_key_entries();
CREATE TRIGGER published_key_entries_truncate AFTER TRUNCATE ON {KEYS}
    FOR EACH STATEMENT EXECUTE FUNCTION interventions_keep_published_key_entries();
"""

# The published entries' keys as they stand, once; from then on the triggers keep them.
FIRST_FILL = f"SELECT interventions_rebuild_key_entries(); ANALYZE {TABLE};"

DROP = f"""
DROP TRIGGER IF EXISTS published_key_entries_insert ON {KEYS};
DROP TRIGGER IF EXISTS published_key_entries_update ON {KEYS};
DROP TRIGGER IF EXISTS published_key_entries_delete ON {KEYS};
DROP TRIGGER IF EXISTS published_key_entries_truncate ON {KEYS};
DROP FUNCTION IF EXISTS interventions_keep_published_key_entries();
DROP FUNCTION IF EXISTS interventions_set_key_entries(text[], integer[], integer[]);
DROP FUNCTION IF EXISTS interventions_rebuild_key_entries();
DROP FUNCTION IF EXISTS interventions_key_entries_room(integer);
DROP FUNCTION IF EXISTS interventions_bits_of(integer[], integer);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("interventions", "0022_published_facet_keys"),
    ]

    operations = [
        migrations.CreateModel(
            name="PublishedKeyEntries",
            fields=[
                ("key", models.TextField(primary_key=True, serialize=False)),
                ("entries", interventions.models.summaries.BitsField()),
            ],
            options={
                "ordering": ["key"],
            },
        ),
        migrations.RunSQL(sql=FUNCTIONS + KEEP_FUNCTION + TRIGGERS + FIRST_FILL, reverse_sql=DROP),
    ]
