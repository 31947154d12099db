"""The queue for each role, as README's Roles says: curators decide and download the files;
editors read, keep notes and start drafts. Real members of the groups, real admin pages."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from interventions.models import Intervention, PublicationState
from submissions.models import Submission, SubmissionStatus
from tests.admin_forms import form_data
from tests.pages import text_of
from tests.submissions.documents import pdf_bytes, upload
from tests.submissions.factories import make_submission

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:submissions_submission_changelist")


def change_url(submission):
    return reverse("admin:submissions_submission_change", args=[submission.pk])


def signed_in(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def change_form(client, submission):
    return form_data(client.get(change_url(submission)), "submission_form")


def create_draft(client, submissions):
    return client.post(
        CHANGELIST,
        {
            "action": "create_draft_intervention",
            "_selected_action": [submission.pk for submission in submissions],
        },
        follow=True,
    )


@pytest.fixture
def shared_with_file(client, valid_practice):
    client.post(
        reverse("submissions:share"),
        {**valid_practice, "files": [upload("Force business plan.pdf", pdf_bytes())]},
    )
    client.cookies.clear()
    return Submission.objects.get(intervention_name="Operation Harbour")


def test_both_roles_open_the_queue_and_a_submission(editor, curator):
    submission = make_submission(intervention_name="Operation Queue")
    for user in [editor, curator]:
        client = signed_in(user)
        assert "Operation Queue" in text_of(client.get(CHANGELIST))
        assert client.get(change_url(submission)).status_code == 200


def test_an_editor_keeps_notes_but_the_status_stays_a_curators_decision(editor):
    submission = make_submission()
    client = signed_in(editor)
    data = change_form(client, submission)
    assert "status" not in data
    assert "curator_notes" in data
    data.update({"curator_notes": "Called the force: plan to follow.", "status": "accepted"})
    assert client.post(change_url(submission), data).status_code == 302
    submission.refresh_from_db()
    assert submission.curator_notes == "Called the force: plan to follow."
    assert submission.status == SubmissionStatus.NEW
    assert submission.handled_by is None


def test_a_curator_sets_the_status_on_the_real_form(curator):
    submission = make_submission()
    client = signed_in(curator)
    data = change_form(client, submission)
    data.update({"status": "declined", "curator_notes": "Not violence reduction."})
    assert client.post(change_url(submission), data).status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.DECLINED
    assert submission.handled_by == curator


def test_both_roles_are_offered_the_create_draft_action(editor, curator):
    make_submission()
    for user in [editor, curator]:
        assert (
            'value="create_draft_intervention"' in signed_in(user).get(CHANGELIST).content.decode()
        )


def test_an_editor_starts_a_draft_and_leaves_the_decision_to_a_curator(editor):
    submission = make_submission(intervention_name="Operation Editor Draft")
    response = create_draft(signed_in(editor), [submission])
    draft = Intervention.objects.get(name="Operation Editor Draft")
    assert draft.publication_state == PublicationState.DRAFT
    submission.refresh_from_db()
    assert submission.created_intervention == draft
    assert submission.status == SubmissionStatus.NEW
    assert submission.handled_by is None
    text = text_of(response)
    assert "Created 1 draft intervention" in text
    assert "a curator decides whether to accept them" in text


def test_an_editor_cannot_turn_declined_practice_into_a_draft_but_a_curator_can(editor, curator):
    submission = make_submission(
        intervention_name="Operation Declined", status=SubmissionStatus.DECLINED
    )
    response = create_draft(signed_in(editor), [submission])
    assert not Intervention.objects.filter(name="Operation Declined").exists()
    assert f"Skipped {submission.reference}: corrections, declined practice" in text_of(response)

    create_draft(signed_in(curator), [submission])
    submission.refresh_from_db()
    assert submission.created_intervention.name == "Operation Declined"
    assert submission.status == SubmissionStatus.ACCEPTED


def test_a_curator_downloads_a_submitted_file_from_its_link(curator, shared_with_file):
    client = signed_in(curator)
    download = shared_with_file.files.get().get_download_url()
    assert f'href="{download}"' in client.get(change_url(shared_with_file)).content.decode()
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()


def test_an_editor_sees_the_file_listed_without_a_link_and_a_direct_download_is_explained(
    editor, shared_with_file
):
    client = signed_in(editor)
    download = shared_with_file.files.get().get_download_url()
    page = client.get(change_url(shared_with_file)).content.decode()
    assert "Force business plan.pdf" in page
    assert f'href="{download}"' not in page

    response = client.get(download)
    assert response.status_code == 403
    assert "Content-Disposition" not in response
    assert "admin/403.html" in [template.name for template in response.templates]
    text = text_of(response)
    assert "“Can download files sent with submissions” (submissions.view_submission_file)." in text
    assert "The Curator group has it." in text
    assert "You are in the Editor group." in text
    # Served outside the admin's address, so under the public site's strict policy.
    content = response.content.decode()
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert not re.search(r"<script(?![^>]*\bsrc=)", content)
    assert not re.search(r"\sstyle=", content)


def test_the_submission_names_who_handled_it_without_linking_to_the_users_admin(editor, curator):
    submission = make_submission()
    submission.record_status_change(curator)
    submission.save()
    user_page = reverse("admin:auth_user_change", args=[curator.pk])
    for user in [editor, curator]:
        response = signed_in(user).get(change_url(submission))
        assert "cora" in text_of(response)
        assert user_page not in response.content.decode()
