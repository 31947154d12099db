"""The signed links of alert emails: confirm, unsubscribe and manage.

Each is signed with the site's secret key and a salt of its own, so one kind of link can
never be used as another, and carries the address it was sent to. A confirmation works
for the confirmation period, a manage link for ALERTS_MANAGE_LINK_DAYS, an unsubscribe
link as long as its subscription exists.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing

CONFIRM = "alerts.confirm"
UNSUBSCRIBE = "alerts.unsubscribe"
MANAGE = "alerts.manage"
# Longer than any token this module makes: anything longer is not read at all.
TOKEN_MAX_LENGTH = 400


class BadToken(ValueError):
    pass


def _load(token, salt, max_age=None):
    if not isinstance(token, str) or len(token) > TOKEN_MAX_LENGTH or "\x00" in token:
        raise BadToken
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        raise BadToken from None


def _subscription_ref(token, salt, max_age=None):
    value = _load(token, salt, max_age)
    if not (isinstance(value, list) and len(value) == 2):
        raise BadToken
    pk, email = value
    if not isinstance(pk, int) or not isinstance(email, str):
        raise BadToken
    return pk, email


def confirm_token(subscription):
    return signing.dumps([subscription.pk, subscription.email], salt=CONFIRM)


def read_confirm_token(token):
    """(subscription id, address) of a confirmation link that has not expired."""
    return _subscription_ref(token, CONFIRM, timedelta(days=settings.ALERTS_CONFIRMATION_DAYS))


def unsubscribe_token(subscription):
    return signing.dumps([subscription.pk, subscription.email], salt=UNSUBSCRIBE)


def read_unsubscribe_token(token):
    return _subscription_ref(token, UNSUBSCRIBE)


def manage_token(email):
    return signing.dumps(email, salt=MANAGE)


def read_manage_token(token):
    """The address of a manage link that has not expired."""
    email = _load(token, MANAGE, timedelta(days=settings.ALERTS_MANAGE_LINK_DAYS))
    if not isinstance(email, str):
        raise BadToken
    return email
