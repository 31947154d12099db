"""The signed links of alert emails: confirm, unsubscribe and manage.

Each is signed with the site's secret key and a salt of its own, so one kind of link can
never be used as another. A link names its alert by number and by a keyed digest of the
address, never by the address itself: addresses do not end up in logs of the links. A
confirmation works for the confirmation period, a manage link for ALERTS_MANAGE_LINK_DAYS,
an unsubscribe link as long as its alert exists.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

CONFIRM = "alerts.confirm"
UNSUBSCRIBE = "alerts.unsubscribe"
MANAGE = "alerts.manage"
# Longer than any token this module makes: anything longer is not read at all.
TOKEN_MAX_LENGTH = 200


class BadToken(ValueError):
    pass


def address_digest(email):
    return salted_hmac("alerts.address", email.lower()).hexdigest()[:24]


def _dumps(subscription, salt):
    return signing.dumps([subscription.pk, address_digest(subscription.email)], salt=salt)


def _loads(token, salt, max_age=None):
    """(alert number, address digest) from a token, or BadToken."""
    if not isinstance(token, str) or len(token) > TOKEN_MAX_LENGTH or "\x00" in token:
        raise BadToken
    try:
        value = signing.loads(token, salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        raise BadToken from None
    if not (isinstance(value, list) and len(value) == 2):
        raise BadToken
    pk, digest = value
    if not isinstance(pk, int) or not isinstance(digest, str):
        raise BadToken
    return pk, digest


def matches(subscription, reference):
    """Whether ``subscription`` is the alert a token names."""
    pk, digest = reference
    return subscription.pk == pk and constant_time_compare(
        address_digest(subscription.email), digest
    )


def confirm_token(subscription):
    return _dumps(subscription, CONFIRM)


def read_confirm_token(token):
    return _loads(token, CONFIRM, timedelta(days=settings.ALERTS_CONFIRMATION_DAYS))


def unsubscribe_token(subscription):
    return _dumps(subscription, UNSUBSCRIBE)


def read_unsubscribe_token(token):
    return _loads(token, UNSUBSCRIBE)


def manage_token(subscription):
    """A link to every alert of ``subscription``'s address, reached through this one."""
    return _dumps(subscription, MANAGE)


def read_manage_token(token):
    return _loads(token, MANAGE, timedelta(days=settings.ALERTS_MANAGE_LINK_DAYS))
