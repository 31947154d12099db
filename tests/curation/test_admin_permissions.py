"""An editor cannot publish or unpublish by any route; a curator can. Checked on the server."""

import pytest
from django.forms import modelform_factory
from django.test import Client
from django.urls import reverse

from curation.admin.interventions import InterventionForm
from interventions.models import Intervention, PendingRevision, PublicationState
from tests.admin_forms import form_data
from tests.factories import make_intervention

pytestmark = pytest.mark.django_db

DRAFT, IN_REVIEW, PUBLISHED = (
    PublicationState.DRAFT,
    PublicationState.IN_REVIEW,
    PublicationState.PUBLISHED,
)
CHANGELIST = reverse("admin:interventions_intervention_changelist")
ADD = reverse("admin:interventions_intervention_add")


def change_url(entry):
    return reverse("admin:interventions_intervention_change", args=[entry.pk])


def run_action(client, action, entries):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [entry.pk for entry in entries]},
        follow=True,
    )


def state_of(entry):
    return Intervention.objects.get(pk=entry.pk).publication_state


def edit_form(client, entry):
    return form_data(client.get(change_url(entry)), "intervention_form")


def add_form_data(client, **fields):
    data = form_data(client.get(ADD), "intervention_form")
    data.update(
        {"name": "Operation Example", "slug": "operation-example", "summary": "What it does."}
    )
    data.update(fields)
    return data


# Bulk actions


def test_an_editor_is_not_offered_the_publish_or_unpublish_actions(editor_client):
    make_intervention(state=DRAFT)
    content = editor_client.get(CHANGELIST).content.decode()
    assert 'value="send_for_review"' in content
    # It changes the live entries' "last reviewed" date: a curator's action.
    assert 'value="mark_reviewed_today"' not in content
    assert 'value="publish"' not in content
    assert 'value="unpublish"' not in content


def test_an_editor_posting_the_publish_action_publishes_nothing(editor_client):
    entry = make_intervention(state=IN_REVIEW)
    response = run_action(editor_client, "publish", [entry])
    assert response.status_code == 200
    assert "No action selected" in response.content.decode()
    assert state_of(entry) == IN_REVIEW


def test_an_editor_posting_the_unpublish_action_unpublishes_nothing(editor_client):
    entry = make_intervention(state=PUBLISHED)
    run_action(editor_client, "unpublish", [entry])
    assert state_of(entry) == PUBLISHED


def test_a_curator_publishes_with_the_bulk_action(curator_client):
    entry = make_intervention(state=IN_REVIEW)
    response = run_action(curator_client, "publish", [entry])
    assert "1 entry published." in response.content.decode()
    assert state_of(entry) == PUBLISHED


# The change form


def test_an_editor_sees_the_publication_state_but_cannot_edit_it(editor_client):
    entry = make_intervention(state=DRAFT)
    data = edit_form(editor_client, entry)
    assert "publication_state" not in data
    assert "Only curators publish and unpublish entries" in (
        editor_client.get(change_url(entry)).content.decode()
    )


def test_an_editor_posting_published_on_the_change_form_leaves_the_entry_a_draft(editor_client):
    entry = make_intervention(state=DRAFT)
    data = edit_form(editor_client, entry)
    data.update({"publication_state": PUBLISHED, "summary": "A better summary."})
    response = editor_client.post(change_url(entry), data)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.summary == "A better summary."
    assert entry.publication_state == DRAFT
    assert entry.published_at is None


def test_an_editor_posting_draft_for_a_published_entry_leaves_it_published(editor_client):
    entry = make_intervention(state=PUBLISHED)
    data = edit_form(editor_client, entry)
    data["publication_state"] = DRAFT
    editor_client.post(change_url(entry), data)
    assert state_of(entry) == PUBLISHED


def test_an_editors_edit_of_a_published_entry_waits_for_review(editor_client):
    entry = make_intervention(state=PUBLISHED, target_group="Adults")
    data = edit_form(editor_client, entry)
    data["target_group"] = "Young people aged 10 to 17"
    data["change_reason"] = "As the report says"
    assert editor_client.post(change_url(entry), data).status_code == 302
    entry.refresh_from_db()
    assert entry.target_group == "Adults"
    assert entry.is_published
    assert PendingRevision.objects.for_object(entry).waiting().exists()


def test_an_editor_posting_mark_reviewed_today_marks_nothing(editor_client):
    entry = make_intervention(state=PUBLISHED, last_reviewed=None)
    response = run_action(editor_client, "mark_reviewed_today", [entry])
    assert response.status_code == 200
    assert "No action selected" in response.content.decode()
    entry.refresh_from_db()
    assert entry.last_reviewed is None


def test_a_curator_publishes_from_the_change_form_and_the_date_is_set(curator_client):
    entry = make_intervention(state=IN_REVIEW)
    data = edit_form(curator_client, entry)
    data["publication_state"] = PUBLISHED
    assert curator_client.post(change_url(entry), data).status_code == 302
    entry.refresh_from_db()
    assert entry.is_published
    assert entry.published_at is not None
    assert entry.history.order_by("-history_id").first().history_change_reason == (
        "In review → Published"
    )


def test_the_form_itself_refuses_a_publish_from_someone_who_may_not(editor, curator):
    entry = make_intervention(state=IN_REVIEW)
    for user, allowed in [(editor, False), (curator, True)]:
        form_class = modelform_factory(
            Intervention, form=InterventionForm, fields=["publication_state"]
        )
        form_class.user = user
        form = form_class(data={"publication_state": PUBLISHED}, instance=entry)
        assert form.is_valid() is allowed
        if not allowed:
            assert form.errors["publication_state"] == [
                "Only curators can publish or unpublish entries."
            ]


# The add form


def test_an_editor_adding_an_entry_marked_published_gets_a_draft(editor_client):
    response = editor_client.post(ADD, add_form_data(editor_client, publication_state=PUBLISHED))
    assert response.status_code == 302
    entry = Intervention.objects.get(slug="operation-example")
    assert entry.publication_state == DRAFT
    assert entry.published_at is None


def test_a_curator_can_add_an_entry_already_published(curator_client):
    response = curator_client.post(ADD, add_form_data(curator_client, publication_state=PUBLISHED))
    assert response.status_code == 302
    entry = Intervention.objects.get(slug="operation-example")
    assert entry.is_published
    assert entry.published_at is not None


# Revert from the history


def test_an_editor_reverting_to_a_published_version_does_not_publish(editor_client, curator):
    entry = make_intervention(state=IN_REVIEW, summary="First summary.")
    entry.publish(by=curator)
    entry.unpublish(by=curator)
    published_version = entry.history.get(publication_state=PUBLISHED)
    url = reverse(
        "admin:interventions_intervention_simple_history",
        args=[entry.pk, published_version.history_id],
    )
    data = form_data(editor_client.get(url), "historicalintervention_form")
    response = editor_client.post(url, data, follow=True)
    assert "only curators can publish or unpublish entries" in response.content.decode()
    assert state_of(entry) == DRAFT


# Deleting


def test_an_editor_cannot_delete_an_entry(editor_client):
    entry = make_intervention(state=DRAFT)
    delete_url = reverse("admin:interventions_intervention_delete", args=[entry.pk])
    assert editor_client.get(delete_url).status_code == 403
    assert editor_client.post(delete_url, {"post": "yes"}).status_code == 403
    response = run_action(editor_client, "delete_selected", [entry])
    assert response.status_code == 200
    assert Intervention.objects.filter(pk=entry.pk).exists()


def test_a_curator_can_delete_an_entry(curator_client):
    entry = make_intervention(state=DRAFT)
    delete_url = reverse("admin:interventions_intervention_delete", args=[entry.pk])
    assert curator_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not Intervention.objects.filter(pk=entry.pk).exists()


# Who gets in at all


def test_a_signed_in_user_who_is_not_staff_is_sent_to_the_sign_in_page(db):
    from django.contrib.auth.models import User

    client = Client()
    client.force_login(User.objects.create_user("reader", password="pw"))
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_staff_without_a_role_cannot_see_the_interventions(staff_user):
    client = Client()
    client.force_login(staff_user)
    assert client.get(CHANGELIST).status_code == 403
