"""Invalidation for the anonymous page cache.

Cached pages are keyed by a catalogue version number. Any saved or deleted row in
the catalogue's apps bumps the version, so readers see a curator's change on the
very next request. With several app servers the cache, and so the version, must be
shared (Redis); see the README.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "vvcp:catalogue-version"
CATALOGUE_APPS = {"interventions", "evaluations", "evidence"}


def current_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def bump_version():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def page_key(request, by_accept=False):
    """The cache key of a page; ``by_accept`` for answers whose format follows the Accept
    header (the API's JSON indents on "application/json; indent=4")."""
    accept = request.headers.get("Accept", "") if by_accept else ""
    digest = hashlib.sha256(
        f"{request.method}|{request.get_host()}|{request.get_full_path()}|{accept}".encode()
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
    # For m2m_changed the sender is the through model, which lives in the same app.
    if getattr(getattr(sender, "_meta", None), "app_label", None) in CATALOGUE_APPS:
        bump_version()
        # Again once the change is committed: a reader who read the old rows between
        # the two must not leave them cached under the new version.
        transaction.on_commit(bump_version)


def connect_signals():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_catalogue_change, dispatch_uid=f"vvcp-cache-{signal!r}")
