"""Published figures counted by their entry's region too, kept as the other keys are.

A region's page says how many published figures its entries report, and counted them
by reading every figure of the region's entries (about 40 ms for London's 8,000 entries
at 100,000). The figures' keys (migration 0005) now also carry their entry's
``region:`` facet keys, so the page reads one kept count. The triggers call the same
function; the counts are recounted once with the new keys.
"""

from django.db import migrations

KEPT_FACETS = "('theme', 'force', 'evidence_stage', 'verdict'{})"


def figure_keys(facets):
    return f"""
CREATE OR REPLACE FUNCTION evaluations_figure_keys(
    measure_kind text, scope text, direction text, source_id bigint, facet_keys text[]
) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT ARRAY[
        '',
        'kind:' || measure_kind,
        'scope:' || scope,
        'direction:' || COALESCE(NULLIF(direction, ''), 'none'),
        'figure_source:' || source_id
    ] || ARRAY(
        SELECT entry_key FROM unnest(facet_keys) AS entry_key
        WHERE split_part(entry_key, ':', 1) IN {facets}
    )
$$;
"""


RECOUNT = """
SELECT pg_advisory_xact_lock(hashtext('kept counts'));
DELETE FROM evaluations_publishedfigurecount;
INSERT INTO evaluations_publishedfigurecount (key, figures)
SELECT key, COUNT(*) FROM (
    SELECT unnest(evaluations_figure_keys(figure.measure_kind, figure.scope,
        figure.direction, figure.source_id, entry.facet_keys)) AS key
    FROM evaluations_outcomemetric AS figure
    JOIN interventions_intervention AS entry ON entry.id = figure.intervention_id
    WHERE entry.publication_state = 'published'
) AS keys GROUP BY key ORDER BY key;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0005_outcome_sort_keys_and_published_figure_counts"),
    ]

    operations = [
        migrations.RunSQL(
            figure_keys(KEPT_FACETS.format(", 'region'")) + RECOUNT,
            figure_keys(KEPT_FACETS.format("")) + RECOUNT,
        ),
    ]
