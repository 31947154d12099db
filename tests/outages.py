"""Fixtures that take a service away, the way it fails in production."""

import pytest
from django.core.cache import cache

import web.cache
from vvcp.settings import redis_cache

# Nothing listens on port 1: every connection is refused at once.
UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_unreachable(settings, monkeypatch):
    """The production cache configuration, pointed at a Redis that refuses connections;
    the page cache and the catalogue's aggregates on, as in production."""
    monkeypatch.setattr(web.cache, "_outages", {})
    settings.CACHES = {"default": redis_cache(UNREACHABLE_REDIS)}
    settings.PAGE_CACHE_SECONDS = 300
    settings.CATALOGUE_CACHE_SECONDS = 300
    cache.fallback.clear()
    yield
    cache.fallback.clear()
