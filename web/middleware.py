"""Cross-cutting request handling: request ids and logging, security headers, rate limits,
page cache."""

import copy
import json
import logging
import re
import time
import uuid

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import parse_http_date_safe

from api.middleware import CORS_HEADERS
from api.throttling import over_rate
from interventions import catalogue_cache

API_PREFIX = "/api/"
NUL = "\x00"

request_logger = logging.getLogger("vvcp.requests")

# Accept a caller's request id only if it looks like one, so log lines cannot be forged.
REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestLogMiddleware:
    """Tags each request with an id and logs one structured line when it finishes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        supplied = request.headers.get("X-Request-ID", "")
        request.request_id = supplied if REQUEST_ID_PATTERN.match(supplied) else uuid.uuid4().hex
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        response["X-Request-ID"] = request.request_id
        request_logger.info(
            json.dumps(
                {
                    "event": "request",
                    "request_id": request.request_id,
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                    "cache": getattr(response, "cache_status", "bypass"),
                }
            )
        )
        return response


def shared_cache_is_degraded():
    """True while Redis is unreachable and this process makes do with its own memory
    (web.cache). Pages, large and once per worker, are then not kept at all."""
    return getattr(cache, "is_degraded", False)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's Content-Security-Policy (settings.CONTENT_SECURITY_POLICY), with the
    admin's own policy (settings.ADMIN_CONTENT_SECURITY_POLICY) under the admin's address.
    A view's own policy (django-csp's decorators) wins over both."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        in_admin = request.path.startswith(f"/{settings.ADMIN_URL}")
        if in_admin and not report_only and parts.config is None:
            parts.config = default_config(settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
        return parts


class PermissionsPolicyMiddleware:
    """Permissions-Policy, which neither Django 5.2 nor django-csp sets."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def answers_in_json(request):
    """The API and the JSON download answer their errors in JSON too."""
    return request.path.startswith(API_PREFIX) or request.path.endswith(".json")


def open_to_other_sites(response):
    for header, value in CORS_HEADERS.items():
        response.headers.setdefault(header, value)
    return response


class JsonMethodNotAllowedMiddleware:
    """Django's own 405 (require_safe, a class-based view without that method) is an empty
    HTML page; on addresses that answer in JSON it becomes JSON like their other errors."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or not answers_in_json(request):
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        allowed = response.get("Allow", "GET, HEAD")
        answer = JsonResponse(
            {"detail": f"This address only answers {allowed} requests."}, status=405
        )
        answer["Allow"] = allowed
        return open_to_other_sites(answer) if request.path.startswith(API_PREFIX) else answer


class RateLimitMiddleware:
    """Counts each request to the API, the downloads and the feed against its client's
    rate (settings.RATE_LIMITED_PATHS, API_THROTTLE_RATE), whoever asks and whether or not
    a cached answer is waiting: a cached answer costs a reader the same as a fresh one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any(request.path.startswith(prefix) for prefix in settings.RATE_LIMITED_PATHS):
            refused = over_rate(request, as_json=answers_in_json(request))
            if refused is not None:
                return (
                    open_to_other_sites(refused) if request.path.startswith(API_PREFIX) else refused
                )
        return self.get_response(request)


class AdminInputMiddleware:
    """Refuses NUL bytes anywhere in the admin's query strings and posted form fields.

    No database column stores one, and PostgreSQL fails the whole query on meeting one, so
    a NUL in a list filter, a search, an autocomplete term or a form would otherwise end in
    a server error. Uploaded files are not looked at: spreadsheets are full of NUL bytes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(f"/{settings.ADMIN_URL}") and self.holds_nul(request):
            return HttpResponseBadRequest(
                "Nothing was done: the address or the form holds a null character, which the "
                "catalogue cannot store. It is invisible and usually comes with text pasted "
                "from another program. Go back, retype that text and try again.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)

    @staticmethod
    def holds_nul(request):
        forms = [request.GET]
        if request.method == "POST":
            forms.append(request.POST)
        return any(
            NUL in name or any(NUL in value for value in values)
            for form in forms
            for name, values in form.lists()
        )


def without_rendered_data(response):
    """The answer as the page cache keeps it: status, headers and body.

    An API answer (REST framework's Response) also carries the data it was rendered from,
    which pickling keeps and every cache hit would unpickle again: a page of entries is
    thousands of small objects, about a millisecond a hit, for bytes already in the body.
    """
    if getattr(response, "data", None) is None:
        return response
    kept = copy.copy(response)
    kept.data = None
    return kept


class AnonymousPageCacheMiddleware:
    """Caches whole public pages and API answers for anonymous readers.

    Keys include the catalogue's version, which every curator edit bumps (see
    interventions.catalogue_cache), so a publish or unpublish shows on the next request. A
    conditional request for a cached answer still gets its 304. While the shared cache is
    unreachable, pages are neither read from it nor kept: each is rendered fresh.

    Why not Django's UpdateCacheMiddleware and FetchFromCacheMiddleware: they cannot
    - key pages by the catalogue's version, so an unpublished entry would stay cached
      until its page expired (their key prefix is fixed in the settings);
    - skip every request carrying a session, or every answer setting a cookie;
    - keep API answers apart by Accept without keying HTML pages by Cookie: their keys
      follow the answer's Vary header, which names Cookie, so each reader's CSRF cookie
      would get a copy of its own, and finding the key costs a second cache read;
    - do without a shared cache that is down (web.cache).
    Django's patch_response_headers does not fit either: it tells browsers and proxies to
    keep the page (max-age, Expires) for as long as this cache does, and a withdrawn entry
    must vanish quickly; what they may keep, and for how long, is web.shared_cache's
    decision. The rate limit is counted before this middleware runs (RateLimitMiddleware).
    What it shares with Django's: the key holds the absolute address, scheme included;
    patch_vary_headers for Vary: Cookie; get_conditional_response for 304s; and the tests
    of what may be kept (a 200, not streamed, not private), stricter on cookies.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.is_cacheable_request(request):
            return self.get_response(request)
        for_api = request.path.startswith(API_PREFIX)
        key = catalogue_cache.page_key(request, by_accept=for_api)
        cached = cache.get(key)
        if cached is not None:
            cached.cache_status = "hit"
            answer = self.conditional(request, cached)
            if for_api and answer is not cached:
                # A 304 keeps only a few of the cached answer's headers.
                answer = open_to_other_sites(answer)
                if cached.has_header("Link"):
                    answer["Link"] = cached["Link"]
            return answer
        response = self.get_response(request)
        if self.is_cacheable_response(response):
            patch_vary_headers(response, ["Cookie"])
            response.cache_status = "miss"
            if hasattr(response, "render") and callable(response.render):
                response.add_post_render_callback(lambda rendered: self.keep(key, rendered))
            else:
                self.keep(key, response)
        return response

    @staticmethod
    def keep(key, response):
        if not shared_cache_is_degraded():
            cache.set(key, without_rendered_data(response), settings.PAGE_CACHE_SECONDS)

    @staticmethod
    def conditional(request, response):
        if not response.has_header("ETag") and not response.has_header("Last-Modified"):
            return response
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
            response=response,
        )

    @staticmethod
    def is_cacheable_request(request):
        if settings.PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
            return False
        if shared_cache_is_degraded():
            return False
        if any(request.path.startswith(prefix) for prefix in settings.PAGE_CACHE_EXCLUDED_PATHS):
            return False
        # Anyone with a session (staff, or a reader mid-way through a form) gets a fresh page.
        return settings.SESSION_COOKIE_NAME not in request.COOKIES

    @staticmethod
    def is_cacheable_response(response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
        )
