from math import ceil

from django.http import HttpResponse, JsonResponse
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

# Set on a request once it has been counted against its client's rate.
COUNTED = "counted_against_rate"


class AnonymousRateThrottle(AnonRateThrottle):
    """Requests per client address, at the rate in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].

    The rate is read on each request rather than once at import, so a changed setting
    takes effect without a restart of the class.
    """

    scope = "anon"

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request, view):
        # As AnonRateThrottle, but also before authentication has run (the page cache).
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def allow_request(self, request, view):
        # The page cache counts a request before reading the cache (see
        # web.middleware.AnonymousPageCacheMiddleware); it must not count twice.
        if getattr(request, COUNTED, False):
            return True
        allowed = super().allow_request(request, view)
        if allowed:
            setattr(request, COUNTED, True)
        return allowed


def over_rate(request, as_json=False):
    """A 429 response if this client has used up its rate, else None.

    For views outside the API (the downloads and the feed), which share its budget.
    """
    throttle = AnonymousRateThrottle()
    if throttle.allow_request(request, None):
        return None
    wait = max(1, ceil(throttle.wait() or 1))
    message = (
        "Too many requests from this address. "
        f"Please wait {wait} second{'s' if wait != 1 else ''} and try again."
    )
    if as_json:
        response = JsonResponse({"detail": message, "retry_after": wait}, status=429)
    else:
        response = HttpResponse(
            f"{message}\n", status=429, content_type="text/plain; charset=utf-8"
        )
    response["Retry-After"] = str(wait)
    return response
