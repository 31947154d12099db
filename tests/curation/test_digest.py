"""The curators' digest: one email each when there is new work, never the same item twice."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from curation.models import SentDigestItem
from interventions.models import PublicationState
from submissions.models import SubmissionKind, SubmissionStatus
from tests.admin_forms import send_change
from tests.conftest import make_member
from tests.factories import make_intervention
from tests.submissions.factories import make_submission

pytestmark = pytest.mark.django_db


def run_digest():
    out = StringIO()
    call_command("send_curator_digest", stdout=out)
    return out.getvalue()


def test_each_curator_gets_one_email_naming_and_linking_each_new_item(curator, editor, settings):
    settings.SITE_URL = "https://catalogue.example.org"
    second_curator = make_member("carl", "Curator")
    submission = make_submission(
        intervention_name="Operation Harbour",
        submitter_email="private.person@example.org",
        submitter_phone="07700 900123",
        what_it_does="Confidential description of the method.",
    )
    draft = make_intervention(name="Knife Crime Draft", state=PublicationState.DRAFT)
    draft.send_for_review(by=editor)

    output = run_digest()

    assert sorted(message.to[0] for message in mail.outbox) == [
        "carl@example.org",
        "cora@example.org",
    ]
    message = mail.outbox[0]
    assert message.subject == (
        "Catalogue: new work for curators: 1 new submission, 1 draft sent for review"
    )
    body = message.body
    assert "because you are a curator" in body
    assert f"{submission.reference}: Operation Harbour" in body
    assert (
        f"https://catalogue.example.org/admin/submissions/submission/{submission.pk}/change/"
        in body
    )
    assert "Knife Crime Draft" in body
    assert f"https://catalogue.example.org/admin/interventions/intervention/{draft.pk}/change/" in (
        body
    )
    for private in ["private.person@example.org", "07700 900123", "Confidential description"]:
        assert private not in body
    assert "Digests sent: 2." in output
    assert "cora: sent, 2 new item(s)." in output
    assert second_curator.sent_digest_items.count() == 2


def test_editors_inactive_curators_and_curators_without_email_get_nothing(curator, editor):
    quiet = make_member("quiet", "Curator")
    quiet.is_active = False
    quiet.save()
    nameless = make_member("nameless", "Curator")
    nameless.email = ""
    nameless.save()
    User.objects.create_superuser("root", "root@example.org", "pw")
    make_submission()

    run_digest()

    assert [message.to for message in mail.outbox] == [["cora@example.org"]]


def test_nothing_new_sends_nothing(curator):
    make_submission(status=SubmissionStatus.ACCEPTED)
    make_intervention(state=PublicationState.DRAFT)
    output = run_digest()
    assert mail.outbox == []
    assert "cora: nothing new, no email." in output
    assert "Digests sent: 0." in output


def test_the_same_items_are_never_sent_twice(curator):
    first = make_submission(intervention_name="First practice")
    run_digest()
    assert len(mail.outbox) == 1

    run_digest()
    assert len(mail.outbox) == 1

    make_submission(intervention_name="Second practice")
    run_digest()
    assert len(mail.outbox) == 2
    latest = mail.outbox[1].body
    assert "Second practice" in latest
    assert "First practice" not in latest
    assert first.reference not in latest


def test_a_draft_sent_back_and_sent_again_is_new_work_again(curator, editor):
    draft = make_intervention(name="Returning draft", state=PublicationState.DRAFT)
    draft.send_for_review(by=editor)
    run_digest()
    run_digest()
    assert len(mail.outbox) == 1

    draft.publication_state = PublicationState.DRAFT
    draft.save()
    draft.send_for_review(by=editor)
    run_digest()
    assert len(mail.outbox) == 2
    assert "Returning draft" in mail.outbox[1].body


def test_handled_submissions_and_corrections_are_named_by_title_only(curator):
    entry = make_intervention(name="Published entry")
    make_submission(
        kind=SubmissionKind.CORRECTION,
        intervention=entry,
        intervention_name="",
        correction_details="Secret correction text",
    )
    make_submission(intervention_name="Declined idea", status=SubmissionStatus.DECLINED)
    run_digest()
    body = mail.outbox[0].body
    assert "Published entry" in body
    assert "Secret correction text" not in body
    assert "Declined idea" not in body


def test_a_failed_email_is_not_recorded_and_is_sent_by_the_next_run(curator, settings):
    # Nothing listens on port 1: the mail server refuses the connection at once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    settings.EMAIL_USE_TLS = False
    make_submission(intervention_name="Waiting practice")
    with pytest.raises(CommandError, match="cora"):
        run_digest()
    assert not SentDigestItem.objects.exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run_digest()
    assert "Waiting practice" in mail.outbox[0].body


def test_a_title_typed_with_line_breaks_stays_on_one_line(curator):
    submission = make_submission(
        intervention_name="Harbour\r\n\r\nUrgent: reply with your password"
    )
    run_digest()
    assert f"- {submission.reference}: Harbour Urgent: reply with your password\n" in (
        mail.outbox[0].body
    )
    assert "\nUrgent" not in mail.outbox[0].body


def test_a_change_waiting_for_review_is_in_the_digest_once(client, editor, curator):
    entry = make_intervention(name="Entry with a change")
    revision = send_change(client, editor, entry, "A change for the digest.")
    curator.email = "cora@example.org"
    curator.save()

    call_command("send_curator_digest", stdout=StringIO())
    call_command("send_curator_digest", stdout=StringIO())

    sent = [message for message in mail.outbox if message.to == ["cora@example.org"]]
    assert len(sent) == 1
    assert "1 change to published items" in sent[0].subject
    assert "Entry with a change, changed by" in sent[0].body
    assert revision.get_absolute_url() in sent[0].body
    assert "A change for the digest." not in sent[0].body
