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
