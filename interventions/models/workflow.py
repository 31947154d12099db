"""The publication workflow: draft, in review, published, and who may move an entry."""

from typing import NamedTuple

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.dispatch import Signal


class PublicationState(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in-review", "In review"
    PUBLISHED = "published", "Published"


PUBLISH_PERMISSION = "interventions.publish_intervention"


def may_publish(user):
    """Publishing and unpublishing are a curator's decision, wherever the request comes from."""
    return user is not None and user.is_active and user.has_perm(PUBLISH_PERMISSION)


# Sent once the transaction that first published entries commits, with their ids as `pks`;
# not sent when an entry is published again after being unpublished.
first_published = Signal()


def announce_first_publication(sender, pks):
    if pks:
        transaction.on_commit(lambda: first_published.send(sender=sender, pks=list(pks)))


def history_reason(text):
    """History keeps a change reason of at most 100 characters."""
    return text if len(text) <= 100 else text[:99] + "…"


class PublicationWorkflowError(Exception):
    """An entry cannot make the requested move, e.g. a published entry sent for review."""


class Transition(NamedTuple):
    target: str
    sources: tuple
    needs_publish_permission: bool
    reason: str

    def check_permission(self, user):
        if self.needs_publish_permission and not may_publish(user):
            raise PermissionDenied("Only curators can publish or unpublish entries.")


SEND_FOR_REVIEW = Transition(
    PublicationState.IN_REVIEW, (PublicationState.DRAFT,), False, "Sent for review"
)


PUBLISH = Transition(
    PublicationState.PUBLISHED,
    (PublicationState.DRAFT, PublicationState.IN_REVIEW),
    True,
    "Published",
)


UNPUBLISH = Transition(PublicationState.DRAFT, (PublicationState.PUBLISHED,), True, "Unpublished")
