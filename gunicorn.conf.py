"""gunicorn settings for production; `gunicorn vvcp.wsgi` reads this file from the current folder.

Every value can be overridden from the environment (e.g. GUNICORN_WORKERS=8).
"""

import gc
import multiprocessing
import os
import sys

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so slow leaks never build up.
max_requests = 2000
max_requests_jitter = 200
# The app logs one structured line a request itself; gunicorn's access log would repeat it.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def when_ready(server):
    if workers > 1 and not os.environ.get("REDIS_URL"):
        print(
            "warning: several workers without REDIS_URL each keep their own page cache; "
            "set REDIS_URL so a curator's change reaches every worker at once.",
            file=sys.stderr,
        )


# Python's cycle collector, left as it is, walks every object the worker holds (Django, the
# URLconf, the compiled templates: about a million) in a full collection, which came about
# once in 60 requests and took 80 to 110 ms of CPU each, measured at 100,000 entries: the
# slowest twentieth of requests paid for it. What exists once the app has loaded lives as
# long as the worker, so it is frozen out of collection, and full collections wait ten times
# longer; the young objects of each request are still collected as before (about 1 ms a
# request, each pause under 4 ms). Cycles made before the freeze are collected first.
FULL_COLLECTION_THRESHOLD = 100


def post_worker_init(worker):
    settle_garbage_collector()


def settle_garbage_collector():
    from django.urls import get_resolver

    # The URLconf imports every view; loading it now lets the freeze cover them.
    get_resolver().url_patterns  # noqa: B018
    gc.collect()
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_THRESHOLD)
