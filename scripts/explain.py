#!/usr/bin/env python
"""Show PostgreSQL's query plans (EXPLAIN ANALYZE) for the list's heaviest queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vvcp_bench .venv/bin/python scripts/explain.py

For each scenario (three filters; a keyword search) it prints the plan of the
facet-count query (exactly as the list page runs it, over the GIN-indexed facet
keys; a list filtered by facets alone ANDs and ORs each key's published entries kept as
bits, PublishedKeyEntries, shown beside the narrow rows' query it replaced),
of the results' ids and of the first page of results, so missing indexes and slow
joins show up before they reach readers.

Then, for each query the pages once ran and no longer do, the plan of the query
before and of the one that replaced it, with both execution times side by side:
the whole catalogue's counts (now kept by triggers), the API list's count, the
outcomes explorer's total, offered options (both now read from PublishedFigureCount) and
first page in each sort (now read in order from an index of published figures), and the
evidence gap map's grid (kept by triggers too).
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vvcp.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402

from interventions.facets import FACETS, facet_keys_query, published_facets_query  # noqa: E402
from interventions.filters import InterventionFilterSet  # noqa: E402
from interventions.models import Intervention  # noqa: E402

SCENARIOS = {
    "three filters": "theme=knife-crime&region=london&evidence_stage=locally-evaluated",
    "keyword search": "q=knife",
    "search with a filter": "q=hospital+navigators&theme=hospital-based-intervention",
}


def explain(label, queryset):
    print(f"\n--- {label}")
    print(queryset.explain(analyze=True, buffers=True))


def explain_sql(label, sql, params):
    print(f"\n--- {label}")
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        print("\n".join(row[0] for row in cursor.fetchall()))


def plan_lines(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        return [row[0] for row in cursor.fetchall()]


def execution_ms(lines):
    return next(
        (float(line.split()[-2]) for line in lines if line.startswith("Execution Time")),
        float("nan"),
    )


def counted(queryset):
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    return f"SELECT COUNT(*) FROM ({sql}) AS entries", params


def gap_map_counted_by_joins(entries):
    """The evidence gap map's grid as it was counted before the database kept it: every
    published entry joined with its themes and the kinds of its figures, then grouped."""
    from evaluations.models import MeasureKind, OutcomeMetric

    entries_sql, entries_params = (
        entries.with_verdict()
        .order_by()
        .values_list("pk", "evidence_stage", "verdict")
        .query.sql_with_params()
    )
    themes = Intervention.themes.through._meta.db_table
    metrics = OutcomeMetric._meta.db_table
    sql = f"""
        WITH entry(id, stage, verdict) AS MATERIALIZED ({entries_sql}),
        filed AS MATERIALIZED (
            SELECT link.theme_id, entry.* FROM entry
            JOIN {themes} AS link ON link.intervention_id = entry.id
        ),
        kind AS (
            SELECT DISTINCT intervention_id, measure_kind FROM {metrics}
            WHERE intervention_id IN (SELECT id FROM entry) AND measure_kind = ANY(%s)
        )
        SELECT 'cell', theme_id, COALESCE(kind.measure_kind, 'none'), stage, verdict, COUNT(*)
        FROM filed LEFT JOIN kind ON kind.intervention_id = filed.id
        GROUP BY 2, 3, 4, 5
        UNION ALL
        SELECT 'row', theme_id, '', stage, '', COUNT(*) FROM filed GROUP BY 2, 4
        UNION ALL
        SELECT 'total', NULL, '', '', '', COUNT(DISTINCT id) FROM filed
    """
    return sql, [*entries_params, MeasureKind.values]


def before_and_after():
    """Each replaced query: (what it answers, the query before, the query now)."""
    from evidence.models import GapMapCount
    from interventions.models import PublishedKeyCount

    published = Intervention.objects.published()
    counts_before, counts_params, _ = facet_keys_query(
        dict.fromkeys(FACETS, published), {"": published}
    )
    pairs = [
        (
            "whole catalogue's facet counts (home, unfiltered list, theme and force indexes)",
            (counts_before, counts_params),
            PublishedKeyCount.objects.filter(entries__gt=0).values_list("key", "entries"),
        ),
        (
            "API list's count of the unfiltered catalogue",
            counted(published),
            PublishedKeyCount.objects.filter(key="").values_list("entries"),
        ),
    ]
    pairs.extend(outcomes_explorer_before_and_after())
    pairs.append(
        (
            "evidence gap map's grid, whole catalogue",
            gap_map_counted_by_joins(published),
            GapMapCount.objects.filter(scope="", entries__gt=0),
        )
    )
    pairs.append(
        (
            "evidence gap map's grid, one region (London)",
            gap_map_counted_by_joins(published.in_regions(["london"])),
            GapMapCount.objects.filter(scope="region:london", entries__gt=0),
        )
    )
    return pairs


def outcomes_explorer_before_and_after():
    """The outcomes explorer's queries as it ran them over every figure joined to its
    entry, and as it runs them now over the figures' kept copies and counts."""
    from django.db.models import Exists, OuterRef, Q

    from evaluations.models import KIND_ORDER, OutcomeMetric, PublishedFigureCount
    from evidence.outcomes import SORTS, OutcomeExplorer, entry_verdict
    from interventions.models import Force, PublicationState, SourceDocument, Theme

    published_before = OutcomeMetric.objects.filter(
        intervention__in=Intervention.objects.published()
    )
    kept = PublishedFigureCount.objects.filter(figures__gt=0).values_list("key", "figures")
    pairs = [
        (
            "outcomes explorer's count of every published figure",
            counted(published_before),
            PublishedFigureCount.objects.filter(key="").values_list("figures"),
        ),
        (
            "outcomes explorer's count of published robbery figures",
            counted(published_before.filter(measure_kind="robbery")),
            PublishedFigureCount.objects.filter(key="kind:robbery").values_list("figures"),
        ),
        (
            "outcomes explorer's kinds of measure that published figures have",
            OutcomeMetric.objects.order_by()
            .annotate(
                **{
                    f"has_{value}": Exists(published_before.filter(measure_kind=value))
                    for value in ("robbery", "homicide", "cost")
                }
            )
            .values("has_robbery", "has_homicide", "has_cost")[:1],
            kept,
        ),
    ]
    entry_published = Q(intervention__publication_state=PublicationState.PUBLISHED)
    for name, model in (("theme", Theme), ("force", Force), ("source", SourceDocument)):
        if name == "source":
            figures = OutcomeMetric.objects.filter(entry_published, source=OuterRef("pk"))
        else:
            links = Intervention._meta.get_field(f"{name}s").remote_field.through
            figures = links.objects.filter(
                entry_published,
                Exists(OutcomeMetric.objects.filter(intervention=OuterRef("intervention_id"))),
                **{name: OuterRef("pk")},
            )
        pairs.append(
            (
                f"outcomes explorer's {name}s that published figures have",
                model.objects.filter(Exists(figures)).values_list("slug", flat=True),
                kept,
            )
        )
    old_orderings = {
        "entry": ("intervention__name", "position", "key"),
        "measure": ("measure", "intervention__name", "key"),
        "kind": ("kind_order", "intervention__name", "position", "key"),
        "largest": ("unit", "-value", "intervention__name", "key"),
        "source": ("source__title", "intervention__name", "position", "key"),
    }
    for sort in SORTS:
        before = (
            published_before.annotate(kind_order=KIND_ORDER, **entry_verdict())
            .select_related("intervention", "source", "report")
            .order_by(*old_orderings[sort])
        )
        after = OutcomeExplorer(QueryDict(f"sort={sort}")).metrics()
        pairs.append((f"outcomes explorer's first page, sorted by {sort}", before[:50], after[:50]))
    return pairs


def print_before_and_after():
    summary = []
    for number, (label, before, after) in enumerate(before_and_after(), start=1):
        print(f"\n===== before and after [{number}]: {label}")
        timings = []
        for when, query in (("before", before), ("after", after)):
            sql, params = query if isinstance(query, tuple) else query.query.sql_with_params()
            lines = plan_lines(sql, params)
            print(f"\n--- {when}")
            print("\n".join(lines))
            timings.append(execution_ms(lines))
        summary.append((label, *timings))
    print("\n===== before and after, execution times")
    for label, before_ms, after_ms in summary:
        print(f"  {label:<84} {before_ms:9.1f} ms -> {after_ms:7.2f} ms")


def main():
    total = Intervention.objects.count()
    print(f"{total:,} entries, {Intervention.objects.published().count():,} published")
    for number, (name, query_string) in enumerate(SCENARIOS.items(), start=1):
        print(f"\n===== [{number}/{len(SCENARIOS)}] {name}: ?{query_string}")
        filterset = InterventionFilterSet.forgiving(QueryDict(query_string))
        active = {name for name, _ in filterset.query_pairs() if name != "ordering"} - {"match"}
        if active <= set(FACETS):
            # As the list counts them: filters on facets alone from each key's bits; before,
            # from the narrow kept rows of the entries the filters leave.
            sql, params, _ = facet_keys_query(*filterset.facet_sets())
            explain_sql("facet counts, before: over the narrow rows' facet keys", sql, params)
            sql, params, _ = published_facets_query(*filterset.published_facet_sets(active))
            explain_sql("facet counts and totals (one query over each key's bits)", sql, params)
        else:
            sql, params, _ = facet_keys_query(*filterset.facet_sets())
            explain_sql("facet counts and totals (one query over the facet keys)", sql, params)
        results = filterset.qs
        explain("the results' ids", results.order_by().values("pk"))
        explain("first page of results", results[:20])
    explain_outcomes_first_page()
    print_before_and_after()


def explain_outcomes_first_page():
    """The outcomes explorer's first page in its default order (by entry name): walked in
    the order of the index on names, not by sorting every published figure."""
    from evidence.outcomes import OutcomeExplorer

    print("\n===== outcomes explorer, first page in the default sort")
    explain("first page of figures", OutcomeExplorer(QueryDict("")).metrics()[:20])


if __name__ == "__main__":
    main()
