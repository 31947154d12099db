from math import ceil

from django.http import HttpResponse, JsonResponse
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousRateThrottle(AnonRateThrottle):
    """Requests per client address, at the rate in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].

    The rate is read on each request rather than once at import, so a changed setting
    takes effect without a restart of the class.
    """

    scope = "anon"

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


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
