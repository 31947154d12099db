"""Settings for the violence-reduction interventions catalogue.

Everything that differs between a laptop and production comes from the
environment. The database is always PostgreSQL, named by DATABASE_URL; `make run` and
`make test` start an embedded server and set it when it is not given.
"""

import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name, default=()):
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or list(default)


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_float(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {value!r}") from None


def env_url_prefix(name, default):
    """A URL prefix such as 'admin/' or 'staff/admin/', with or without the slashes."""
    value = os.environ.get(name, "").strip().strip("/")
    if not value:
        return default
    if not re.fullmatch(r"[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*", value):
        raise ImproperlyConfigured(
            f"{name} must be a path of letters, digits, '-' and '_' such as 'staff/', not {value!r}"
        )
    return f"{value}/"


def env_site_url(name, default):
    """The site's address as readers reach it, e.g. 'https://catalogue.example.org'."""
    value = os.environ.get(name, "").strip().rstrip("/") or default
    if not re.fullmatch(r"https?://[A-Za-z0-9.-]+(:[0-9]+)?", value):
        raise ImproperlyConfigured(
            f"{name} must be an address such as 'https://catalogue.example.org', not {value!r}"
        )
    return value


def env_secret(name):
    """Read a secret from NAME, or from the file named by NAME_FILE."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.environ.get(name, "")


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_secret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off. "
            "For local development run with DEBUG=true (the Makefile does)."
        )
    # Local development only: a per-process key, so no key ever lives in the repository.
    from django.core.management.utils import get_random_secret_key

    SECRET_KEY = get_random_secret_key()

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "curation.admin_app.CatalogueAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "simple_history",
    "import_export",
    "axes",
    "csp",
    # The background worker's PostgreSQL queue: its tables, `manage.py procrastinate worker`.
    "procrastinate.contrib.django",
    "interventions",
    "evaluations",
    "evidence",
    "submissions",
    "alerts",
    "api",
    "catalogue",
    "curation",
]

MIDDLEWARE = [
    "web.middleware.RequestLogMiddleware",
    # Before anything reads the database: whether this request reads the primary.
    "web.replica.PrimaryForStaffMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "web.middleware.ContentSecurityPolicyMiddleware",
    "web.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # What shared caches in front (a CDN, nginx) may keep; outside the rate limit, so that
    # its refusals are marked private too.
    "web.shared_cache.SharedCacheMiddleware",
    # Counts the API, downloads and feed against the client's rate before any cache is read.
    "web.middleware.RateLimitMiddleware",
    "web.middleware.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "web.middleware.AdminInputMiddleware",
    "web.middleware.JsonMethodNotAllowedMiddleware",
    "api.middleware.OpenDataMiddleware",
    "api.middleware.OldSlugRedirectMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "vvcp.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "api.context_processors.data_licence",
            ],
        },
    },
]

WSGI_APPLICATION = "vvcp.wsgi.application"
ASGI_APPLICATION = "vvcp.asgi.application"

if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured(
        "DATABASE_URL is not set. Run the catalogue with `make run` (or the tests with "
        "`make test`), which start an embedded PostgreSQL server, or set DATABASE_URL to a "
        "PostgreSQL database, e.g. postgres://user@127.0.0.1:5432/vvcp."
    )
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        "DATABASE_URL must name a PostgreSQL database (postgres://...): the catalogue's "
        "search, filters and counts are PostgreSQL's."
    )
if env_bool("DATABASE_POOL"):
    # psycopg's connection pool replaces persistent connections; Django requires age 0.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("DATABASE_POOL_MIN", "2")),
        "max_size": int(os.environ.get("DATABASE_POOL_MAX", "10")),
    }

# Pages run many short queries. PostgreSQL's JIT compiler starts on plans that merely look
# costly (a large table behind an EXISTS that stops at its first row) and spends 10 to 20 ms
# compiling a query that then runs in under one.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

# A PostgreSQL read replica of DATABASE_URL, when there is one: the anonymous public
# pages, downloads and API read it; writes, staff and forms use the primary
# (web.replica, which says why).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **dj_database_url.config(
            env="DATABASE_REPLICA_URL",
            conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
            conn_health_checks=True,
        ),
        "OPTIONS": DATABASES["default"].get("OPTIONS", {}),
        # The test suite reads the one test database through both names.
        "TEST": {"MIRROR": "default"},
    }
    if DATABASES["replica"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL must name a PostgreSQL database (postgres://...)."
        )
READ_REPLICA = "replica" if "replica" in DATABASES else None
DATABASE_ROUTERS = ["web.replica.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out username and address is refused before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# The curation admin. Its address can be moved away from the well-known /admin/.
ADMIN_URL = env_url_prefix("ADMIN_URL", "admin/")

# Django's protections stay on everywhere; production adds HTTPS-only behaviour.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
if env_bool("BEHIND_TLS_PROXY"):
    # Only when a proxy we control terminates TLS and sets this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The health check must answer plain HTTP from the load balancer.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# No inline script or style on public pages: everything comes from our own static files.
# django-csp writes the header (web.middleware.ContentSecurityPolicyMiddleware).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# Django's own admin templates carry a few inline style attributes.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "style-src": [SELF, UNSAFE_INLINE],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)


def redis_cache(url):
    """Redis, shared by every app server and worker; while it cannot be reached, each
    process carries on with its own memory (web.cache)."""
    timeout = env_float("REDIS_TIMEOUT", 0.5)
    return {
        "BACKEND": "web.cache.DegradingRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "vvcp",
        # A dead or unreachable Redis must cost a reader a fraction of a second, not hang.
        "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout},
    }


# Local memory by default; Redis when REDIS_URL is set. The page cache's version number,
# the catalogue's aggregates and the rate limits all live here.
if os.environ.get("REDIS_URL"):
    CACHES = {"default": redis_cache(os.environ["REDIS_URL"])}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Whole-page cache for anonymous readers; 0 turns it off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0" if DEBUG else "600"))
# Aggregates derived from the catalogue (facet counts) are kept this long per catalogue
# version; every curator change starts a new version. 0 computes them on every request.
CATALOGUE_CACHE_SECONDS = int(os.environ.get("CATALOGUE_CACHE_SECONDS", "3600"))
# Each process reads the catalogue's version from the database at most this often, so a
# change reaches every app server within it even if the shared cache missed the news.
CATALOGUE_VERSION_CHECK_SECONDS = env_float("CATALOGUE_VERSION_CHECK_SECONDS", 5)

# Shared caches in front of the site (a CDN, or nginx's proxy_cache): how long they may
# serve an anonymous reader's public page, download or API answer without asking the site
# (s-maxage), and how long after that they may still serve it while they ask
# (stale-while-revalidate). Asking is cheap: an unchanged page is a 304 (web.shared_cache).
# A curator's change reaches readers through such a cache within SHARED_CACHE_SECONDS plus
# CATALOGUE_VERSION_CHECK_SECONDS. 0 makes shared caches ask on every request.
SHARED_CACHE_SECONDS = env_int("SHARED_CACHE_SECONDS", 60)
SHARED_CACHE_STALE_SECONDS = env_int("SHARED_CACHE_STALE_SECONDS", 300)
if SHARED_CACHE_SECONDS < 0 or SHARED_CACHE_STALE_SECONDS < 0:
    raise ImproperlyConfigured("SHARED_CACHE_SECONDS and SHARED_CACHE_STALE_SECONDS must be >= 0")
# Names this release of the site (e.g. its commit) in the pages' ETags, so a shared cache
# never keeps a page of the previous release; without it, a digest of the code is used.
RELEASE_ID = os.environ.get("RELEASE_ID", "").strip()

# Exposes /__baseline__ for scripts/bench.py; never on in production.
BENCHMARK_BASELINE = env_bool("BENCHMARK_BASELINE", default=False)

PAGE_CACHE_EXCLUDED_PATHS = [
    f"/{ADMIN_URL}",
    "/share-practice/",
    # Confirming and unsubscribing act on every request; each page is one address's own.
    "/alerts/",
    "/healthz",
    "/static/",
]
# Counted against each client's API rate (API_THROTTLE_RATE), cached or not, whoever asks:
# the API, the feed and the bulk downloads. An entry's or report's citation (cite.ris) is
# one small file, like the page it belongs to, so it is not counted.
RATE_LIMITED_PATHS = [
    "/api/",
    "/interventions/feed/",
    "/interventions/download.",
    "/outcomes/download.",
]

# Email alerts for a search: how many one address may hold, how long an unconfirmed one
# waits for its confirmation, how many subscribe attempts a client may make an hour, and
# how long the link to manage an address's alerts works.
ALERTS_PER_ADDRESS = env_int("ALERTS_PER_ADDRESS", 20)
ALERTS_CONFIRMATION_DAYS = env_int("ALERTS_CONFIRMATION_DAYS", 7)
ALERTS_SUBSCRIBE_LIMIT = env_int("ALERTS_SUBSCRIBE_LIMIT", 10)
ALERTS_SUBSCRIBE_LIMIT_PERIOD = 60 * 60
ALERTS_MANAGE_LINK_DAYS = env_int("ALERTS_MANAGE_LINK_DAYS", 90)
# A change is written just after its transaction commits, stamped a moment earlier: a
# sending run leaves the last seconds for the next run, so no change slips under a
# watermark that has moved past it.
ALERTS_SETTLE_SECONDS = env_int("ALERTS_SETTLE_SECONDS", 30)
# Public changes older than this, and older than every alert's last-sent time, are deleted.
ALERTS_KEEP_CHANGES_DAYS = env_int("ALERTS_KEEP_CHANGES_DAYS", 56)
# The worker (procrastinate) finds each app's tasks in its tasks.py.
PROCRASTINATE_AUTODISCOVER_MODULE_NAME = "tasks"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # One JSON line a request (see web.middleware.RequestLogMiddleware).
        "vvcp.requests": {
            "handlers": ["stdout"],
            "level": os.environ.get("REQUEST_LOG_LEVEL", "INFO"),
            "propagate": False,
        },
        # Django logs every 4xx itself; the request log already has them.
        "django.request": {"level": "ERROR"},
        # The worker's task registry announces itself at every start of every command.
        "procrastinate.blueprints": {"level": "WARNING"},
        "procrastinate.periodic": {"level": "WARNING"},
    },
}

# Email: printed to the console unless an SMTP server is configured.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=not EMAIL_USE_SSL)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set EMAIL_USE_TLS or EMAIL_USE_SSL, not both.")

# Emails sent outside a request (the curators' digest, the submitter's publication notice)
# link to the site at this address.
SITE_URL = env_site_url("SITE_URL", "http://localhost:8000")

# "Share your practice": where submissions are announced, and how much a form may carry.
VKPP_MAILBOX = os.environ.get("VKPP_MAILBOX", "vulnerabilityprogramme@college.pnn.police.uk")
# Files sent with submissions live here, outside the static and media folders; they have no
# public URL and are served only through a permission-checked staff view.
PRIVATE_STORAGE_ROOT = Path(
    os.environ.get("PRIVATE_STORAGE_ROOT", "") or BASE_DIR / "var" / "submissions"
)
SUBMISSION_MAX_FILES = 5
SUBMISSION_MAX_FILE_BYTES = 10 * 1024 * 1024
# Room for five full files plus the typed fields and the multipart framing.
SUBMISSION_MAX_REQUEST_BYTES = SUBMISSION_MAX_FILES * SUBMISSION_MAX_FILE_BYTES + 1024 * 1024
SUBMISSION_RATE_LIMIT = env_int("SUBMISSION_RATE_LIMIT", 5)
# Posts of either form per client per hour, valid or not: room to correct mistakes several
# times over, while bounding how often one client can make the server read and check files.
SUBMISSION_ATTEMPT_LIMIT = env_int("SUBMISSION_ATTEMPT_LIMIT", 20)
SUBMISSION_RATE_LIMIT_PERIOD = 60 * 60
# How many reverse proxies in front of the site append to X-Forwarded-For; 0 trusts only
# the direct connection's address for the rate limit.
NUM_PROXIES = env_int("NUM_PROXIES", 0)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 500
# A form whose CSRF check fails explains how to get back to what was typed.
CSRF_FAILURE_VIEW = "web.errors.csrf_failure"
DATA_UPLOAD_MAX_NUMBER_FILES = 10

# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username
# from one address, that pair is refused for the cool-off time, even with the right password.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "curation.lockout.lockout_response"

# Import and export (django-import-export) from the admin: CSV and XLSX only, every import
# in one transaction that is rolled back when any row fails.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_ESCAPE_ILLEGAL_CHARS_ON_EXPORT = True
IMPORT_EXPORT_IMPORT_IGNORE_BLANK_LINES = True
CATALOGUE_IMPORT_MAX_BYTES = env_int("CATALOGUE_IMPORT_MAX_BYTES", 2 * 1024 * 1024)
CATALOGUE_IMPORT_MAX_ROWS = env_int("CATALOGUE_IMPORT_MAX_ROWS", 2000)
# Open data: the licence stated in the API, exports, feed and page footer. Another
# licence can be named with DATA_LICENCE_NAME and DATA_LICENCE_URL.
DATA_LICENCE = {
    "name": os.environ.get("DATA_LICENCE_NAME", "Open Government Licence v3.0"),
    "url": os.environ.get(
        "DATA_LICENCE_URL",
        "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    ),
}

# The read-only JSON API at /api/v1/. Anonymous, throttled per client address.
# The throttle counts in the default cache: give production a shared one (e.g. Redis)
# when it runs several processes, or each process counts on its own.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.CataloguePagination",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonymousRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("API_THROTTLE_RATE", "60/min")},
    # The same trusted proxies as the forms' rate limit: X-Forwarded-For is believed only
    # as far as they append to it, so a client cannot claim a fresh address per request.
    "NUM_PROXIES": NUM_PROXIES,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.open_data_exception_handler",
    "URL_FORMAT_OVERRIDE": None,
    "UNICODE_JSON": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Violence Reduction Interventions Catalogue API",
    "DESCRIPTION": (
        "Read-only open data: the published violence-reduction interventions of the "
        "catalogue, their evaluation reports, reported figures and sources. List "
        "endpoints are paginated and take the public list's filter parameters."
    ),
    "VERSION": "1",
    "LICENSE": DATA_LICENCE,
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema lists the filters' values, which come from the database, so generating it
    # in `check --deploy` fails on a server that has not migrated yet. The test suite
    # generates and validates the schema (tests/api) instead.
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # In the order the endpoints are registered: interventions first.
    "SORT_OPERATIONS": False,
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "ENUM_NAME_OVERRIDES": {
        "OrganisationKindEnum": "interventions.models.OrganisationKind",
        "SourceKindEnum": "interventions.models.SourceKind",
        "RegionEnum": "interventions.models.Region",
        "ValueQualifierEnum": "interventions.models.ValueQualifier",
    },
}
