"""The admin home: a curator's desk, or an editor's own work.

Each home is a list of rows built by one function. A row is a count of the work of one kind,
the admin list that shows all of it, and the oldest few items, oldest first. Work of a new
kind is one more `DeskRow` in `curator_desk` or `editor_home`.

Every row costs the same few queries however much work is waiting: one count and one query
for its oldest items (the data-quality row counts one query per model it checks).
"""

from datetime import date, datetime
from typing import NamedTuple
from urllib.parse import urlencode

from django.db.models import F
from django.urls import reverse

from curation.preferences import digest_preference_form
from curation.quality import data_quality_report
from interventions.models import (
    Intervention,
    PendingRevision,
    PublicationState,
    RevisionState,
    may_publish,
)
from submissions.models import Submission, SubmissionStatus

# How many of the oldest items each row lists under its count.
OLDEST_SHOWN = 5

# Submissions still waiting for a decision.
OPEN_SUBMISSION_STATUSES = [SubmissionStatus.NEW, SubmissionStatus.UNDER_REVIEW]

# The entries list filter that keeps the entries a user started (see STARTED_BY_ME).
STARTED_BY_PARAMETER = "started_by"
STARTED_BY_ME = "me"

# The revisions list filter that keeps the user's returned, unanswered revisions.
RETURNED_TO_PARAMETER = "returned_to"
RETURNED_TO_ME = "me"


class DeskItem(NamedTuple):
    label: str
    url: str
    # When the item started waiting, as the row explains it ("sent", "last reviewed").
    when: date | datetime | None
    detail: str = ""


class DeskRow(NamedTuple):
    slug: str
    label: str
    count: int
    url: str
    items: list
    # Says what the items' dates mean, e.g. "Oldest first, by the date they arrived".
    order_note: str = ""
    # What the row says when it is empty.
    empty: str = "None waiting."


def changelist(model, **params):
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def _entries_row(
    slug, label, queryset, list_params, order_by, when, order_note, empty, when_missing=""
):
    """A row of catalogue entries: their count and the oldest few by `order_by`.

    `when_missing` describes an item whose `when` is empty, e.g. "never reviewed".
    """
    oldest = queryset.order_by(*order_by, "pk").only("pk", "name", when)
    return DeskRow(
        slug=slug,
        label=label,
        count=queryset.count(),
        url=changelist(Intervention, **list_params),
        items=[
            DeskItem(
                entry.name,
                change_url(entry),
                getattr(entry, when),
                "" if getattr(entry, when) else when_missing,
            )
            for entry in oldest[:OLDEST_SHOWN]
        ],
        order_note=order_note,
        empty=empty,
    )


def drafts_in_review_row():
    return _entries_row(
        "drafts-in-review",
        "Drafts in review",
        Intervention.objects.filter(publication_state=PublicationState.IN_REVIEW),
        {"publication_state__exact": PublicationState.IN_REVIEW},
        ["updated_at"],
        "updated_at",
        "Oldest first, by their last change.",
        "No drafts are waiting for review.",
    )


def open_submissions_row():
    queryset = Submission.objects.filter(status__in=OPEN_SUBMISSION_STATUSES)
    oldest = (
        queryset.select_related("intervention")
        .order_by("created_at", "pk")
        .only(*SUBMISSION_ITEM_FIELDS)
    )
    return DeskRow(
        slug="open-submissions",
        label="New and open submissions",
        count=queryset.count(),
        url=changelist(
            Submission,
            status__in=",".join(OPEN_SUBMISSION_STATUSES),
            o=SUBMISSIONS_OLDEST_FIRST,
        ),
        items=[
            DeskItem(
                f"{submission.reference}: {submission.subject_name or 'no name given'}",
                change_url(submission),
                submission.created_at,
                submission.get_status_display(),
            )
            for submission in oldest[:OLDEST_SHOWN]
        ],
        order_note="Oldest first, by the date they arrived.",
        empty="No submissions are waiting for a decision.",
    )


SUBMISSION_ITEM_FIELDS = [
    "pk",
    "reference",
    "kind",
    "status",
    "intervention_name",
    "created_at",
    "intervention__id",
    "intervention__name",
]
# The submissions list sorted by its "created at" column, ascending. The column's number
# counts the action checkbox first (see SubmissionAdmin.list_display).
SUBMISSIONS_OLDEST_FIRST = "7"


def _revisions_row(slug, label, queryset, list_params, order_note, empty):
    """A row of pending revisions: their count and the oldest few, named by their item."""
    oldest = (
        queryset.select_related("author").prefetch_related("target").order_by("created_at", "pk")
    )
    return DeskRow(
        slug=slug,
        label=label,
        count=queryset.count(),
        url=changelist(PendingRevision, **list_params),
        items=[
            DeskItem(
                revision.target_label,
                revision.get_absolute_url(),
                revision.reviewed_at or revision.created_at,
                f"by {revision.author_name}",
            )
            for revision in oldest[:OLDEST_SHOWN]
        ],
        order_note=order_note,
        empty=empty,
    )


def revisions_waiting_row():
    return _revisions_row(
        "revisions-waiting",
        "Changes to published items waiting for review",
        # A change to an item deleted since is closed from its review page, not waited on.
        PendingRevision.objects.waiting().for_existing_items(),
        {"state": RevisionState.WAITING},
        "Oldest first, by the date they were sent.",
        "No changes are waiting for review.",
    )


def returned_revisions_row(user):
    return _revisions_row(
        "my-returned-revisions",
        "My changes returned by a curator",
        PendingRevision.objects.returned_to(user).for_existing_items(),
        {"state": RevisionState.RETURNED, RETURNED_TO_PARAMETER: RETURNED_TO_ME},
        "Oldest first. Open one to read the curator's comment, then change the item again.",
        "None of your changes has been returned.",
    )


def due_for_review_row():
    return _entries_row(
        "due-for-review",
        "Published entries due for review",
        Intervention.objects.published().due_for_review(),
        {"publication_state__exact": PublicationState.PUBLISHED, "review": "due"},
        [F("last_reviewed").asc(nulls_first=True), "name"],
        "last_reviewed",
        "Never reviewed first, then the longest since their last review.",
        "Every published entry was reviewed in the last twelve months.",
        when_missing="never reviewed",
    )


def data_quality_row(user):
    gaps = [row for row in data_quality_report(user) if row["count"]]
    return DeskRow(
        slug="data-quality",
        label="Data-quality gaps",
        count=sum(row["count"] for row in gaps),
        url=reverse("admin:data_quality"),
        items=[DeskItem(f"{row['label']}: {row['count']}", row["url"], None) for row in gaps],
        order_note="Each check with gaps, linked to the rows to fix.",
        empty="No gaps found.",
    )


def curator_desk(user):
    """The curator's desk: what waits for a curator, each count linked to its list."""
    rows = [
        revisions_waiting_row(),
        drafts_in_review_row(),
        open_submissions_row(),
        due_for_review_row(),
    ]
    if user.has_perm("interventions.view_data_quality"):
        rows.append(data_quality_row(user))
    return rows


def editor_home(user):
    """An editor's home: the entries they started that are not yet published."""
    started = Intervention.objects.started_by(user)
    return [
        _entries_row(
            "my-drafts",
            "My drafts",
            started.filter(publication_state=PublicationState.DRAFT),
            {
                "publication_state__exact": PublicationState.DRAFT,
                STARTED_BY_PARAMETER: STARTED_BY_ME,
            },
            ["updated_at"],
            "updated_at",
            "Oldest first, by their last change.",
            "You have no drafts.",
        ),
        _entries_row(
            "my-drafts-in-review",
            "My drafts in review",
            started.filter(publication_state=PublicationState.IN_REVIEW),
            {
                "publication_state__exact": PublicationState.IN_REVIEW,
                STARTED_BY_PARAMETER: STARTED_BY_ME,
            },
            ["updated_at"],
            "updated_at",
            "Oldest first, by their last change.",
            "None of your drafts is waiting for review.",
        ),
        returned_revisions_row(user),
    ]


def home_for(user):
    """The admin home's title and rows for this user, or None where neither home applies."""
    if may_publish(user):
        return {
            "title": "Curator's desk",
            "rows": curator_desk(user),
            "digest_form": digest_preference_form(user),
        }
    if user.has_perm("interventions.change_intervention"):
        return {"title": "My work", "rows": editor_home(user)}
    return None
