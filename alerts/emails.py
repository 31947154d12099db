"""The emails of alerts, each in plain text and HTML, with absolute links to the site."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from alerts import tokens
from alerts.models import Frequency


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def links(subscription):
    """The links every email about ``subscription`` carries."""
    return {
        "search_url": absolute(subscription.get_absolute_url()),
        "unsubscribe_url": absolute(
            reverse("alerts:unsubscribe", args=[tokens.unsubscribe_token(subscription)])
        ),
        "manage_url": absolute(reverse("alerts:manage", args=[tokens.manage_token(subscription)])),
    }


def _message(subscription, subject, template, context, list_headers=False):
    context = {
        "subscription": subscription,
        "site_url": settings.SITE_URL,
        "privacy_url": absolute(reverse("privacy")),
        **links(subscription),
        **context,
    }
    headers = {}
    if list_headers:
        # RFC 8058: a mail client's own "Unsubscribe" button posts to this address.
        headers = {
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"alerts/emails/{template}.txt", context),
        to=[subscription.email],
        headers=headers,
    )
    message.attach_alternative(
        render_to_string(f"alerts/emails/{template}.html", context), "text/html"
    )
    return message


def confirmation_email(subscription, description):
    confirm_url = absolute(reverse("alerts:confirm", args=[tokens.confirm_token(subscription)]))
    return _message(
        subscription,
        "Confirm your email alert",
        "confirm",
        {
            "description": description,
            "confirm_url": confirm_url,
            "days": settings.ALERTS_CONFIRMATION_DAYS,
            "is_weekly": subscription.frequency == Frequency.WEEKLY,
        },
    )


def already_following_email(subscription, description):
    """Sent instead of a second confirmation when the address already follows the search."""
    return _message(
        subscription,
        "You already have this email alert",
        "already_following",
        {"description": description},
    )


def alert_email(subscription, description, entries):
    """``entries``: (entry, [change descriptions]) pairs, each entry once."""
    count = len(entries)
    subject = f"{count} new or changed {'entry' if count == 1 else 'entries'}: {description}"
    # A header is one line, whatever a search held.
    subject = " ".join(subject.split())
    if len(subject) > 150:
        subject = subject[:149] + "…"
    return _message(
        subscription,
        subject,
        "alert",
        {
            "description": description,
            "entries": [
                {
                    "name": entry.name,
                    "summary": entry.summary,
                    "url": absolute(entry.get_absolute_url()),
                    "changes": changes,
                }
                for entry, changes in entries
            ],
            "is_weekly": subscription.frequency == Frequency.WEEKLY,
        },
        list_headers=True,
    )
