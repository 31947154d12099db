"""The bulk actions on the list of interventions, as a curator or editor uses them."""

import pytest
from django.urls import reverse
from django.utils import timezone

from interventions.models import Intervention, PublicationState
from tests.factories import make_intervention

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:interventions_intervention_changelist")


def run_action(client, action, entries):
    response = client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [entry.pk for entry in entries]},
        follow=True,
    )
    return [str(message) for message in response.context["messages"]]


def test_sending_for_review_says_how_many_moved_and_why_others_did_not(editor_client, editor):
    draft = make_intervention(state=PublicationState.DRAFT)
    published = make_intervention(state=PublicationState.PUBLISHED)
    messages = run_action(editor_client, "send_for_review", [draft, published])
    assert messages == [
        "1 entry sent for review. 1 entry left unchanged: only drafts can be sent for review."
    ]
    draft.refresh_from_db()
    assert draft.publication_state == PublicationState.IN_REVIEW
    record = draft.history.order_by("-history_id").first()
    assert (record.history_user, record.history_change_reason) == (
        editor,
        "Sent for review (bulk action)",
    )


def test_unpublishing_returns_entries_to_draft(curator_client):
    entries = [make_intervention(state=PublicationState.PUBLISHED) for _ in range(2)]
    assert run_action(curator_client, "unpublish", entries) == ["2 entries unpublished."]
    assert set(Intervention.objects.values_list("publication_state", flat=True)) == {"draft"}


def test_publishing_only_published_entries_warns_that_nothing_moved(curator_client):
    entry = make_intervention(state=PublicationState.PUBLISHED)
    assert run_action(curator_client, "publish", [entry]) == [
        "0 entries published. 1 entry left unchanged: already published."
    ]


@pytest.mark.parametrize(
    ("action", "shortcut", "state", "done"),
    [
        ("publish", "?publication_state__exact=in-review", "in-review", "published"),
        ("send_for_review", "?publication_state__exact=draft", "draft", "sent for review"),
        ("unpublish", "?publication_state__exact=published", "published", "unpublished"),
    ],
)
def test_acting_on_a_list_filtered_by_state_counts_what_was_selected(
    curator_client, action, shortcut, state, done
):
    # The curator's desk "Drafts in review" opens the list filtered to
    # entries in review; once published they no longer match that filter.
    entries = [make_intervention(state=state) for _ in range(2)]
    response = curator_client.post(
        CHANGELIST + shortcut,
        {"action": action, "_selected_action": [entry.pk for entry in entries]},
        follow=True,
    )
    assert [str(message) for message in response.context["messages"]] == [f"2 entries {done}."]


def test_marking_as_reviewed_today_takes_entries_off_the_due_list(curator_client):
    entries = [make_intervention(last_reviewed=None) for _ in range(3)]
    assert run_action(curator_client, "mark_reviewed_today", entries) == [
        "3 entries marked as reviewed today."
    ]
    assert not Intervention.objects.due_for_review().exists()
    assert set(Intervention.objects.values_list("last_reviewed", flat=True)) == {
        timezone.localdate()
    }
