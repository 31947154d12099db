"""Counts submissions per client in Django's cache: a fixed window that starts at the first."""

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


def _key(request):
    return f"submissions:sent:{client_address(request)}"


def limit_reached(request):
    return cache.get(_key(request), 0) >= settings.SUBMISSION_RATE_LIMIT


def count_submission(request):
    key = _key(request)
    if not cache.add(key, 1, timeout=settings.SUBMISSION_RATE_LIMIT_PERIOD):
        try:
            cache.incr(key)
        except ValueError:  # Expired between add() and incr().
            cache.add(key, 1, timeout=settings.SUBMISSION_RATE_LIMIT_PERIOD)
