"""Addresses of pages named by a slug, without resolving the URL pattern each time.

A page of the catalogue links to a hundred or more themes, forces, entries and sources,
and reverse() walks the URL configuration for every one of them. The address of a
pattern whose only argument is a slug is the same two ends with the slug between: they
are looked up once (per script prefix and URL configuration) and the slug put between.
A value that is not a slug goes through reverse(), which refuses it as before.
"""

import re

from django.conf import settings
from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse

SLUG = re.compile(r"[-a-zA-Z0-9_]+")
PLACEHOLDER = "0slug0placeholder0"
_ends = {}


def _key(name):
    return (name, get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)


def address(name):
    """reverse(name), for a pattern without arguments."""
    key = _key(name)
    try:
        return _ends[key]
    except KeyError:
        found = _ends[key] = reverse(name)
        return found


def slug_address(name, slug):
    """reverse(name, args=[slug]), for a pattern whose only argument is a slug."""
    if type(slug) is not str or not SLUG.fullmatch(slug):
        return reverse(name, args=[slug])
    key = (*_key(name), PLACEHOLDER)
    try:
        start, end = _ends[key]
    except KeyError:
        parts = reverse(name, args=[PLACEHOLDER]).split(PLACEHOLDER)
        if len(parts) != 2:
            return reverse(name, args=[slug])
        start, end = _ends[key] = parts
    return f"{start}{slug}{end}"


def _forget(**kwargs):
    _ends.clear()


setting_changed.connect(_forget, dispatch_uid="interventions-addresses")
