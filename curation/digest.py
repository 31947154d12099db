"""The curators' digest: one email to each curator when there is new work for them.

New work is a submission still marked new, a draft sent for review, or an editor's change to
a published item waiting for review. Each curator is told
about each piece of work once (curation.models.SentDigestItem); a draft sent back and sent
for review again counts as new again. Run it on a schedule: `manage.py send_curator_digest`.

The email carries titles and links into the admin only: never a submitter's contact details,
what they wrote, or their documents.
"""

from typing import NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse

from curation.models import DigestItemKind, SentDigestItem
from interventions.models import Intervention, PendingRevision, PublicationState
from interventions.models.workflow import PUBLISH_PERMISSION
from submissions.models import Submission, SubmissionStatus


class Work(NamedTuple):
    kind: str
    object_id: int
    occasion: int
    title: str
    url: str


def one_line(text):
    """A title as one line: what the public typed cannot start lines of its own in the email."""
    return " ".join(text.split())


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def new_submissions():
    submissions = (
        Submission.objects.filter(status=SubmissionStatus.NEW)
        .select_related("intervention")
        .order_by("created_at", "pk")
    )
    return [
        Work(
            DigestItemKind.SUBMISSION,
            submission.pk,
            0,
            one_line(f"{submission.reference}: {submission.subject_name or 'no name given'}"),
            absolute(submission.get_admin_url()),
        )
        for submission in submissions
    ]


def drafts_in_review():
    # Each stay in review starts after the entry's last recorded version in another state.
    before_review = (
        Intervention.history.filter(id=OuterRef("pk"))
        .exclude(publication_state=PublicationState.IN_REVIEW)
        .order_by("-history_id")
        .values("history_id")[:1]
    )
    entries = (
        Intervention.objects.filter(publication_state=PublicationState.IN_REVIEW)
        .annotate(occasion=Coalesce(Subquery(before_review), Value(0)))
        .order_by("updated_at", "pk")
        .only("pk", "name")
    )
    return [
        Work(
            DigestItemKind.IN_REVIEW,
            entry.pk,
            entry.occasion,
            one_line(entry.name),
            absolute(reverse("admin:interventions_intervention_change", args=[entry.pk])),
        )
        for entry in entries
    ]


def revisions_waiting():
    revisions = (
        PendingRevision.objects.waiting()
        .for_existing_items()
        .select_related("author")
        .prefetch_related("target")
        .order_by("created_at", "pk")
    )
    return [
        Work(
            DigestItemKind.REVISION,
            revision.pk,
            0,
            one_line(f"{revision.target_label}, changed by {revision.author_name}"),
            absolute(revision.get_absolute_url()),
        )
        for revision in revisions
    ]


def all_new_work():
    return new_submissions() + drafts_in_review() + revisions_waiting()


def curators():
    """Active staff holding the publish permission through a role or their own, with an
    email address, who have not turned the digest off. Superusers are not curators unless
    they also have the role."""
    app_label, codename = PUBLISH_PERMISSION.split(".")
    permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .exclude(email="")
        .exclude(staff_preferences__receives_curator_digest=False)
        .filter(Q(groups__permissions=permission) | Q(user_permissions=permission))
        .distinct()
        .order_by("pk")
    )


def unsent(recipient, work):
    sent = set(
        SentDigestItem.objects.filter(recipient=recipient).values_list(
            "kind", "object_id", "occasion"
        )
    )
    return [item for item in work if (item.kind, item.object_id, item.occasion) not in sent]


def digest_message(recipient, items):
    submissions = [item for item in items if item.kind == DigestItemKind.SUBMISSION]
    drafts = [item for item in items if item.kind == DigestItemKind.IN_REVIEW]
    revisions = [item for item in items if item.kind == DigestItemKind.REVISION]
    context = {
        "recipient": recipient,
        "submissions": submissions,
        "drafts": drafts,
        "revisions": revisions,
        "desk_url": absolute(reverse("admin:index")),
    }
    subject, _, body = render_to_string("curation/emails/digest.txt", context).partition("\n\n")
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body.strip() + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
    )


def send_digest(recipient, work):
    """Email the recipient the work they have not been told about; how many items, or 0.

    The recipient's row is locked while this runs, so two runs at once cannot both send.
    """
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=recipient.pk).first()
        items = unsent(recipient, work)
        if not items:
            return 0
        digest_message(recipient, items).send()
        SentDigestItem.objects.bulk_create(
            [
                SentDigestItem(
                    recipient=recipient,
                    kind=item.kind,
                    object_id=item.object_id,
                    occasion=item.occasion,
                )
                for item in items
            ],
            ignore_conflicts=True,
        )
        return len(items)
