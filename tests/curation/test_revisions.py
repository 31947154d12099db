"""An editor's change to a published entry waits for a curator, through real admin form posts."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from interventions.models import CatalogueVersion, PendingRevision, RevisionState
from tests.admin_forms import form_data
from tests.factories import make_intervention, make_outcome, make_report

pytestmark = pytest.mark.django_db

FORM = "intervention_form"


@pytest.fixture
def entry():
    entry = make_intervention(summary="The live summary.")
    make_outcome(entry, key="arrests", measure="Arrests", value=Decimal("36"))
    return entry


def change_url(entry):
    return reverse("admin:interventions_intervention_change", args=[entry.pk])


def review_url(revision):
    return reverse("admin:interventions_pendingrevision_change", args=[revision.pk])


def edit(client, entry, reason="Corrected from the report", **changes):
    data = form_data(client.get(change_url(entry)), FORM)
    data.update(changes)
    if reason is not None and "change_reason" not in changes:
        data["change_reason"] = reason
    return client.post(change_url(entry), data)


def submit_as_editor(client, entry, **changes):
    changes.setdefault("summary", "Summary by the editor.")
    if entry.outcomes.exists():
        changes.setdefault("outcomes-0-value", "99")
    response = edit(client, entry, **changes)
    assert response.status_code == 302, response.content.decode()[-3000:]
    return PendingRevision.objects.get()


def test_an_editors_change_to_a_published_entry_leaves_the_live_rows_alone(
    editor_client, editor, entry
):
    version = CatalogueVersion.current()
    revision = submit_as_editor(editor_client, entry)
    entry.refresh_from_db()
    assert entry.summary == "The live summary."
    assert entry.outcomes.get().value == Decimal("36")
    assert revision.author == editor
    assert revision.state == RevisionState.WAITING
    assert revision.reason == "Corrected from the report"
    assert revision.data["summary"] == ["Summary by the editor."]
    assert CatalogueVersion.current() == version


def test_the_public_page_keeps_the_live_version_until_approval(
    editor_client, client, curator, entry
):
    submit_as_editor(editor_client, entry)
    page = client.get(entry.get_absolute_url()).content.decode()
    assert "The live summary." in page
    assert "Summary by the editor." not in page


def test_the_editor_reopening_the_entry_sees_their_pending_values_and_a_notice(
    editor_client, entry
):
    submit_as_editor(editor_client, entry)
    page = editor_client.get(change_url(entry))
    data = form_data(page, FORM)
    assert data["summary"] == "Summary by the editor."
    assert data["outcomes-0-value"] == "99"
    assert 'id="own-revision-notice"' in page.content.decode()


def test_a_second_save_by_the_same_editor_supersedes_their_waiting_revision(editor_client, entry):
    first = submit_as_editor(editor_client, entry)
    response = edit(editor_client, entry, summary="A better summary.")
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.state == RevisionState.SUPERSEDED
    waiting = PendingRevision.objects.waiting().get()
    assert waiting.data["summary"] == ["A better summary."]
    # Still the editor's figure from the first save, as the form showed it.
    assert waiting.data["outcomes-0-value"] == ["99"]


def test_another_editor_is_refused_while_a_revision_waits_and_keeps_what_they_typed(
    editor_client, client, entry, roles
):
    from tests.conftest import make_member

    submit_as_editor(editor_client, entry)
    client.force_login(make_member("ed2", "Editor"))
    response = edit(client, entry, summary="Summary by a second editor.")
    assert response.status_code == 200
    assert "waiting for review since" in response.content.decode()
    assert form_data(response, FORM)["summary"] == "Summary by a second editor."
    assert PendingRevision.objects.count() == 1


def test_an_editor_must_say_why_they_change_a_published_entry(editor_client, entry):
    response = edit(editor_client, entry, reason="", summary="Changed.")
    assert response.status_code == 200
    assert "Say why you are making this change" in response.content.decode()
    assert not PendingRevision.objects.exists()


def test_a_curator_sees_the_diff_field_by_field_and_figure_by_figure(
    editor_client, client, curator, entry
):
    revision = submit_as_editor(editor_client, entry, status="ended")
    client.force_login(curator)
    page = client.get(review_url(revision)).content.decode()
    assert "The live summary." in page and "Summary by the editor." in page
    # Choice labels, not keys.
    assert "Ended" in page and ">ended<" not in page
    assert "Changed:</strong> Arrests" in page
    assert "36" in page and "99" in page
    assert entry.name in page


def test_approving_applies_the_change_and_records_who_and_why(
    editor_client, client, curator, entry
):
    revision = submit_as_editor(editor_client, entry)
    version = CatalogueVersion.current()
    client.force_login(curator)
    response = client.post(
        review_url(revision), {"comment": "Checked against p. 4", "_approve": "1"}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.summary == "Summary by the editor."
    assert entry.outcomes.get().value == Decimal("99")
    revision.refresh_from_db()
    assert revision.state == RevisionState.APPROVED
    assert revision.reviewer == curator
    assert revision.reviewed_at is not None
    assert revision.review_comment == "Checked against p. 4"
    latest = entry.history.first()
    assert latest.history_user == curator
    assert "Approved change by edith: Checked against p. 4" in latest.history_change_reason
    assert CatalogueVersion.current() > version
    page = client.get(entry.get_absolute_url()).content.decode()
    assert "Summary by the editor." in page


def test_the_history_shows_the_submission_and_the_approval(editor_client, client, curator, entry):
    revision = submit_as_editor(editor_client, entry)
    client.force_login(curator)
    client.post(review_url(revision), {"comment": "Matches the report", "_approve": "1"})
    history = client.get(reverse("admin:interventions_intervention_history", args=[entry.pk]))
    html = history.content.decode()
    assert "Change submitted for review" in html and "Corrected from the report" in html
    assert "Approved" in html and "Matches the report" in html


def test_approval_needs_a_reason(editor_client, client, curator, entry):
    revision = submit_as_editor(editor_client, entry)
    client.force_login(curator)
    response = client.post(review_url(revision), {"comment": "   ", "_approve": "1"})
    assert response.status_code == 200
    assert "Give a reason" in response.content.decode()
    entry.refresh_from_db()
    assert entry.summary == "The live summary."


def test_a_revision_made_against_an_older_version_is_not_applied(
    editor_client, client, curator, entry
):
    revision = submit_as_editor(editor_client, entry)
    client.force_login(curator)
    assert edit(client, entry, summary="Summary by the curator.").status_code == 302
    page = client.get(review_url(revision)).content.decode()
    assert "no longer applies cleanly" in page
    response = client.post(review_url(revision), {"comment": "Fine", "_approve": "1"}, follow=True)
    assert "no longer applies cleanly" in response.content.decode()
    entry.refresh_from_db()
    assert entry.summary == "Summary by the curator."
    revision.refresh_from_db()
    assert revision.state == RevisionState.WAITING


def test_returning_shows_the_comment_to_the_editor_and_changes_nothing(
    editor_client, client, curator, editor, entry
):
    revision = submit_as_editor(editor_client, entry)
    client.force_login(curator)
    client.post(review_url(revision), {"comment": "Cite the table, please", "_return": "1"})
    revision.refresh_from_db()
    assert revision.state == RevisionState.RETURNED
    entry.refresh_from_db()
    assert entry.summary == "The live summary."
    client.force_login(editor)
    page = client.get(change_url(entry)).content.decode()
    assert "Cite the table, please" in page
    assert form_data(client.get(change_url(entry)), FORM)["summary"] == "The live summary."


def test_the_editor_is_emailed_when_their_change_is_approved(editor_client, client, curator, entry):
    revision = submit_as_editor(editor_client, entry)
    client.force_login(curator)
    client.post(review_url(revision), {"comment": "Matches the report", "_approve": "1"})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["edith@example.org"]
    assert "approved" in message.subject
    assert "You get this email because you sent a change" in message.body
    assert "Matches the report" in message.body
    assert f"/interventions/intervention/{entry.pk}/change/" in message.body


def test_the_editor_is_emailed_when_their_change_is_returned(editor_client, client, curator, entry):
    revision = submit_as_editor(editor_client, entry)
    client.force_login(curator)
    client.post(review_url(revision), {"comment": "Cite the table", "_return": "1"})
    assert len(mail.outbox) == 1
    assert "returned" in mail.outbox[0].subject
    assert "nothing changed on the public catalogue" in mail.outbox[0].body


def test_an_editor_cannot_approve(editor_client, entry):
    revision = submit_as_editor(editor_client, entry)
    page = editor_client.get(review_url(revision))
    assert page.status_code == 200
    assert "_approve" not in page.content.decode()
    response = editor_client.post(review_url(revision), {"comment": "Mine", "_approve": "1"})
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.summary == "The live summary."


def test_a_curators_edit_goes_live_with_its_reason_in_the_history(curator_client, entry):
    response = edit(curator_client, entry, reason="Typo fixed", summary="Fixed summary.")
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.summary == "Fixed summary."
    assert entry.history.first().history_change_reason == "Typo fixed"
    assert not PendingRevision.objects.exists()


def test_a_curator_must_give_a_reason_on_a_published_entry_but_not_on_a_draft(curator_client):
    published = make_intervention()
    response = edit(curator_client, published, reason="", summary="Changed.")
    assert response.status_code == 200
    assert "Say why you are making this change" in response.content.decode()
    draft = make_intervention(state="draft")
    assert edit(curator_client, draft, reason="", summary="Changed.").status_code == 302


def test_a_long_reason_is_cut_in_the_history_and_kept_whole_in_the_log(curator_client, entry):
    from django.contrib.admin.models import LogEntry

    reason = "Because " + "the report says so " * 20
    edit(curator_client, entry, reason=reason, summary="Fixed summary.")
    assert len(entry.history.first().history_change_reason) == 100
    assert " ".join(reason.split()) in LogEntry.objects.latest("action_time").change_message


def test_the_list_marks_and_filters_entries_with_a_revision_waiting(
    editor_client, client, curator, entry
):
    other = make_intervention(name="Without a revision")
    submit_as_editor(editor_client, entry)
    client.force_login(curator)
    url = reverse("admin:interventions_intervention_changelist")
    html = client.get(url, {"revision": "waiting"}).content.decode()
    assert entry.name in html and other.name not in html
    html = client.get(change_url(entry)).content.decode()
    assert 'id="revision-waiting-notice"' in html
    assert review_url(PendingRevision.objects.get()) in html
    html = client.get(url).content.decode()
    assert "Revision waiting" in html


def test_a_changed_report_shared_by_two_published_entries_is_one_revision_listing_both(
    editor_client, client, curator
):
    first, second = make_intervention(name="First entry"), make_intervention(name="Second entry")
    report = make_report([first, second], title="Shared report")
    url = reverse("admin:evaluations_evaluationreport_change", args=[report.pk])
    data = form_data(editor_client.get(url), "evaluationreport_form")
    data.update(title="Shared report, renamed", change_reason="Title as printed")
    assert editor_client.post(url, data).status_code == 302
    report.refresh_from_db()
    assert report.title == "Shared report"
    revision = PendingRevision.objects.get()
    client.force_login(curator)
    page = client.get(review_url(revision)).content.decode()
    assert "First entry" in page and "Second entry" in page
    client.post(review_url(revision), {"comment": "As printed", "_approve": "1"})
    report.refresh_from_db()
    assert report.title == "Shared report, renamed"


def test_an_editors_change_to_a_published_figure_on_its_own_page_waits(editor_client, entry):
    outcome = entry.outcomes.get()
    url = reverse("admin:evaluations_outcomemetric_change", args=[outcome.pk])
    data = form_data(editor_client.get(url), "outcomemetric_form")
    data.update(value="99", change_reason="Typo")
    assert editor_client.post(url, data).status_code == 302
    outcome.refresh_from_db()
    assert outcome.value == Decimal("36")
    assert PendingRevision.objects.waiting().count() == 1


def test_an_editor_cannot_add_a_figure_to_a_published_entry_from_the_figures_list(
    editor_client, entry
):
    url = reverse("admin:evaluations_outcomemetric_add")
    data = form_data(editor_client.get(url), "outcomemetric_form")
    source = entry.outcomes.get().source
    data.update(
        intervention=str(entry.pk),
        key="new",
        measure="New figure",
        measure_kind="violent-crime",
        value="5",
        unit="percent",
        direction="reduction",
        source=str(source.pk),
        position="0",
    )
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "Add it on the entry&#x27;s own page" in response.content.decode()
    assert entry.outcomes.count() == 1


def test_an_editors_change_to_a_draft_is_saved_directly(editor_client):
    draft = make_intervention(state="draft", summary="Draft summary.")
    assert edit(editor_client, draft, reason="", summary="New draft summary.").status_code == 302
    draft.refresh_from_db()
    assert draft.summary == "New draft summary."
    assert not PendingRevision.objects.exists()
