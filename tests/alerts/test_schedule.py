from procrastinate.contrib.django import app


def test_the_worker_sends_instant_alerts_every_five_minutes_and_weekly_ones_on_mondays():
    schedule = {task.task.name: task.cron for task in app.periodic_registry.periodic_tasks.values()}
    assert schedule == {
        "alerts.send_instant_alerts": "*/5 * * * *",
        "alerts.send_weekly_alerts": "0 7 * * 1",
        "alerts.forget_unconfirmed": "17 * * * *",
        "alerts.forget_old_changes": "43 3 * * *",
    }
