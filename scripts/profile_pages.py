#!/usr/bin/env python
"""Where each public page spends its time: database, template rendering, the rest.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vvcp_bench .venv/bin/python \\
        scripts/profile_pages.py [--repeat 5] [--page home] [--cprofile detail]

Requests every page the benchmark measures (scripts/bench.py's scenarios) in this
process, through Django's test client, with the page cache and the catalogue's data
cache off, as the benchmark's uncached run serves them. For each page it prints the
median over ``--repeat`` requests of: the whole request; the time in SQL and how many
queries ran; the time in templates (their own SQL taken out); and what is left, the
views' and middleware's own Python. ``--cprofile PAGE`` also prints cProfile's
heaviest functions for one page (``--sort tottime`` for their own time), to find what
to cut.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vvcp.settings")
os.environ.setdefault("DEBUG", "true")
os.environ["PAGE_CACHE_SECONDS"] = "0"
os.environ["CATALOGUE_CACHE_SECONDS"] = "0"
os.environ["BENCHMARK_BASELINE"] = "true"

import django  # noqa: E402

django.setup()

from bench import sample_paths  # noqa: E402
from django.db import connection  # noqa: E402
from django.template.backends.django import Template  # noqa: E402
from django.test import Client  # noqa: E402


class Clock:
    """Time spent in SQL and in template rendering during one request."""

    def __init__(self):
        self.sql = self.render = self.render_sql = 0.0
        self.queries = 0
        self.rendering = 0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - started
            self.sql += spent
            self.queries += 1
            if self.rendering:
                self.render_sql += spent


@contextmanager
def rendering_timed(clock):
    original = Template.render

    def render(self, *args, **kwargs):
        clock.rendering += 1
        started = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            clock.rendering -= 1
            if not clock.rendering:
                clock.render += time.perf_counter() - started

    Template.render = render
    try:
        yield
    finally:
        Template.render = original


def measure(client, path):
    clock = Clock()
    with connection.execute_wrapper(clock), rendering_timed(clock):
        started = time.perf_counter()
        response = client.get(path, HTTP_HOST="127.0.0.1")
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        total = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    render = clock.render - clock.render_sql
    return {
        "total": total * 1000,
        "sql": clock.sql * 1000,
        "queries": clock.queries,
        "render": render * 1000,
        "python": (total - clock.sql - render) * 1000,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--page", action="append", help="Only these scenarios (repeatable).")
    parser.add_argument("--cprofile", help="Also print cProfile's heaviest calls for this page.")
    parser.add_argument(
        "--sort", default="cumulative", help="cProfile's order: cumulative or tottime."
    )
    args = parser.parse_args()

    client = Client()
    scenarios = sample_paths(args.repeat)
    print(f"{'page':<22} {'total':>9} {'SQL':>9} {'queries':>8} {'templates':>10} {'Python':>9}")
    for name, paths in scenarios.items():
        if args.page and name not in args.page:
            continue
        measure(client, paths[0])  # warm: imports, connections, PostgreSQL's caches
        rows = [measure(client, paths[i % len(paths)]) for i in range(args.repeat)]
        median = {key: statistics.median(row[key] for row in rows) for key in rows[0]}
        share = median["render"] / median["total"] if median["total"] else 0
        print(
            f"{name:<22} {median['total']:7.1f}ms {median['sql']:7.1f}ms "
            f"{median['queries']:8.0f} {median['render']:7.1f}ms ({share:4.0%}) "
            f"{median['python']:7.1f}ms",
            flush=True,
        )
        if args.cprofile == name:
            profiler = cProfile.Profile()
            profiler.enable()
            for i in range(args.repeat):
                measure(client, paths[i % len(paths)])
            profiler.disable()
            pstats.Stats(profiler).sort_stats(args.sort).print_stats(40)


if __name__ == "__main__":
    main()
