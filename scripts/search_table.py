#!/usr/bin/env python
"""Print, for each real query of the search table, how many of the entries it must find it
finds, and how many others it returns.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vvcp .venv/bin/python scripts/search_table.py

Run it against a database seeded with ``manage.py seed_catalogue``. The table is
tests/catalogue/search_table.py, which the tests hold the search to.
"""

import os
import sys
from pathlib import Path

ROOT = Path(os.environ.get("CATALOGUE_ROOT", Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vvcp.settings")
os.environ.setdefault("DEBUG", "true")

import runpy  # noqa: E402

import django  # noqa: E402

django.setup()

from django.http import QueryDict  # noqa: E402

from interventions.filters import InterventionFilterSet  # noqa: E402

# Read by path, so the same table can measure another checkout (CATALOGUE_ROOT).
TABLE = Path(__file__).resolve().parent.parent / "tests" / "catalogue" / "search_table.py"
QUERIES = runpy.run_path(str(TABLE))["QUERIES"]


def results_for(query):
    params = QueryDict(mutable=True)
    params["q"] = query
    return set(InterventionFilterSet.forgiving(params).qs.values_list("slug", flat=True))


def main():
    total_found = total_expected = total_others = 0
    print(f"{'query':40} {'found/expected':>15} {'others':>7}")
    for query, expected, _ in QUERIES:
        found = results_for(query)
        hits = len(found & expected)
        others = len(found - expected)
        total_found += hits
        total_expected += len(expected)
        total_others += others
        print(f"{query:40} {f'{hits}/{len(expected)}':>15} {others:>7}")
    print(f"{'all queries':40} {f'{total_found}/{total_expected}':>15} {total_others:>7}")


if __name__ == "__main__":
    main()
