"""Emails to staff about work in the admin, one function per email.

Each says why it was sent and links to the item in the admin; none carries more than the
recipient can already see there (an editor's email about their own change names the item,
the decision and the curator's comment, never anyone else's work).
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

logger = logging.getLogger(__name__)


def _send(template, context, to):
    subject, _, body = render_to_string(template, context).partition("\n\n")
    message = EmailMessage(
        subject=" ".join(subject.split()),
        body=body.strip() + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
    )
    try:
        message.send()
    except Exception:
        # The decision is saved and shown on the item's page; a mail outage must not undo it.
        logger.exception("Could not send email: %s", message.subject)


def send_revision_decided(revision, request):
    """Tells an editor that their change was approved or returned."""
    author = revision.author
    if not author.email or not author.is_active:
        return
    target = revision.target
    opts = target._meta
    context = {
        "revision": revision,
        "approved": revision.state == "approved",
        "reviewer": revision.reviewer.get_full_name() or revision.reviewer.get_username(),
        "item_url": request.build_absolute_uri(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[target.pk])
        ),
        "review_url": request.build_absolute_uri(revision.get_absolute_url()),
    }
    _send("admin/emails/revision_decided.txt", context, to=[author.email])
