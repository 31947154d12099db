"""Which connection a raw SQL read uses."""

from django.db import connections, router


def reading_connection(model):
    """The connection the database routers pick for reading ``model``, so a raw query
    that only reads goes where the ORM's reads go: a read replica, when there is one."""
    return connections[router.db_for_read(model)]
