#!/usr/bin/env python
"""Show PostgreSQL's query plans (EXPLAIN ANALYZE) for the list's heaviest queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vvcp_bench .venv/bin/python scripts/explain.py

For each scenario (three filters; a keyword search) it prints the plan of the
facet-count query (exactly as the list page runs it, over the GIN-indexed facet
keys), of the results' ids and of the first page of results, so missing indexes
and slow joins show up before they reach readers.
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

from interventions.facets import FACETS, facet_keys_query  # noqa: E402
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


def main():
    total = Intervention.objects.count()
    print(f"{total:,} entries, {Intervention.objects.published().count():,} published")
    for number, (name, query_string) in enumerate(SCENARIOS.items(), start=1):
        print(f"\n===== [{number}/{len(SCENARIOS)}] {name}: ?{query_string}")
        filterset = InterventionFilterSet.forgiving(QueryDict(query_string))
        base = filterset.queryset
        active = {name for name, _ in filterset.query_pairs() if name != "ordering"}
        sql, params, _ = facet_keys_query(
            {facet: filterset.apply_filters(base, excluding=facet) for facet in FACETS},
            {"": filterset.apply_filters(base)}
            | {name: filterset.apply_filters(base, excluding=name) for name in active},
        )
        explain_sql("facet counts and totals (one query over the facet keys)", sql, params)
        results = filterset.qs
        explain("the results' ids", results.order_by().values("pk"))
        explain("first page of results", results[:20])


if __name__ == "__main__":
    main()
