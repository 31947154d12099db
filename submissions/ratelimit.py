"""How much each client may send, counted in Django's cache in fixed hourly windows.

Two allowances share one window length (SUBMISSION_RATE_LIMIT_PERIOD):

- attempts: every post to either form, valid or not, counted before its body is read, so
  nobody can make the server read and inspect files without end (SUBMISSION_ATTEMPT_LIMIT);
- submissions: forms actually saved (SUBMISSION_RATE_LIMIT). A slot is reserved just before
  saving and given back if the save fails.

The counting itself is interventions.ratelimit's, shared with the other public forms.
"""

import contextlib

from django.conf import settings
from django.core.cache import cache

from interventions.ratelimit import client_address, count_in_window

ATTEMPTS = "attempts"
SUBMISSIONS = "sent"


def _key(request, allowance):
    return f"submissions:{allowance}:{client_address(request)}"


def _count(key):
    return count_in_window(key, settings.SUBMISSION_RATE_LIMIT_PERIOD)


def record_attempt(request):
    """Count a post to either form; False once the client is over its hourly attempts."""
    return _count(_key(request, ATTEMPTS)) <= settings.SUBMISSION_ATTEMPT_LIMIT


def submissions_used_up(request):
    """A look, before any work, at whether the client has already sent all it may."""
    return cache.get(_key(request, SUBMISSIONS), 0) >= settings.SUBMISSION_RATE_LIMIT


def reserve_submission(request):
    """Take one of the client's submissions for the hour; False if none is left."""
    return _count(_key(request, SUBMISSIONS)) <= settings.SUBMISSION_RATE_LIMIT


def release_submission(request):
    """Give back a reserved submission that was not saved after all."""
    with contextlib.suppress(ValueError):  # The window has ended anyway.
        cache.decr(_key(request, SUBMISSIONS))
