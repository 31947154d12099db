from django.db import migrations

# The evidence gap map's counts (evidence.GapMapCount), kept like
# interventions.PublishedKeyCount (interventions migration 0014): each statement that
# writes entries adds the places of the published rows it leaves and subtracts those of
# the published rows it replaced, as one grouped upsert in key order. Everything is read
# from the entries' facet keys, which already follow their themes, forces, figures'
# kinds and verdicts. Raw SQL because the ORM has no triggers or SQL functions.

# Where one entry counts on the map, from its facet keys: once in each cell of its themes
# and of the kinds of its figures (or "none" without any), once in each of its themes'
# row totals (measure_column ''), and once among the entries with any theme (no theme).
# Stage and verdict come with each. An inlined SQL function: the map's live count of a
# selection (GapMapCount.places_counted) uses the same one.
PLACES_FUNCTION = """
CREATE FUNCTION evidence_gap_map_places(keys text[])
RETURNS TABLE(theme_id integer, measure_column text, evidence_stage text, verdict text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    WITH entry AS (
        SELECT
            array_agg(substr(k, 7)::integer) FILTER (WHERE starts_with(k, 'theme:'))
                AS themes,
            COALESCE(
                array_agg(substr(k, 6)) FILTER (WHERE starts_with(k, 'kind:')), ARRAY['none']
            ) AS columns,
            min(substr(k, 16)) FILTER (WHERE starts_with(k, 'evidence_stage:')) AS stage,
            min(substr(k, 9)) FILTER (WHERE starts_with(k, 'verdict:')) AS verdict
        FROM unnest(keys) AS k
    )
    SELECT theme, measure_column, stage, verdict
        FROM entry, unnest(themes) AS theme, unnest(columns) AS measure_column
    UNION ALL
    SELECT theme, '', stage, '' FROM entry, unnest(themes) AS theme
    UNION ALL
    SELECT NULL, '', stage, '' FROM entry WHERE themes IS NOT NULL
$$;
"""

# The scopes an entry is counted in: the whole catalogue ('') and its regions and forces.
SCOPES_FUNCTION = """
CREATE FUNCTION evidence_gap_map_scopes(keys text[]) RETURNS SETOF text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ''
    UNION ALL
    SELECT k FROM unnest(keys) AS k WHERE starts_with(k, 'region:') OR starts_with(k, 'force:')
$$;
"""

ADDED = "SELECT facet_keys, 1 AS change FROM changed_new WHERE publication_state = 'published'"
REMOVED = "SELECT facet_keys, -1 AS change FROM changed_old WHERE publication_state = 'published'"
# Most updates (a summary edited, the search vector refreshed) leave the keys and the
# publication alone: only the rows where either moved are counted again. (Aliased prior
# and latest: old and new are PL/pgSQL's own names.)
MOVED = """
    WITH moved AS (
        SELECT prior.facet_keys AS old_keys, prior.publication_state AS old_state,
            latest.facet_keys AS new_keys, latest.publication_state AS new_state
        FROM changed_old AS prior JOIN changed_new AS latest ON latest.id = prior.id
        WHERE (prior.facet_keys, prior.publication_state)
            IS DISTINCT FROM (latest.facet_keys, latest.publication_state)
    )
    SELECT new_keys, 1 FROM moved WHERE new_state = 'published'
    UNION ALL
    SELECT old_keys, -1 FROM moved WHERE old_state = 'published'
"""
PLACE = "scope, theme_id, measure_column, evidence_stage, verdict"


def upsert(changes):
    return f"""
        INSERT INTO evidence_gapmapcount AS counted ({PLACE}, entries)
        SELECT scope, place.*, SUM(change)
        FROM ({changes}) AS changed(facet_keys, change),
            evidence_gap_map_scopes(changed.facet_keys) AS scope,
            evidence_gap_map_places(changed.facet_keys) AS place
        GROUP BY 1, 2, 3, 4, 5 HAVING SUM(change) <> 0 ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT ({PLACE}) DO UPDATE SET entries = counted.entries + EXCLUDED.entries;
    """


# A transition table exists only for the events that have it, and PL/pgSQL plans each
# statement when first run: each branch reads only the tables its event has. Writers of
# kept counts take turns, by one advisory lock (see evaluations 0005), so that two saves
# locking these counters and the figures' in opposite orders never deadlock.
COUNT_FUNCTION = f"""
CREATE FUNCTION evidence_count_gap_map() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('kept counts'));
    IF TG_OP = 'INSERT' THEN
        {upsert(ADDED)}
    ELSIF TG_OP = 'UPDATE' THEN
        {upsert(MOVED)}
    ELSIF TG_OP = 'DELETE' THEN
        {upsert(REMOVED)}
    ELSE
        DELETE FROM evidence_gapmapcount;
    END IF;
    RETURN NULL;
END
$$;
"""

TRIGGERS = """
CREATE TRIGGER gap_map_counts_insert AFTER INSERT ON interventions_intervention
    REFERENCING NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION evidence_count_gap_map();
CREATE TRIGGER gap_map_counts_update AFTER UPDATE ON interventions_intervention
    REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION evidence_count_gap_map();
CREATE TRIGGER gap_map_counts_delete AFTER DELETE ON interventions_intervention
    REFERENCING OLD TABLE AS changed_old
    FOR EACH STATEMENT EXECUTE FUNCTION evidence_count_gap_map();
CREATE TRIGGER gap_map_counts_truncate AFTER TRUNCATE ON interventions_intervention
    FOR EACH STATEMENT EXECUTE FUNCTION evidence_count_gap_map();
"""

DROP = """
DROP TRIGGER IF EXISTS gap_map_counts_insert ON interventions_intervention;
DROP TRIGGER IF EXISTS gap_map_counts_update ON interventions_intervention;
DROP TRIGGER IF EXISTS gap_map_counts_delete ON interventions_intervention;
DROP TRIGGER IF EXISTS gap_map_counts_truncate ON interventions_intervention;
DROP FUNCTION IF EXISTS evidence_count_gap_map();
DROP FUNCTION IF EXISTS evidence_gap_map_scopes(text[]);
DROP FUNCTION IF EXISTS evidence_gap_map_places(text[]);
DELETE FROM evidence_gapmapcount;
"""

# The counts of the catalogue as it stands, once; from then on the triggers keep them.
FIRST_COUNT = upsert(ADDED.replace("changed_new", "interventions_intervention"))


class Migration(migrations.Migration):
    dependencies = [
        # Its unique constraint, which the upserts name, exists once that migration ends.
        ("evidence", "0002_gap_map_counts"),
        # The facet keys with the kinds of the entries' figures.
        ("interventions", "0019_facet_keys_with_kinds_of_outcome"),
    ]

    operations = [
        migrations.RunSQL(
            sql=PLACES_FUNCTION + SCOPES_FUNCTION + COUNT_FUNCTION + TRIGGERS + FIRST_COUNT,
            reverse_sql=DROP,
        ),
    ]
