"""Reads from a PostgreSQL read replica, when there is one (DATABASE_REPLICA_URL).

A replica runs a little behind its primary. Readers of the public pages do not notice;
someone who has just changed something must see the change. So the primary answers:

- everything outside a web request: management commands, the shell and the alerts
  worker, whose jobs read rows a request has only just written (a new alert to confirm,
  the changes since a watermark) and must never act on a replica's older view;
- every write, and every read after a write in the same request (so a transaction that
  wrote reads its own rows);
- every request of a signed-in member of staff, a reader carrying a session, a form
  being posted, the admin, the share-practice forms and the alert pages: read-your-writes
  for curators and subscribers;
- migrations, which only ever run on the primary.
Only the anonymous public pages, downloads, feeds and API read the replica.
"""

from contextvars import ContextVar

from django.conf import settings

PRIMARY = "default"

# True outside requests; a request the replica may answer clears it, and a write sets it.
_on_primary = ContextVar("vvcp_on_primary", default=True)


def needs_primary(request):
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        return True
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return True
    return request.path.startswith((f"/{settings.ADMIN_URL}", "/share-practice/", "/alerts/"))


class PrimaryForStaffMiddleware:
    """Decides, for each request, whether it reads the primary (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _on_primary.set(needs_primary(request))
        try:
            return self.get_response(request)
        finally:
            _on_primary.reset(token)


class ReplicaRouter:
    """settings.READ_REPLICA names the replica's alias, or is None without one."""

    def db_for_read(self, model, **hints):
        if settings.READ_REPLICA and not _on_primary.get():
            return settings.READ_REPLICA
        return PRIMARY

    def db_for_write(self, model, **hints):
        _on_primary.set(True)
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows: the same database, read elsewhere.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY
