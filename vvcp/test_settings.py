"""Settings for the test suite: production-like, with a throwaway key and fast hashing."""

import os

from django.core.management.utils import get_random_secret_key

os.environ.setdefault("SECRET_KEY", get_random_secret_key())

from vvcp.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Serve static files from the source folders; tests never run collectstatic.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
# Tests that exercise the page cache turn it on themselves.
PAGE_CACHE_SECONDS = 0
CATALOGUE_CACHE_SECONDS = 0
# A process's reading of the catalogue's version in the database lasts this long; tests that
# need it to expire move the clock (tests/vvcp/test_catalogue_version.py), so no query count
# depends on how fast the machine is.
CATALOGUE_VERSION_CHECK_SECONDS = 60
LOGGING["loggers"]["vvcp.requests"]["level"] = "WARNING"  # noqa: F405
AUTHENTICATION_BACKENDS = [
    "tests.backends.AxesBackendAllowingTestLogin",
    "django.contrib.auth.backends.ModelBackend",
]
# Every test shares one client address and one cache; the throttling tests set a low
# rate of their own.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "100000/min"}}  # noqa: F405
# A replica that is the test database itself, read through a connection of its own; only
# the tests of the router (tests/web/test_replica.py) send reads to it.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
READ_REPLICA = None
# Tests publish and send in the same second; tests/alerts/test_sending.py checks the margin.
ALERTS_SETTLE_SECONDS = 0
