"""What one run of the sender does, called as the worker's jobs and the command call it."""

from datetime import timedelta
from io import StringIO
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from alerts import sending
from alerts.models import Subscription
from evaluations.models import PublicChange
from interventions.models import CatalogueVersion
from tests.factories import make_intervention

pytestmark = pytest.mark.django_db

AN_HOUR_AGO = timedelta(hours=1)


def confirmed(search="theme=knife-crime", frequency="instant", **fields):
    since = timezone.now() - AN_HOUR_AGO
    values = {
        "email": "reader@example.org",
        "created_at": since,
        "confirmed_at": since,
        "last_sent_at": since,
        **fields,
    }
    return Subscription.objects.create(search=search, frequency=frequency, **values)


def change(entry, kind="published", what=""):
    return PublicChange.objects.create(intervention=entry, kind=kind, what=what)


def silent(line):
    pass


def test_the_same_change_is_never_sent_twice(theme):
    subscription = confirmed()
    entry = make_intervention(name="Knife Safe", themes=[theme("knife-crime")])
    change(entry)
    assert sending.send_alerts("instant", progress=silent) == 1
    assert sending.send_alerts("instant", progress=silent) == 0
    assert len(mail.outbox) == 1
    subscription.refresh_from_db()
    assert subscription.last_sent_at > timezone.now() - AN_HOUR_AGO


def test_an_entry_with_several_changes_appears_once_and_each_change_once(theme):
    confirmed()
    entry = make_intervention(name="Knife Safe", themes=[theme("knife-crime")])
    change(entry, "report", "Final evaluation")
    change(entry, "report", "Final evaluation")
    change(entry, "figure", "Arrests: 36")
    sending.send_alerts("instant", progress=silent)
    body = mail.outbox[0].body
    assert body.count("Knife Safe\n") == 1
    assert body.count("New evaluation report: Final evaluation") == 1
    assert mail.outbox[0].subject == "1 new or changed entry: theme Knife crime"


def test_an_entry_unpublished_since_its_change_is_not_sent(theme):
    confirmed()
    entry = make_intervention(themes=[theme("knife-crime")])
    change(entry)
    entry.publication_state = "draft"
    entry.save()
    assert sending.send_alerts("instant", progress=silent) == 0
    assert mail.outbox == []


def test_a_failed_email_is_tried_again_at_the_next_run(theme, monkeypatch):
    subscription = confirmed()
    before = subscription.last_sent_at
    change(make_intervention(themes=[theme("knife-crime")]))

    def refuse(self, fail_silently=False):
        raise SMTPException("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    lines = []
    assert sending.send_alerts("instant", progress=lines.append) == 0
    assert any("not sent (mail server down)" in line for line in lines)
    subscription.refresh_from_db()
    assert subscription.last_sent_at == before
    monkeypatch.undo()
    assert sending.send_alerts("instant", progress=silent) == 1


def test_a_search_that_no_longer_works_is_skipped_not_an_error(theme):
    confirmed(search="theme=a-theme-since-removed")
    change(make_intervention(themes=[theme("knife-crime")]))
    lines = []
    assert sending.send_alerts("instant", progress=lines.append) == 0
    assert any("skipped" in line for line in lines)


def test_unconfirmed_subscriptions_are_forgotten_after_seven_days():
    now = timezone.now()
    Subscription.objects.create(email="old@example.org", created_at=now - timedelta(days=8))
    Subscription.objects.create(email="new@example.org", created_at=now - timedelta(days=6))
    kept = confirmed(email="kept@example.org", created_at=now - timedelta(days=30))
    assert sending.forget_unconfirmed(progress=silent) == 1
    assert set(Subscription.objects.values_list("email", flat=True)) == {
        "new@example.org",
        kept.email,
    }


def test_the_command_prints_its_progress(theme):
    confirmed(frequency="weekly")
    change(make_intervention(themes=[theme("knife-crime")]))
    out = StringIO()
    call_command("send_alerts", "weekly", stdout=out)
    printed = out.getvalue()
    assert "Checking 1 weekly alerts against 1 public changes" in printed
    assert "Sent 1 weekly alert emails." in printed
    assert "reader@example.org" not in printed
    out = StringIO()
    call_command("send_alerts", "forget-unconfirmed", stdout=out)
    assert "Forgot 0 unconfirmed subscriptions." in out.getvalue()


def test_asking_again_for_a_confirmed_alert_sends_the_manage_link_not_a_confirmation():
    subscription = confirmed()
    assert sending.send_confirmation(subscription.pk, progress=silent)
    message = mail.outbox[0]
    assert message.subject == "You already have this email alert"
    assert "/alerts/manage/" in message.body
    assert "/alerts/confirm/" not in message.body


def test_a_confirmation_for_a_subscription_since_deleted_sends_nothing():
    assert not sending.send_confirmation(12345, progress=silent)
    assert mail.outbox == []


def test_a_change_in_its_last_seconds_waits_for_the_next_run(theme, settings):
    settings.ALERTS_SETTLE_SECONDS = 30
    confirmed()
    entry = make_intervention(name="Knife Safe", themes=[theme("knife-crime")])
    PublicChange.objects.create(
        intervention=entry, kind="published", happened_at=timezone.now() - timedelta(seconds=5)
    )

    assert sending.send_alerts("instant", progress=silent) == 0
    later = timezone.now() + timedelta(minutes=5)
    assert sending.send_alerts("instant", now=later, progress=silent) == 1
    assert "Knife Safe" in mail.outbox[0].body


def test_old_changes_are_forgotten_once_every_alert_has_moved_past_them(theme, settings):
    settings.ALERTS_KEEP_CHANGES_DAYS = 56
    entry = make_intervention(themes=[theme("knife-crime")])
    now = timezone.now()
    old = PublicChange.objects.create(
        intervention=entry, kind="published", happened_at=now - timedelta(days=60)
    )
    recent = PublicChange.objects.create(
        intervention=entry, kind="figure", happened_at=now - timedelta(days=10)
    )

    assert sending.forget_old_changes(now=now, progress=silent) == 1
    assert list(PublicChange.objects.all()) == [recent]
    assert not PublicChange.objects.filter(pk=old.pk).exists()


def test_a_change_an_alert_has_not_yet_sent_is_kept_however_old(theme, settings):
    settings.ALERTS_KEEP_CHANGES_DAYS = 56
    now = timezone.now()
    confirmed(last_sent_at=now - timedelta(days=90), confirmed_at=now - timedelta(days=100))
    entry = make_intervention(themes=[theme("knife-crime")])
    PublicChange.objects.create(
        intervention=entry, kind="published", happened_at=now - timedelta(days=60)
    )

    assert sending.forget_old_changes(now=now, progress=silent) == 0
    assert PublicChange.objects.count() == 1


def test_forgetting_old_changes_leaves_the_catalogues_pages_cached(theme, settings):
    settings.ALERTS_KEEP_CHANGES_DAYS = 56
    entry = make_intervention(themes=[theme("knife-crime")])
    now = timezone.now()
    for days in (60, 70, 80):
        PublicChange.objects.create(
            intervention=entry, kind="figure", happened_at=now - timedelta(days=days)
        )
    version = CatalogueVersion.objects.get().number

    assert sending.forget_old_changes(now=now, progress=silent) == 3
    assert CatalogueVersion.objects.get().number == version
