"""Plain-text emails about a new submission.

The submitter's copy carries nothing they typed, so the form cannot be used to send
someone else a message of an attacker's choosing. The mailbox copy names the submission
with HTML special characters escaped, and points to the queue for everything else.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def _message(template, context, to, reply_to):
    subject, _, body = render_to_string(template, context).partition("\n\n")
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body.strip() + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to,
    )


def send_submission_emails(submission, request):
    context = {
        "submission": submission,
        "mailbox": settings.VKPP_MAILBOX,
        "queue_url": request.build_absolute_uri(submission.get_admin_url()),
        "file_count": submission.files.count(),
    }
    messages = [
        _message(
            "submissions/emails/to_submitter.txt",
            context,
            to=[submission.submitter_email],
            reply_to=[settings.VKPP_MAILBOX],
        ),
        _message(
            "submissions/emails/to_mailbox.txt",
            context,
            to=[settings.VKPP_MAILBOX],
            reply_to=[],
        ),
    ]
    for message in messages:
        try:
            message.send()
        except Exception:
            # The submission is saved and in the queue; a mail outage must not lose it.
            logger.exception("Could not send email about submission %s", submission.reference)
