"""gunicorn's settings (gunicorn.conf.py), loaded as gunicorn loads them."""

import json
import subprocess
import sys

from django.conf import settings

WORKER_START = """
import gc, json, runpy
import django
django.setup()
conf = runpy.run_path("gunicorn.conf.py")
before = gc.get_freeze_count()
conf["post_worker_init"](None)
print(json.dumps({
    "before": before,
    "frozen": gc.get_freeze_count(),
    "threshold": gc.get_threshold(),
}))
"""


def test_a_worker_freezes_what_the_app_loaded_and_waits_longer_for_full_collections():
    result = subprocess.run(
        [sys.executable, "-c", WORKER_START],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    worker = json.loads(result.stdout.strip().splitlines()[-1])
    assert worker["before"] == 0
    # Django, the URLconf and every view: far more than a request makes.
    assert worker["frozen"] > 100_000
    assert worker["threshold"][2] == 100
    assert worker["threshold"][0] == 700
