"""What the background worker does: confirmations, alerts and forgetting the unconfirmed.

Each function takes ``progress``, a callable given one line of text at a time, so the
worker's log and the management command print the same account of a run. Addresses are
never printed: a subscription is named by its number.
"""

import logging
from datetime import timedelta
from smtplib import SMTPException

from django.conf import settings
from django.utils import timezone

from alerts.emails import alert_email, already_following_email, confirmation_email
from alerts.models import Subscription
from alerts.searches import UnfollowableSearch, describe, read_search
from evaluations.models import PublicChange

logger = logging.getLogger(__name__)


def send_confirmation(subscription_id, progress=logger.info):
    """Sends the confirmation of a new subscription, or, when it was already confirmed, a
    note with the link to manage the address's alerts. False if it no longer exists."""
    subscription = Subscription.objects.filter(pk=subscription_id).first()
    if subscription is None:
        progress(f"Subscription {subscription_id} no longer exists: nothing to confirm.")
        return False
    try:
        description = describe(read_search(subscription.search))
    except UnfollowableSearch:
        progress(f"Subscription {subscription_id} follows a search that no longer works.")
        return False
    if subscription.is_confirmed:
        message = already_following_email(subscription, description)
    else:
        message = confirmation_email(subscription, description)
    message.send()
    progress(f"Sent the confirmation email of subscription {subscription_id}.")
    return True


def changed_entries(subscription, changes):
    """(entry, [change descriptions]) for each published entry of the subscription's search
    that ``changes`` concern, each entry once and each change once, oldest first."""
    entry_ids = {change.intervention_id for change in changes}
    if not entry_ids:
        return []
    matching = {
        entry.pk: entry for entry in read_search(subscription.search).qs.filter(pk__in=entry_ids)
    }
    grouped = {}
    for change in changes:
        entry = matching.get(change.intervention_id)
        if entry is None:
            continue
        descriptions = grouped.setdefault(entry.pk, (entry, []))[1]
        if change.description not in descriptions:
            descriptions.append(change.description)
    return list(grouped.values())


def send_alerts(frequency, now=None, progress=logger.info):
    """Emails each confirmed subscription of ``frequency`` the public changes to its search
    since its last-sent time, then moves that time on. Returns how many emails were sent.

    A subscription is claimed by moving its time on before its email goes, so two workers
    never send the same change twice; if the email cannot be sent, the time is put back
    and the next run tries again.
    """
    until = (now or timezone.now()) - timedelta(seconds=settings.ALERTS_SETTLE_SECONDS)
    subscriptions = list(Subscription.objects.due(frequency).filter(last_sent_at__lt=until))
    if not subscriptions:
        progress(f"No {frequency} alerts are due.")
        return 0
    earliest = min(subscription.last_sent_at for subscription in subscriptions)
    changes = list(
        PublicChange.objects.of_published_entries()
        .filter(happened_at__gt=earliest, happened_at__lte=until)
        .order_by("happened_at", "pk")
    )
    progress(
        f"Checking {len(subscriptions)} {frequency} alerts against {len(changes)} public "
        f"changes since {earliest:%Y-%m-%d %H:%M:%S %Z}."
    )
    sent = 0
    for number, subscription in enumerate(subscriptions, 1):
        previous = subscription.last_sent_at
        claimed = Subscription.objects.filter(pk=subscription.pk, last_sent_at=previous).update(
            last_sent_at=until
        )
        if not claimed:
            progress(f"[{number}/{len(subscriptions)}] {subscription.pk}: taken by another run.")
            continue
        own = [change for change in changes if change.happened_at > previous]
        try:
            entries = changed_entries(subscription, own)
        except UnfollowableSearch as problem:
            progress(f"[{number}/{len(subscriptions)}] {subscription.pk}: skipped, {problem}")
            continue
        if not entries:
            progress(f"[{number}/{len(subscriptions)}] {subscription.pk}: nothing new.")
            continue
        description = describe(read_search(subscription.search))
        try:
            alert_email(subscription, description, entries).send()
        except (SMTPException, OSError) as error:
            Subscription.objects.filter(pk=subscription.pk).update(last_sent_at=previous)
            progress(f"[{number}/{len(subscriptions)}] {subscription.pk}: not sent ({error}).")
            continue
        except Exception:
            # One alert that cannot be written must not hold back the others.
            Subscription.objects.filter(pk=subscription.pk).update(last_sent_at=previous)
            logger.exception("Alert %s could not be sent", subscription.pk)
            progress(f"[{number}/{len(subscriptions)}] {subscription.pk}: not sent (an error).")
            continue
        sent += 1
        progress(f"[{number}/{len(subscriptions)}] {subscription.pk}: sent {len(entries)} entries.")
    progress(f"Sent {sent} {frequency} alert emails.")
    return sent


def forget_unconfirmed(now=None, progress=logger.info):
    """Deletes the subscriptions whose address never confirmed in time."""
    deleted, _ = Subscription.objects.expired(now).delete()
    progress(f"Forgot {deleted} unconfirmed subscriptions.")
    return deleted


def forget_old_changes(now=None, progress=logger.info):
    """Deletes public changes every alert has moved past, once they are older than the
    keeping period: an alert that could not be sent for a while still gets its news."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.ALERTS_KEEP_CHANGES_DAYS)
    oldest_watermark = (
        Subscription.objects.confirmed()
        .order_by("last_sent_at")
        .values_list("last_sent_at", flat=True)
        .first()
    )
    if oldest_watermark is not None:
        cutoff = min(cutoff, oldest_watermark)
    deleted, _ = PublicChange.objects.filter(happened_at__lt=cutoff).delete()
    progress(f"Forgot {deleted} public changes from before {cutoff:%Y-%m-%d}.")
    return deleted
