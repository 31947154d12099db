"""The submitter is told when the entry made from their practice is published, if they asked.

One email per submission, ever: the submission records when it was sent, and the record is
claimed before the email goes, so two publications racing cannot both send it. The email
names the entry and links to its public page, which exists from the moment it is sent.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone

from interventions.models import Intervention
from submissions.models import Submission

logger = logging.getLogger(__name__)


def tell_submitters_of_publication(sender, pks, **kwargs):
    """Receives interventions' `first_published` signal."""
    waiting = Submission.objects.filter(
        created_intervention__in=Intervention.objects.published().filter(pk__in=pks),
        notify_on_publication=True,
        publication_notified_at__isnull=True,
    ).select_related("created_intervention")
    for submission in waiting:
        claimed = Submission.objects.filter(
            pk=submission.pk, publication_notified_at__isnull=True
        ).update(publication_notified_at=timezone.now())
        if claimed:
            _send(submission)


def _send(submission):
    entry = submission.created_intervention
    context = {
        "submission": submission,
        "entry": entry,
        "entry_url": f"{settings.SITE_URL}{entry.get_absolute_url()}",
        "mailbox": settings.VKPP_MAILBOX,
    }
    subject, _, body = render_to_string("submissions/emails/published.txt", context).partition(
        "\n\n"
    )
    message = EmailMessage(
        subject=" ".join(subject.split()),
        body=body.strip() + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[submission.submitter_email],
        reply_to=[settings.VKPP_MAILBOX],
    )
    try:
        message.send()
    except Exception:
        # Not sent: clear the record so that it shows in the admin as not told.
        Submission.objects.filter(pk=submission.pk).update(publication_notified_at=None)
        logger.exception("Could not tell the submitter of %s of publication", submission)
