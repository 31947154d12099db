"""The review pages answer malformed, oversized and hostile input without an error page."""

import pytest
from django.urls import reverse

from interventions.models import PendingRevision, RevisionState
from tests.curation.test_revisions import edit, entry, submit_as_editor  # noqa: F401 (a fixture)
from tests.factories import make_intervention

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:interventions_pendingrevision_changelist")


def review_url(pk):
    return reverse("admin:interventions_pendingrevision_change", args=[pk])


@pytest.mark.parametrize("pk", ["abc", "99999999", "1.5", "-1", "9" * 30])
def test_an_unknown_or_malformed_revision_address_is_not_found(curator_client, pk):
    url = CHANGELIST + f"{pk}/change/"
    assert curator_client.get(url).status_code in {302, 404}
    assert curator_client.post(url, {"comment": "x", "_approve": "1"}).status_code in {302, 404}


@pytest.mark.parametrize("state", ["nonsense", "'; drop table", "waiting\x00"])
def test_an_unknown_state_in_the_list_filter_is_answered_calmly(curator_client, state):
    assert curator_client.get(CHANGELIST, {"state": state}).status_code in {200, 302, 400}


def test_the_list_opens_on_waiting_revisions(editor_client, client, curator, entry):  # noqa: F811
    submit_as_editor(editor_client, entry)
    client.force_login(curator)
    html = client.get(CHANGELIST).content.decode()
    assert entry.name in html
    assert client.get(CHANGELIST, {"state": "approved"}).context["cl"].result_count == 0


def test_an_oversized_comment_is_refused_and_nothing_applied(
    editor_client,
    client,
    curator,
    entry,  # noqa: F811
):
    revision = submit_as_editor(editor_client, entry)
    client.force_login(curator)
    response = client.post(review_url(revision.pk), {"comment": "x" * 2001, "_approve": "1"})
    assert response.status_code == 200
    assert "at most 2000 characters" in response.content.decode()
    revision.refresh_from_db()
    assert revision.state == RevisionState.WAITING


def test_a_nul_byte_in_the_comment_is_refused(editor_client, client, curator, entry):  # noqa: F811
    revision = submit_as_editor(editor_client, entry)
    client.force_login(curator)
    response = client.post(review_url(revision.pk), {"comment": "ok\x00", "_approve": "1"})
    assert response.status_code == 400
    revision.refresh_from_db()
    assert revision.state == RevisionState.WAITING


def test_a_post_with_no_decision_button_decides_nothing(
    editor_client,
    client,
    curator,
    entry,  # noqa: F811
):
    revision = submit_as_editor(editor_client, entry)
    client.force_login(curator)
    response = client.post(review_url(revision.pk), {"comment": "Fine"}, follow=True)
    assert "Choose Approve or Return" in response.content.decode()
    revision.refresh_from_db()
    assert revision.state == RevisionState.WAITING


def test_a_decided_revision_cannot_be_decided_again(
    editor_client,
    client,
    curator,
    entry,  # noqa: F811
):
    revision = submit_as_editor(editor_client, entry)
    client.force_login(curator)
    client.post(review_url(revision.pk), {"comment": "No", "_return": "1"})
    response = client.post(review_url(revision.pk), {"comment": "Yes", "_approve": "1"})
    assert response.status_code == 403
    revision.refresh_from_db()
    assert revision.state == RevisionState.RETURNED


def test_a_hostile_reason_is_shown_as_text(editor_client, client, curator):
    published = make_intervention()
    submit_as_editor(editor_client, published, change_reason="<script>alert(1)</script>")
    revision = PendingRevision.objects.get()
    client.force_login(curator)
    html = client.get(review_url(revision.pk)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_revisions_cannot_be_added_or_deleted_through_the_admin(curator_client):
    assert curator_client.get(CHANGELIST + "add/").status_code == 403


def test_a_change_too_large_to_keep_is_refused_with_the_form_shown_again(
    editor_client,
    entry,  # noqa: F811
):
    response = edit(editor_client, entry, description="d" * 600_000)

    assert response.status_code == 200
    assert "This change is too large to keep for review." in response.content.decode()
    assert not PendingRevision.objects.exists()
