from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from interventions.models import Intervention, PublicationState, PublicationWorkflowError
from tests.factories import make_intervention

pytestmark = pytest.mark.django_db

DRAFT, IN_REVIEW, PUBLISHED = (
    PublicationState.DRAFT,
    PublicationState.IN_REVIEW,
    PublicationState.PUBLISHED,
)


def latest_history(entry):
    return entry.history.order_by("-history_id").first()


def test_a_draft_sent_for_review_is_in_review_with_the_reason_recorded(editor):
    entry = make_intervention(state=DRAFT)
    entry.send_for_review(by=editor)
    entry.refresh_from_db()
    assert entry.publication_state == IN_REVIEW
    assert latest_history(entry).history_change_reason == "Sent for review"
    assert latest_history(entry).history_user == editor


def test_publishing_sets_the_published_date_once_and_unpublishing_keeps_it(curator):
    entry = make_intervention(state=IN_REVIEW)
    entry.publish(by=curator)
    first_published = Intervention.objects.get(pk=entry.pk).published_at
    assert first_published is not None

    entry.unpublish(by=curator)
    entry.refresh_from_db()
    assert entry.publication_state == DRAFT
    assert entry.published_at == first_published

    entry.publish(by=curator)
    entry.refresh_from_db()
    assert entry.publication_state == PUBLISHED
    assert entry.published_at == first_published


def test_a_curator_can_publish_a_draft_directly(curator):
    entry = make_intervention(state=DRAFT)
    entry.publish(by=curator)
    assert Intervention.objects.get(pk=entry.pk).is_published


@pytest.mark.parametrize("move", ["publish", "unpublish"])
def test_an_editor_may_neither_publish_nor_unpublish(editor, move):
    entry = make_intervention(state=IN_REVIEW if move == "publish" else PUBLISHED)
    state_before = entry.publication_state
    with pytest.raises(PermissionDenied):
        getattr(entry, move)(by=editor)
    with pytest.raises(PermissionDenied):
        getattr(Intervention.objects.all(), move)(by=editor)
    assert Intervention.objects.get(pk=entry.pk).publication_state == state_before


def test_nobody_in_particular_cannot_publish():
    entry = make_intervention(state=IN_REVIEW)
    with pytest.raises(PermissionDenied):
        entry.publish(by=None)


def test_a_published_entry_cannot_be_sent_for_review(editor):
    entry = make_intervention(state=PUBLISHED)
    with pytest.raises(PublicationWorkflowError, match="is published"):
        entry.send_for_review(by=editor)
    assert Intervention.objects.get(pk=entry.pk).is_published


def test_bulk_publishing_moves_only_unpublished_entries_and_says_how_many(curator):
    draft = make_intervention(state=DRAFT)
    in_review = make_intervention(state=IN_REVIEW)
    already = make_intervention(state=PUBLISHED)
    already_published_at = already.published_at

    moved = Intervention.objects.all().publish(by=curator, reason="Published (bulk action)")

    assert moved == 2
    for entry in (draft, in_review, already):
        entry.refresh_from_db()
        assert entry.is_published
    assert already.published_at == already_published_at
    assert latest_history(draft).history_change_reason == "Published (bulk action)"
    assert latest_history(draft).history_user == curator
    assert already.history.count() == 1, "an entry that did not move gets no history row"


def test_bulk_sending_for_review_leaves_published_entries_alone(editor):
    draft = make_intervention(state=DRAFT)
    published = make_intervention(state=PUBLISHED)
    assert Intervention.objects.all().send_for_review(by=editor) == 1
    draft.refresh_from_db()
    published.refresh_from_db()
    assert draft.publication_state == IN_REVIEW
    assert published.publication_state == PUBLISHED


def test_bulk_unpublishing_returns_published_entries_to_draft(curator):
    published = make_intervention(state=PUBLISHED)
    in_review = make_intervention(state=IN_REVIEW)
    assert Intervention.objects.all().unpublish(by=curator) == 1
    published.refresh_from_db()
    in_review.refresh_from_db()
    assert published.publication_state == DRAFT
    assert in_review.publication_state == IN_REVIEW


def test_bulk_publishing_takes_the_same_queries_for_two_entries_as_for_ten(
    curator, django_assert_num_queries
):
    curator = type(curator).objects.get(pk=curator.pk)  # no permission cache yet
    for _ in range(2):
        make_intervention(state=DRAFT)
    # The curator's own and group permissions, the entries to move, one bulk update, one
    # bulk insert of history rows, one bump of the catalogue's version.
    with django_assert_num_queries(6):
        Intervention.objects.all().publish(by=curator)
    curator = type(curator).objects.get(pk=curator.pk)
    for _ in range(10):
        make_intervention(state=DRAFT)
    with django_assert_num_queries(6):
        Intervention.objects.all().publish(by=curator)


def test_marking_as_reviewed_sets_the_date_and_takes_entries_off_the_due_list(editor):
    stale = make_intervention(last_reviewed=timezone.localdate() - timedelta(days=400))
    never = make_intervention(last_reviewed=None)
    assert set(Intervention.objects.due_for_review()) == {stale, never}

    Intervention.objects.filter(pk__in=[stale.pk, never.pk]).mark_reviewed(
        by=editor, on=date(2026, 3, 2)
    )

    stale.refresh_from_db()
    assert stale.last_reviewed == date(2026, 3, 2)
    assert latest_history(stale).history_change_reason == "Marked as reviewed on 2 March 2026"


def test_marking_one_entry_as_reviewed_records_who_did_it(editor):
    entry = make_intervention(last_reviewed=None)
    entry.mark_reviewed(by=editor)
    entry.refresh_from_db()
    assert entry.last_reviewed == timezone.localdate()
    assert latest_history(entry).history_user == editor
