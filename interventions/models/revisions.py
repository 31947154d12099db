"""Changes to published entries that wait for a curator: pending revisions.

An editor's change to a published entry, or to a report or figure a published entry shows, is
not saved to the live rows. It is kept here as the admin form that was posted (the entry's
fields and every inline row with it), so a curator can read it as a diff, and approving it
runs the very same form validation again before anything goes live.
"""

import hashlib
import json

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from interventions.models.workflow import history_reason

# The form fields that are not the object's data: the CSRF token, the buttons pressed.
NOT_DATA = {"csrfmiddlewaretoken", "_save", "_continue", "_addanother", "_saveasnew"}
# What a posted form may weigh when stored: an entry with every inline row is a few KB.
MAX_DATA_CHARS = 500_000


class RevisionState(models.TextChoices):
    WAITING = "waiting", "Waiting for review"
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Returned to the editor"
    SUPERSEDED = "superseded", "Superseded"


class RevisionConflict(Exception):
    """The object has a waiting revision by someone else, so another cannot be started."""

    def __init__(self, revision):
        self.revision = revision
        super().__init__(
            f"{revision.author_name} has a change to this waiting for review since "
            f"{timezone.localtime(revision.created_at):%-d %B %Y, %H:%M}. A curator approves or "
            "returns it first; then make your change."
        )


class PendingRevisionQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(state=RevisionState.WAITING)

    def for_object(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=obj.pk,
        )

    def returned_to(self, user):
        """The user's returned revisions that they have not yet answered with another change."""
        later = PendingRevision.objects.filter(
            content_type=OuterRef("content_type"),
            object_id=OuterRef("object_id"),
            author=OuterRef("author"),
            created_at__gt=OuterRef("created_at"),
        )
        return self.filter(author=user, state=RevisionState.RETURNED).exclude(Exists(later))

    def for_existing_items(self):
        """Revisions whose item still exists: a change to a deleted item is no work for anyone.

        One query finds the kinds of item among them; each kind then adds one condition.
        """
        kinds = ContentType.objects.filter(pk__in=self.values("content_type_id"))
        existing = Q()
        for kind in kinds:
            model = kind.model_class()
            if model is None:
                continue
            item = model._default_manager.filter(pk=OuterRef("object_id"))
            existing |= Q(content_type=kind) & Exists(item)
        return self.filter(existing) if existing else self.none()

    def waiting_ids(self, model):
        """The ids of the objects of this model with a waiting revision, for a list filter."""
        return self.waiting().filter(content_type=ContentType.objects.get_for_model(model))


class PendingRevision(models.Model):
    """One editor's change to one published object, waiting for a curator (or decided)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="revisions_written",
        help_text="The editor who made the change.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    data = models.JSONField(
        help_text="The admin form as posted, field name to list of values, re-validated on "
        "approval."
    )
    base_token = models.CharField(
        max_length=64,
        help_text="The live version the change was made against (see revision_token).",
    )
    reason = models.TextField(blank=True, help_text="Why the editor made the change.")
    state = models.CharField(
        max_length=20, choices=RevisionState.choices, default=RevisionState.WAITING
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions_reviewed",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(
        blank=True, help_text="The curator's reason for approving, or what to change."
    )

    objects = PendingRevisionQuerySet.as_manager()
    # Not shown to the public: saving one leaves the catalogue's version and caches alone.
    public_data = False

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One waiting revision per object: a second editor is refused (RevisionConflict).
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(state="waiting"),
                name="pending_revision_one_waiting_per_object",
            ),
            models.CheckConstraint(
                name="pending_revision_decided_has_reviewer",
                condition=Q(state__in=["waiting", "superseded"])
                | Q(reviewer__isnull=False, reviewed_at__isnull=False),
            ),
        ]
        indexes = [
            # The admin list's "Revision waiting" filter and the change page's notice.
            models.Index(fields=["content_type", "object_id", "state"], name="revision_target"),
        ]

    def __str__(self):
        return f"Change to {self.target_label} by {self.author_name}"

    def get_absolute_url(self):
        return reverse("admin:interventions_pendingrevision_change", args=[self.pk])

    def clean(self):
        if self.state in {RevisionState.APPROVED, RevisionState.RETURNED} and not (
            self.reviewer_id and self.reviewed_at
        ):
            raise ValidationError("An approved or returned revision names its reviewer.")

    @property
    def target_label(self):
        target = self.target
        if target is not None:
            return str(target)
        return f"a deleted {self.kind_label.lower()} (#{self.object_id})"

    @property
    def kind_label(self):
        """The kind of item changed, e.g. "Evaluation report"."""
        model = self.content_type.model_class()
        return model._meta.verbose_name.capitalize() if model is not None else "Item"

    @property
    def target_is_deleted(self):
        return self.target is None

    @property
    def author_name(self):
        return self.author.get_full_name() or self.author.get_username()

    @property
    def is_waiting(self):
        return self.state == RevisionState.WAITING

    @classmethod
    def submit(cls, obj, author, data, base_token, reason):
        """Keeps `author`'s change to `obj`. A second save by them supersedes their waiting
        revision; someone else's waiting revision refuses it (RevisionConflict)."""
        data = cls.data_to_keep(data)
        waiting = cls.objects.select_for_update().for_object(obj).waiting().first()
        if waiting is not None and waiting.author_id != author.pk:
            raise RevisionConflict(waiting)
        if waiting is not None:
            # The author's earlier version stays on record; the new one is what waits.
            waiting.state = RevisionState.SUPERSEDED
            waiting.save(update_fields=["state", "updated_at"])
        return cls.objects.create(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=obj.pk,
            author=author,
            data=data,
            base_token=base_token,
            reason=reason,
        )

    @staticmethod
    def data_to_keep(data):
        """The posted form as a revision keeps it; ValidationError when it is too large."""
        data = {
            name: [str(value) for value in values]
            for name, values in data.items()
            if name not in NOT_DATA
        }
        if len(json.dumps(data)) > MAX_DATA_CHARS:
            raise ValidationError("This change is too large to keep for review.")
        return data

    def approve(self, reviewer, comment):
        self._decide(RevisionState.APPROVED, reviewer, comment)

    def send_back(self, reviewer, comment):
        self._decide(RevisionState.RETURNED, reviewer, comment)

    def close_for_deleted_item(self, reviewer, comment):
        """Closes a waiting change whose item has since been deleted: nothing is left to
        apply it to. It is kept, superseded, with who closed it and why."""
        if not self.target_is_deleted:
            raise ValidationError("Only a change to a deleted item can be closed this way.")
        self._decide(RevisionState.SUPERSEDED, reviewer, comment)

    def _decide(self, state, reviewer, comment):
        if not self.is_waiting:
            raise ValidationError("This revision has already been decided.")
        self.state = state
        self.reviewer = reviewer
        self.reviewed_at = timezone.now()
        self.review_comment = comment
        self.save()

    def submitted_reason(self):
        return history_reason(f"Change submitted for review: {self.reason or 'no reason given'}")


def revision_token(obj, related=()):
    """A fingerprint of the object as the admin shows it: its fields and the rows edited with it.

    Two people saving one object compare it with the one their form was opened with, so the
    second save cannot silently overwrite the first. `related` holds querysets of the rows
    edited with the object (its inline rows).
    """
    names = [f.name for f in (*obj._meta.concrete_fields, *obj._meta.many_to_many) if f.editable]
    state = [model_to_dict(obj, fields=names)]
    for rows in related:
        state.append([model_to_dict(row) for row in rows.order_by("pk")])
    text = json.dumps(state, default=_as_key, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def _as_key(value):
    return value.pk if isinstance(value, models.Model) else str(value)
