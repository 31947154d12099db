"""The pending revision's own rules, as the database and the model keep them."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from interventions.models import (
    CatalogueVersion,
    PendingRevision,
    RevisionConflict,
    RevisionState,
    revision_token,
)
from tests.factories import make_intervention, make_outcome

pytestmark = pytest.mark.django_db


def test_saving_a_revision_leaves_the_catalogue_version_alone(editor):
    entry = make_intervention()
    version = CatalogueVersion.current()
    PendingRevision.submit(entry, editor, {"summary": ["New."]}, "token", "Why")
    assert CatalogueVersion.current() == version


def test_a_second_editors_revision_is_refused_while_one_waits(editor, curator):
    entry = make_intervention()
    PendingRevision.submit(entry, editor, {"summary": ["New."]}, "token", "Why")
    with pytest.raises(RevisionConflict, match="edith has a change to this waiting"):
        PendingRevision.submit(entry, curator, {"summary": ["Other."]}, "token", "Why")


def test_the_database_keeps_one_waiting_revision_per_object(editor, curator):
    entry = make_intervention()
    first = PendingRevision.submit(entry, editor, {}, "token", "")
    with pytest.raises(IntegrityError), transaction.atomic():
        PendingRevision.objects.create(
            content_type=first.content_type,
            object_id=entry.pk,
            author=curator,
            data={},
            base_token="token",
        )


def test_a_decided_revision_cannot_be_decided_again(editor, curator):
    revision = PendingRevision.submit(make_intervention(), editor, {}, "token", "")
    revision.send_back(curator, "No")
    with pytest.raises(ValidationError):
        revision.approve(curator, "Yes")
    assert PendingRevision.objects.get().state == RevisionState.RETURNED


def test_a_decision_without_a_reviewer_is_refused_by_the_database(editor):
    revision = PendingRevision.submit(make_intervention(), editor, {}, "token", "")
    revision.state = RevisionState.APPROVED
    with pytest.raises(ValidationError):
        revision.clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        revision.save()


def test_an_oversized_revision_is_refused(editor):
    with pytest.raises(ValidationError, match="too large"):
        PendingRevision.submit(make_intervention(), editor, {"summary": ["x" * 600_000]}, "t", "")


def test_the_token_changes_when_a_row_edited_with_the_entry_changes():
    entry = make_intervention()
    outcome = make_outcome(entry)
    before = revision_token(entry, [entry.outcomes.all()])
    assert revision_token(entry, [entry.outcomes.all()]) == before
    outcome.value = 99
    outcome.save()
    assert revision_token(entry, [entry.outcomes.all()]) != before
