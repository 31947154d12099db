"""The worker's jobs (procrastinate, on the PostgreSQL queue): run with
`manage.py procrastinate worker`, which also defers the periodic ones on time.

The periodic jobs share one lock, so two workers never send at the same time.
"""

import functools

from django.db import connections
from procrastinate.contrib.django import app

from alerts import sending
from alerts.models import Frequency

QUEUE = "alerts"
SENDING_LOCK = "alerts-sending"


def closing_connections(task):
    """Each job runs in a thread of its own; its database connections close with it."""

    @functools.wraps(task)
    def run(*args, **kwargs):
        try:
            return task(*args, **kwargs)
        finally:
            connections.close_all()

    return run


@app.task(name="alerts.send_confirmation", queue=QUEUE)
@closing_connections
def send_confirmation(subscription_id):
    sending.send_confirmation(subscription_id)


@app.periodic(cron="*/5 * * * *")
@app.task(name="alerts.send_instant_alerts", queue=QUEUE, lock=SENDING_LOCK)
@closing_connections
def send_instant_alerts(timestamp=None):
    sending.send_alerts(Frequency.INSTANT)


# Monday morning, 07:00 UTC.
@app.periodic(cron="0 7 * * 1")
@app.task(name="alerts.send_weekly_alerts", queue=QUEUE, lock=SENDING_LOCK)
@closing_connections
def send_weekly_alerts(timestamp=None):
    sending.send_alerts(Frequency.WEEKLY)


@app.periodic(cron="17 * * * *")
@app.task(name="alerts.forget_unconfirmed", queue=QUEUE)
@closing_connections
def forget_unconfirmed(timestamp=None):
    sending.forget_unconfirmed()


@app.periodic(cron="43 3 * * *")
@app.task(name="alerts.forget_old_changes", queue=QUEUE)
@closing_connections
def forget_old_changes(timestamp=None):
    sending.forget_old_changes()
