"""Invalidation for the anonymous page cache and the catalogue's cached aggregates.

Cached pages and aggregates are keyed by the catalogue's version, which has two parts:

- a number in the shared cache, bumped on every saved or deleted row of the catalogue's
  apps, so that every app server sees a curator's change on the very next request;
- a number in the database (interventions.CatalogueVersion), bumped in the same
  transaction as the change, which each process reads again at most every
  CATALOGUE_VERSION_CHECK_SECONDS. When the shared cache could not be told (Redis
  unreachable at that moment, or from that server only), every app server still stops
  serving what it cached before the change within that time. See the README.
"""

import hashlib
import threading
import time

from django.apps import apps as global_apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from interventions.models import CatalogueVersion

VERSION_KEY = "vvcp:catalogue-version"
CATALOGUE_APPS = {"interventions", "evaluations", "evidence"}


class DatabaseVersion:
    """This process's copy of the database's version number.

    Read again once it is CATALOGUE_VERSION_CHECK_SECONDS old: one small query per
    interval and process, not one per request.
    """

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self.known = None  # (number, when it was read)
        self.lock = threading.Lock()

    def get(self):
        known = self.known
        if self.is_stale(known):
            with self.lock:
                known = self.known
                if self.is_stale(known):
                    known = self.known = (CatalogueVersion.current(), self.clock())
        return known[0]

    def is_stale(self, known):
        return known is None or self.clock() - known[1] >= settings.CATALOGUE_VERSION_CHECK_SECONDS

    def forget(self):
        self.known = None


database_version = DatabaseVersion()


def _cache_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def current_version():
    return f"{_cache_version()}.{database_version.get()}"


def _bump_cache_version():
    database_version.forget()
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def bump_version():
    """Call in the transaction that changes the catalogue (signals do it for saves)."""
    CatalogueVersion.bump()
    _bump_cache_version()


def page_key(request, by_accept=False):
    """The cache key of a page; ``by_accept`` for answers whose format follows the Accept
    header (the API's JSON indents on "application/json; indent=4").

    Like Django's own cache keys, it holds the whole absolute address, scheme included:
    pages and API answers write absolute addresses.
    """
    accept = request.headers.get("Accept", "") if by_accept else ""
    digest = hashlib.sha256(
        f"{request.method}|{request.build_absolute_uri()}|{accept}".encode()
    ).hexdigest()
    return f"vvcp:page:{current_version()}:{digest}"


def remember(name, compute, timeout=None):
    """A value derived from the catalogue, computed once per catalogue version.

    For aggregates such as facet counts, which are costly on a large catalogue and
    change only when a curator changes something. timeout 0 computes every time.
    """
    timeout = settings.CATALOGUE_CACHE_SECONDS if timeout is None else timeout
    if timeout <= 0:
        return compute()
    digest = hashlib.sha256(name.encode()).hexdigest()
    return cache.get_or_set(f"vvcp:data:{current_version()}:{digest}", compute, timeout)


def _on_catalogue_change(sender, **kwargs):
    if sender is CatalogueVersion or kwargs.get("action", "post_").startswith("pre_"):
        return
    meta = getattr(sender, "_meta", None)
    # Not a migration's historical models: the version table may not exist yet.
    if meta is None or meta.apps is not global_apps:
        return
    # For m2m_changed the sender is the through model, which lives in the same app.
    # Work in progress the public never sees (pending revisions) leaves the version alone.
    if meta.app_label in CATALOGUE_APPS and getattr(sender, "public_data", True):
        bump_version()
        # The shared cache's number again once the change is committed: a reader who read
        # the old rows between the two must not leave them cached under the new version.
        transaction.on_commit(_bump_cache_version)


def connect_signals():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_catalogue_change, dispatch_uid=f"vvcp-cache-{signal!r}")
