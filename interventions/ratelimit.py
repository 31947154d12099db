"""The one rate limiter of the public forms: counts per client in fixed windows of Django's cache.

Counts are taken with cache.add() and cache.incr(), which are atomic, so simultaneous
requests each get their own number and no more than a limit get through. The forms that
use it (submissions, alerts) each keep their own keys and limits.
"""

from django.conf import settings
from django.core.cache import cache


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


def count_in_window(key, period):
    """Add one to the window's count under ``key`` and return the new total, starting a
    window of ``period`` seconds if none is running."""
    for _attempt in range(3):
        if cache.add(key, 1, timeout=period):
            return 1
        try:
            return cache.incr(key)
        except ValueError:  # The window ended between add() and incr(): start another.
            continue
    return 1
