import re

import pytest
from django.core.cache import cache
from procrastinate.contrib.django import app


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def run_worker():
    """The background worker as `manage.py procrastinate worker` runs it, on the real
    PostgreSQL queue, until the queue is empty.

    Tests defer the periodic jobs themselves, so the worker's own schedule is set aside:
    run near Monday 07:00 it would otherwise add the weekly job to a test of the instant
    one. tests/alerts/test_schedule.py checks the schedule.
    """
    schedule = app.periodic_registry.periodic_tasks
    kept = dict(schedule)
    schedule.clear()
    try:
        with app.replace_connector(app.connector.get_worker_connector()):
            app.run_worker(wait=False, install_signal_handlers=False, listen_notify=False)
    finally:
        schedule.update(kept)


def subscribe(client, search="", email="reader@example.org", frequency="instant", **extra):
    """Posts the subscribe form as a browser does, after opening it from a list's link."""
    data = {"email": email, "frequency": frequency, "search": search, "website": "", **extra}
    return client.post("/alerts/", data)


def link_in(message, path_start):
    """The first link in an email's plain text that starts with the site's ``path_start``."""
    match = re.search(rf"https?://[^/\s]+({re.escape(path_start)}\S+)", message.body)
    assert match, f"no {path_start} link in:\n{message.body}"
    return match.group(1)
