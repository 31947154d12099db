"""Shared practice becomes a draft with everything the form collected; the submitter is told
of its publication if they asked."""

import pytest
from django.core import mail
from django.urls import reverse

from interventions.models import Intervention, PublicationState
from submissions.models import Submission
from tests.admin_forms import form_data
from tests.submissions.documents import pdf_bytes, upload

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:submissions_submission_changelist")
ENTRIES = reverse("admin:interventions_intervention_changelist")


def share(client, practice, **changes):
    response = client.post(
        reverse("submissions:share"),
        {**practice, "files": [upload("Harbour business plan.pdf", pdf_bytes())], **changes},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.cookies.clear()
    return Submission.objects.latest("pk")


def create_draft(client, submission):
    response = client.post(
        QUEUE,
        {"action": "create_draft_intervention", "_selected_action": [submission.pk]},
        follow=True,
    )
    assert response.status_code == 200
    submission.refresh_from_db()
    return submission.created_intervention


def edit_url(entry):
    return reverse("admin:interventions_intervention_change", args=[entry.pk])


@pytest.fixture
def shared(client, valid_practice):
    valid_practice["organisation_name"] = "Bournemouth Youth Trust"
    valid_practice["sensitive_tactics"] = "yes"
    valid_practice["sensitive_tactics_note"] = "Names of the custody suites used"
    return share(client, valid_practice, notify_on_publication="on")


def test_every_answer_reaches_the_draft_or_its_staff_notes(client, curator, shared):
    client.force_login(curator)
    draft = create_draft(client, shared)

    assert draft.name == "Operation Harbour"
    assert draft.summary.startswith("Youth workers meet young people")
    assert draft.target_group == "Young people aged 10 to 17 arrested for knife possession"
    assert (draft.age_min, draft.age_max, draft.start_year) == (10, 17, 2019)
    assert sorted(draft.purposes.values_list("slug", flat=True)) == ["diversion", "prevention"]
    assert list(draft.themes.values_list("slug", flat=True)) == ["county-lines"]
    assert list(draft.forces.values_list("slug", flat=True)) == ["dorset"]
    for answer in [
        shared.reference,
        "Sam Patel, Detective Inspector, Safeguarding",
        "Bournemouth Youth Trust",
        "Agreed to be contacted:\nYes",
        "Knife crime, County lines",
        "Bournemouth and Poole custody suites",
        "Youth offending service",
        "Home Office Serious Violence Fund",
        "Monthly monitoring of referrals",
        "Sensitive tactics needing redaction:\nYes",
        "Names of the custody suites used",
        "Harbour business plan.pdf",
    ]:
        assert answer in draft.staff_notes, answer
    # Contact details stay on the submission, which the draft links to.
    assert "sam.patel@example.police.uk" not in draft.staff_notes
    assert "01234 567890" not in draft.staff_notes
    assert draft.curator_note == ""


def test_the_draft_records_who_started_it(client, editor, shared):
    client.force_login(editor)
    draft = create_draft(client, shared)
    assert list(Intervention.objects.started_by(editor)) == [draft]
    assert draft.history.earliest().history_change_reason == (
        f"Created from shared practice {shared.reference}"
    )


def test_the_draft_and_the_submission_link_to_each_other_in_the_admin(client, curator, shared):
    client.force_login(curator)
    draft = create_draft(client, shared)

    draft_page = client.get(edit_url(draft)).content.decode()
    assert f'<a href="{shared.get_admin_url()}">{shared.reference}</a>' in draft_page
    document = shared.files.get()
    assert f'href="{document.get_download_url()}"' in draft_page
    submission_page = client.get(shared.get_admin_url()).content.decode()
    assert f'href="{edit_url(draft)}"' in submission_page


def test_an_editor_sees_the_documents_named_but_cannot_download_them(
    client, editor, curator, shared
):
    client.force_login(curator)
    draft = create_draft(client, shared)
    document = shared.files.get()

    client.force_login(editor)
    page = client.get(edit_url(draft)).content.decode()
    assert "Harbour business plan.pdf" in page
    assert document.get_download_url() not in page
    assert client.get(document.get_download_url()).status_code == 403

    client.logout()
    anonymous = client.get(document.get_download_url())
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("admin:login"))
    assert b"%PDF" not in anonymous.content


def publish_through_the_list(client, draft):
    return client.post(ENTRIES, {"action": "publish", "_selected_action": [draft.pk]}, follow=True)


def test_staff_notes_and_documents_never_reach_the_public(client, curator, shared):
    client.force_login(curator)
    draft = create_draft(client, shared)
    publish_through_the_list(client, draft)
    client.logout()
    document = shared.files.get()
    for url in [
        draft.get_absolute_url(),
        reverse("api:intervention-detail", args=[draft.slug]),
        reverse("downloads:csv"),
        reverse("downloads:json"),
        reverse("sitemap"),
        reverse("downloads:feed"),
        reverse("api:intervention-list"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        content = b"".join(response) if response.streaming else response.content
        assert b"Monthly monitoring of referrals" not in content, url
        assert b"Harbour business plan" not in content, url
        assert document.get_download_url().encode() not in content, url


def test_the_submitter_who_opted_in_is_told_once_on_publication(
    client, curator, shared, django_capture_on_commit_callbacks
):
    client.force_login(curator)
    with django_capture_on_commit_callbacks(execute=True):
        draft = create_draft(client, shared)
        draft.send_for_review(by=curator)
    assert [m.subject for m in mail.outbox if "published" in m.subject.lower()] == []
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        publish_through_the_list(client, draft)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sam.patel@example.police.uk"]
    assert message.subject == "Your practice is now in the catalogue: Operation Harbour"
    assert f"http://localhost:8000{draft.get_absolute_url()}" in message.body
    assert shared.reference in message.body
    assert "You asked to be told" in message.body
    shared.refresh_from_db()
    assert shared.publication_notified_at is not None

    # Unpublished and published again: no second email.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ENTRIES, {"action": "unpublish", "_selected_action": [draft.pk]})
        publish_through_the_list(client, draft)
    assert len(mail.outbox) == 1


def test_publishing_through_the_entry_form_tells_the_submitter(
    client, curator, shared, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://catalogue.example.org"
    client.force_login(curator)
    draft = create_draft(client, shared)
    mail.outbox.clear()
    data = form_data(client.get(edit_url(draft)), "intervention_form")
    data["publication_state"] = PublicationState.PUBLISHED
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url(draft), data)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert f"https://catalogue.example.org{draft.get_absolute_url()}" in mail.outbox[0].body


def test_no_email_without_the_opt_in(
    client, curator, valid_practice, django_capture_on_commit_callbacks
):
    submission = share(client, valid_practice)
    assert submission.notify_on_publication is False
    client.force_login(curator)
    draft = create_draft(client, submission)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish_through_the_list(client, draft)
    assert Intervention.objects.get(pk=draft.pk).is_published
    assert mail.outbox == []


def test_the_opt_in_is_offered_unticked(client):
    page = client.get(reverse("submissions:share")).content.decode()
    assert "Tell me when my practice is published" in page
    checkbox = page.split('name="notify_on_publication"')[0].rsplit("<input", 1)[1]
    assert "checked" not in checkbox
    assert (
        'aria-describedby="id_notify_on_publication_helptext"'
        in page.split('name="notify_on_publication"')[1].split(">")[0] + checkbox
    )


@pytest.mark.parametrize("value", ["", "false", "x" * 10_000, "\u202e<script>"])
def test_any_opt_in_value_is_read_without_error(client, valid_practice, value):
    response = client.post(
        reverse("submissions:share"), {**valid_practice, "notify_on_publication": value}
    )
    assert response.status_code == 302
    stored = Submission.objects.get()
    assert stored.notify_on_publication is (value not in {"", "false"})
