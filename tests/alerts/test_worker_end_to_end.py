"""Subscribe, confirm, publish, and the real worker on the PostgreSQL queue sends."""

import pytest
from django.core import mail
from django.utils import timezone

from alerts.models import Subscription
from alerts.tasks import send_instant_alerts, send_weekly_alerts
from interventions.models import PublicationState
from tests.alerts.conftest import link_in, run_worker, subscribe
from tests.factories import make_intervention, make_outcome, make_rating, make_report

# The worker reads and writes with its own connections, so the test's rows must be
# committed; reference data (themes, forces) comes back after each test.
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("migrated_rows_back_afterwards"),
]


def confirmed_subscription(client, search="theme=knife-crime", frequency="instant"):
    assert subscribe(client, search, frequency=frequency).status_code == 302
    run_worker()
    assert len(mail.outbox) == 1
    confirmation = mail.outbox[0]
    assert confirmation.subject == "Confirm your email alert"
    link = link_in(confirmation, "/alerts/confirm/")
    assert "Confirm this alert" in client.get(link).content.decode()
    assert not Subscription.objects.confirmed().exists()
    response = client.post(link)
    assert response.status_code == 200
    assert "Your email alert is on" in response.content.decode()
    mail.outbox.clear()
    return Subscription.objects.get()


def test_a_matching_entry_published_after_confirming_is_emailed_once(client, theme, curator):
    confirmed_subscription(client)
    entry = make_intervention(
        state=PublicationState.DRAFT, name="Knife Safe Schools", themes=[theme("knife-crime")]
    )
    entry.publish(by=curator)

    send_instant_alerts.defer()
    run_worker()

    assert len(mail.outbox) == 1
    alert = mail.outbox[0]
    assert alert.to == ["reader@example.org"]
    assert "Knife Safe Schools" in alert.body
    assert "Newly published" in alert.body
    assert "Theme Knife crime" in alert.body
    assert "/interventions/?theme=knife-crime" in alert.body
    html = alert.alternatives[0][0]
    assert "Knife Safe Schools" in html
    assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = alert.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http") and "/alerts/unsubscribe/" in unsubscribe
    assert "/alerts/manage/" in alert.body

    send_instant_alerts.defer()
    run_worker()
    assert len(mail.outbox) == 1


def test_entries_outside_the_search_drafts_and_pending_revisions_send_nothing(
    client, theme, curator
):
    confirmed_subscription(client)
    make_intervention(state=PublicationState.DRAFT, themes=[theme("knife-crime")])
    make_intervention(state=PublicationState.IN_REVIEW, themes=[theme("knife-crime")])
    make_intervention(state=PublicationState.DRAFT, themes=[theme("county-lines")]).publish(
        by=curator
    )

    send_instant_alerts.defer()
    run_worker()

    assert mail.outbox == []


def test_a_new_report_figure_and_verdict_on_a_matching_entry_come_in_one_email(client, theme):
    entry = make_intervention(name="Street Doctors", themes=[theme("knife-crime")])
    confirmed_subscription(client)
    make_report([entry], title="Street Doctors: final evaluation")
    make_outcome(entry, measure="Knife injuries")
    make_rating(entry, verdict="reduced-harm")

    send_instant_alerts.defer()
    run_worker()

    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert body.count("Street Doctors\n") == 1
    assert "New evaluation report: Street Doctors: final evaluation" in body
    assert "New reported figure: Knife injuries" in body
    assert "Verdict changed: Evidence of reduced violence or harm" in body


def test_an_unconfirmed_address_gets_nothing_but_its_confirmation(client, theme, curator):
    assert subscribe(client, "theme=knife-crime").status_code == 302
    make_intervention(state=PublicationState.DRAFT, themes=[theme("knife-crime")]).publish(
        by=curator
    )

    send_instant_alerts.defer()
    run_worker()

    assert [message.subject for message in mail.outbox] == ["Confirm your email alert"]


def test_weekly_subscribers_wait_for_the_weekly_digest(client, theme, curator):
    confirmed_subscription(client, frequency="weekly")
    make_intervention(
        state=PublicationState.DRAFT, name="Weekly One", themes=[theme("knife-crime")]
    ).publish(by=curator)

    send_instant_alerts.defer()
    run_worker()
    assert mail.outbox == []

    send_weekly_alerts.defer()
    run_worker()
    assert len(mail.outbox) == 1
    assert "This week's news" in mail.outbox[0].body
    assert "Weekly One" in mail.outbox[0].body


def test_changes_made_before_confirming_are_not_sent(client, theme, curator):
    assert subscribe(client, "theme=knife-crime").status_code == 302
    make_intervention(state=PublicationState.DRAFT, themes=[theme("knife-crime")]).publish(
        by=curator
    )
    run_worker()
    client.post(link_in(mail.outbox[0], "/alerts/confirm/"))
    mail.outbox.clear()

    send_instant_alerts.defer()
    run_worker()

    assert mail.outbox == []
    assert Subscription.objects.get().last_sent_at <= timezone.now()


def test_an_editors_pending_revision_on_a_matching_entry_sends_nothing(
    client, editor_client, theme
):
    from django.urls import reverse

    from interventions.models import PendingRevision
    from tests.admin_forms import form_data
    from tests.factories import make_source

    entry = make_intervention(name="Street Doctors", themes=[theme("knife-crime")])
    confirmed_subscription(client)
    change_url = reverse("admin:interventions_intervention_change", args=[entry.pk])
    data = form_data(editor_client.get(change_url), "intervention_form")
    data.update(
        {
            "evidence_rating-TOTAL_FORMS": "1",
            "evidence_rating-0-intervention": str(entry.pk),
            "evidence_rating-0-verdict": "mixed",
            "evidence_rating-0-findings_summary": "No clear change in assaults.",
            "evidence_rating-0-source": str(make_source().pk),
            "evidence_rating-0-source_section": "Evaluation, page 3",
            "evidence_rating-0-rated_by": "Alex Curator",
            "evidence_rating-0-rated_on": "2026-02-01",
            "change_reason": "Rated from the evaluation",
        }
    )
    assert editor_client.post(change_url, data).status_code == 302
    assert PendingRevision.objects.count() == 1

    send_instant_alerts.defer()
    run_worker()

    assert mail.outbox == []
