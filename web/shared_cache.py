"""What shared caches (a CDN, or a reverse proxy such as nginx) may keep: one policy for
every answer the site gives.

- An anonymous reader's public answer (a page, a download, the feed, the API, the
  sitemap) that succeeded is ``public``: shared caches may keep it for
  SHARED_CACHE_SECONDS (``s-maxage``) and then serve it for SHARED_CACHE_STALE_SECONDS
  more while they ask the site again (``stale-while-revalidate``). Browsers keep nothing
  without asking (``max-age=0``), so a withdrawn entry leaves a reader's screen on reload.
- Everything else is ``private, no-store``: any request carrying a session or flash
  messages (staff, a reader mid-way through a form), any answer setting a cookie (a form's
  CSRF token), the admin and the share-practice forms, writes, errors and refusals.

Asking again is cheap: a public answer without an ETag of its own gets one made of the
catalogue's version (interventions.catalogue_cache), the site's release and the address,
so while nothing has changed the site answers a revalidation with 304 before any view
runs. A curator's change bumps the version, so the next revalidation gets the new page.
The API keeps the ETag of its body (api.middleware), which its page cache answers cheaply.
"""

import hashlib
import os
from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import HttpResponseNotModified
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import parse_etags

from interventions import catalogue_cache

API_PREFIX = "/api/"
PRIVATE = "private, no-store"
PUBLIC_STATUSES = (200, 304)
# Messages travel in this cookie between a form's post and the page after it.
MESSAGES_COOKIE = "messages"
# What the site's release is made of when RELEASE_ID is not set: its code, templates
# and static files. A new release then never revalidates a page of the old one.
RELEASE_SUFFIXES = (".py", ".html", ".txt", ".css", ".js", ".svg", ".json")
RELEASE_SKIPPED_DIRECTORIES = {"tests", "var", "staticfiles", "node_modules", "__pycache__"}


@cache
def release_id():
    if settings.RELEASE_ID:
        return settings.RELEASE_ID
    digest = hashlib.sha256()
    root = settings.BASE_DIR
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(
            name
            for name in subfolders
            if not name.startswith(".") and name not in RELEASE_SKIPPED_DIRECTORIES
        )
        for name in sorted(files):
            path = Path(folder, name)
            if path.suffix in RELEASE_SUFFIXES:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def shared_cache_control():
    if settings.SHARED_CACHE_SECONDS <= 0:
        return "public, no-cache"
    return (
        f"public, max-age=0, s-maxage={settings.SHARED_CACHE_SECONDS}, "
        f"stale-while-revalidate={settings.SHARED_CACHE_STALE_SECONDS}"
    )


def public_vary(request):
    """Cookie, so a cache never gives a signed-in curator the anonymous copy; the API's
    JSON also follows Accept ("application/json; indent=4")."""
    return ["Cookie", "Accept"] if request.path.startswith(API_PREFIX) else ["Cookie"]


def version_etag(request):
    """Changes with every curator's change, every release and every address."""
    accept = request.headers.get("Accept", "") if request.path.startswith(API_PREFIX) else ""
    address = hashlib.sha256(f"{request.build_absolute_uri()}|{accept}".encode()).hexdigest()
    version = catalogue_cache.database_version.get()
    return f'W/"c{version}-{release_id()}-{address[:16]}"'


def is_static(request):
    # WhiteNoise gives the static files their own long-lived, public headers.
    return request.path.startswith(f"/{settings.STATIC_URL.lstrip('/')}")


def may_be_public(request):
    """Whether the answer to this request could be shared with other readers at all."""
    if request.method not in ("GET", "HEAD"):
        return False
    if any(request.path.startswith(prefix) for prefix in settings.PAGE_CACHE_EXCLUDED_PATHS):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or MESSAGES_COOKIE in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def is_rate_limited(request):
    return any(request.path.startswith(prefix) for prefix in settings.RATE_LIMITED_PATHS)


class SharedCacheMiddleware:
    """Writes Cache-Control, Vary and the catalogue-version ETag (see the module's
    docstring), and answers a revalidation of an unchanged page with 304 at once.

    It sits outside the rate limit, so a refusal is marked private too. That is why the
    API, the downloads and the feed are never answered 304 here before their view: their
    revalidations are counted against the client's rate like any other request, and the
    page cache behind the rate limit answers them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_static(request):
            return self.get_response(request)
        if may_be_public(request) and not is_rate_limited(request):
            unchanged = self.unchanged(request)
            if unchanged is not None:
                return unchanged
        response = self.get_response(request)
        return self.mark(request, response)

    def unchanged(self, request):
        known = request.headers.get("If-None-Match")
        if not known:
            return None
        etag = version_etag(request)
        # Weak comparison, as for any If-None-Match (RFC 9110, 13.1.2).
        if etag.removeprefix("W/") not in {tag.removeprefix("W/") for tag in parse_etags(known)}:
            return None
        response = HttpResponseNotModified()
        response["ETag"] = etag
        response.cache_status = "revalidated"
        return self.make_public(request, response)

    def mark(self, request, response):
        own = response.get("Cache-Control", "")
        if not may_be_public(request) or response.cookies:
            if "no-store" not in own:
                response["Cache-Control"] = PRIVATE
            return response
        if own:
            # The view said itself (the favicon's redirect, a never_cache view).
            return response
        if response.status_code not in PUBLIC_STATUSES:
            response["Cache-Control"] = PRIVATE
            return response
        if not response.has_header("ETag"):
            response["ETag"] = version_etag(request)
        self.make_public(request, response)
        if response.status_code == 200:
            answer = get_conditional_response(request, etag=response["ETag"], response=response)
            if answer is not response:
                response.close()
                answer.cache_status = "revalidated"
                return self.make_public(request, answer)
        return response

    @staticmethod
    def make_public(request, response):
        response["Cache-Control"] = shared_cache_control()
        patch_vary_headers(response, public_vary(request))
        return response
