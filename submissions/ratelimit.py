"""How much each client may send, counted in Django's cache in fixed hourly windows.

Two allowances share one window length (SUBMISSION_RATE_LIMIT_PERIOD):

- attempts: every post to either form, valid or not, counted before its body is read, so
  nobody can make the server read and inspect files without end (SUBMISSION_ATTEMPT_LIMIT);
- submissions: forms actually saved (SUBMISSION_RATE_LIMIT). A slot is reserved just before
  saving and given back if the save fails.

Counts are taken with cache.add() and cache.incr(), which are atomic, so simultaneous
requests each get their own number and no more than the limit get through.
"""

import contextlib

from django.conf import settings
from django.core.cache import cache

ATTEMPTS = "attempts"
SUBMISSIONS = "sent"


def client_address(request):
    """The client's IP address, looking past the number of proxies we were told to trust."""
    if settings.NUM_PROXIES > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= settings.NUM_PROXIES:
            return forwarded[-settings.NUM_PROXIES]
    return request.META.get("REMOTE_ADDR", "unknown")


def _key(request, allowance):
    return f"submissions:{allowance}:{client_address(request)}"


def _count(key):
    """Add one to the window's count and return the new total, starting a window if none."""
    for _attempt in range(3):
        if cache.add(key, 1, timeout=settings.SUBMISSION_RATE_LIMIT_PERIOD):
            return 1
        try:
            return cache.incr(key)
        except ValueError:  # The window ended between add() and incr(): start another.
            continue
    return 1


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
