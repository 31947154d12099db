"""Recomputing the columns an entry derives from itself and its links, in one UPDATE.

The search vector (interventions.search) and the facet keys (interventions.facet_index)
are expressions over an entry's row and its link tables. Every save of an entry or of
one of its links recomputes them, and resolving and compiling those expressions costs
milliseconds each time while the SQL never changes; so each is compiled by the ORM once
per process and then run for the entries at hand.
"""

from functools import cache

from django.db import connection
from django.db.models.sql import UpdateQuery


@cache
def _statement(field, build_expression):
    from interventions.models import Intervention

    query = UpdateQuery(Intervention)
    query.add_update_values({field: build_expression()})
    sql, params = query.get_compiler(connection=connection).as_sql()
    quote = connection.ops.quote_name
    pk = f"{quote(Intervention._meta.db_table)}.{quote(Intervention._meta.pk.column)}"
    return sql, f"{sql} WHERE {pk} = ANY(%s)", tuple(params)


def recompute(field, build_expression, intervention_ids=None):
    """Set ``field`` to ``build_expression()`` for the given entries (all when None)."""
    every_entry, some_entries, params = _statement(field, build_expression)
    if intervention_ids is None:
        with connection.cursor() as cursor:
            cursor.execute(every_entry, params)
        return
    ids = list(intervention_ids)
    if ids:
        with connection.cursor() as cursor:
            cursor.execute(some_entries, [*params, ids])
