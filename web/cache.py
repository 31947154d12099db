"""A Redis cache that keeps the site serving when Redis cannot be reached.

Every use of Django's cache goes through this backend when REDIS_URL is set: the page
cache and its version number, the catalogue's aggregates, the API's rate counts and the
forms' rate limit. When Redis refuses, times out or answers with an error, the operation is done
in this process's own memory instead, a warning is logged, and Redis is left alone for
``RETRY_SECONDS`` before it is tried again, so readers never wait on a dead server
request after request.

So while Redis is away, each worker counts rates on its own: the limits still hold per
worker (a client may get the rate once from each worker it reaches) rather than being
lifted or refusing everyone. The page cache stores nothing meanwhile (see
``web.middleware``): every page is rendered fresh.
"""

import logging
import threading
import time

import redis
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger("web.cache")

# Any failure of Redis itself: refused or dropped connections, timeouts, a replica promoted
# mid-failover, and error replies such as "OOM command not allowed". Python's own errors
# (the ValueError of incr on a missing key) are not among them and keep their meaning.
UNREACHABLE = (redis.exceptions.RedisError,)
# While Redis stays away, a reminder at most this often per process.
REMINDER_SECONDS = 60


class Outage:
    """Whether this process is doing without one Redis server, and until when.

    Shared by every thread of the process (Django makes a cache backend per thread).
    """

    def __init__(self, retry_seconds, clock=time.monotonic):
        self.retry_seconds = retry_seconds
        self.clock = clock
        self.retry_at = None
        self.warned_at = None
        self.lock = threading.Lock()

    @property
    def is_on(self):
        return self.retry_at is not None

    def skips_redis(self):
        return self.retry_at is not None and self.clock() < self.retry_at

    def started_or_continues(self, error):
        with self.lock:
            now = self.clock()
            first = self.retry_at is None
            self.retry_at = now + self.retry_seconds
            if first or now - self.warned_at >= REMINDER_SECONDS:
                self.warned_at = now
                logger.warning(
                    "Redis cache %s (%s: %s); serving from this process's memory, "
                    "without the page cache, and trying again every %s s",
                    "unreachable" if first else "still unreachable",
                    type(error).__name__,
                    error,
                    self.retry_seconds,
                )

    def ended(self):
        if self.retry_at is None:
            return
        with self.lock:
            if self.retry_at is not None:
                self.retry_at = None
                logger.warning("Redis cache reachable again; back to the shared cache")


_outages = {}
_outages_lock = threading.Lock()


def outage_for(location, retry_seconds):
    with _outages_lock:
        return _outages.setdefault(location, Outage(retry_seconds))


def _degrading(name):
    redis_operation = getattr(RedisCache, name)
    local_operation = getattr(LocMemCache, name)

    def operation(self, *args, **kwargs):
        if not self.outage.skips_redis():
            try:
                result = redis_operation(self, *args, **kwargs)
            except UNREACHABLE as error:
                self.outage.started_or_continues(error)
            else:
                self.outage.ended()
                return result
        return local_operation(self.fallback, *args, **kwargs)

    operation.__name__ = name
    operation.__doc__ = redis_operation.__doc__
    return operation


class DegradingRedisCache(RedisCache):
    """Django's Redis cache, falling back to local memory while Redis is unreachable.

    OPTIONS may hold RETRY_SECONDS (how long to do without Redis after a failure, 5 by
    default) and FALLBACK_MAX_ENTRIES (the local memory's size, 1000); the rest go to
    redis-py as usual (socket_timeout, socket_connect_timeout...).
    """

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        retry_seconds = options.pop("RETRY_SECONDS", 5)
        fallback_size = options.pop("FALLBACK_MAX_ENTRIES", 1000)
        super().__init__(server, {**params, "OPTIONS": options})
        self.outage = outage_for(server, retry_seconds)
        self.fallback = LocMemCache(
            f"vvcp-fallback:{server}",
            {**params, "OPTIONS": {"MAX_ENTRIES": fallback_size}},
        )

    @property
    def is_degraded(self):
        """True while this process does without Redis."""
        return self.outage.is_on

    def ping(self):
        """Asks Redis itself, whatever the outage says: for the health check."""
        try:
            self._cache.get_client(write=True).ping()
        except UNREACHABLE as error:
            self.outage.started_or_continues(error)
            return False
        self.outage.ended()
        return True

    add = _degrading("add")
    get = _degrading("get")
    set = _degrading("set")
    touch = _degrading("touch")
    delete = _degrading("delete")
    get_many = _degrading("get_many")
    has_key = _degrading("has_key")
    incr = _degrading("incr")
    set_many = _degrading("set_many")
    delete_many = _degrading("delete_many")
    clear = _degrading("clear")


def cache_state(cache):
    """For the health check: "ok", "unreachable", or "local" for a per-process cache."""
    ping = getattr(cache, "ping", None)
    if ping is None:
        return "local"
    return "ok" if ping() else "unreachable"
