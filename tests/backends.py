"""Authentication for the test suite: sign-in throttling as in production, client.login() too."""

from axes.backends import AxesStandaloneBackend


class AxesBackendAllowingTestLogin(AxesStandaloneBackend):
    """django-axes needs the request to key a lockout on; the test client's login() has none.

    Sign-ins through the admin's form still carry a request, so they are throttled in tests
    exactly as in production.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
