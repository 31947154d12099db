"""gunicorn settings for production; `gunicorn vvcp.wsgi` reads this file from the current folder.

Every value can be overridden from the environment (e.g. GUNICORN_WORKERS=8).
"""

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
