"""Queries compiled to SQL once, then run many at a time in one round trip.

A page that reads a dozen relations of the same rows spends more time in the ORM building
and compiling each query, and in waiting for each answer, than PostgreSQL spends running
them. Here a queryset whose shape never changes, only the value of one parameter (the ids
it reads, the slug it looks up), is compiled once per process (Prepared); run_together()
sends several of them to PostgreSQL as one text, one round trip, and reads each one's rows
as the ORM would have returned them (the same values, the same converters).

Several statements in one text need the client-side parameter binding Django uses with
psycopg (its default); with server-side binding each statement is sent on its own.

PostgreSQL plans each statement it is sent afresh: for a page whose statements join a
few tables each, planning them takes longer than running them. A query compiled with
``planned_once`` is made a prepared statement (SQL PREPARE) the first time it runs on a
database connection, and each later run only EXECUTEs it; PostgreSQL then keeps its plan
for that connection. Only queries of one parameter (a slug, an id) whose best plan does
not depend on its value should be, or of none (rows(), the same query on every request):
a kept plan is the same for every value.
"""

import itertools
import re
import threading
import weakref

import psycopg
from django.db import connections, router
from django.db.models.query import ModelIterable, ValuesIterable, get_related_populators


class Placeholders(tuple):
    """Several placeholders of one query, each given its own value when it runs (a tuple
    of values in the same order). A list parameter (an array) may hold some of them."""


class Prepared:
    """``queryset``, of model instances, values() or values_list(), as SQL compiled once,
    with each parameter equal to ``placeholder`` taking the value given when it runs (none
    without a placeholder; see Placeholders for several). ``paged``: the unsliced
    queryset's rows a page at a time, each run given ``(limit, offset)``."""

    def __init__(self, queryset, placeholder=None, planned_once=False, paged=False):
        query = queryset.query
        compiler = query.get_compiler(queryset.db)
        sql, params = compiler.as_sql()
        self.model = queryset.model
        self.sql = sql
        self.params = list(params)
        self.several = isinstance(placeholder, Placeholders)
        self.slots = []
        if paged:
            # A page of the rows: its LIMIT and OFFSET are the value, (limit, offset), each
            # run is given. Django writes a slice's bounds into the SQL, not as parameters.
            if placeholder is not None or query.is_sliced:
                raise ValueError("A paged query is unsliced and has no other placeholder.")
            self.sql = f"{sql} LIMIT %s OFFSET %s"
            self.params += [None, None]
            self.several = True
            self.slots = [(len(params), None, 0), (len(params) + 1, None, 1)]
        elif placeholder is not None:
            if self.several:
                self.slots = self.array_slots(placeholder)
            else:
                self.slots = [i for i, param in enumerate(self.params) if param == placeholder]
            if not self.slots:
                raise ValueError("The query does not use its placeholder.")
        self.planned_once = planned_once
        if planned_once and self.several:
            raise ValueError("Only a query of one placeholder, or none, is planned once.")
        self.number = next(_numbers)
        self._statement = None
        self.col_count = compiler.col_count
        self.trim = compiler.has_extra_select
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        self.converters = [
            (position, converters, expression)
            for position, (converters, expression) in compiler.get_converters(fields).items()
        ]
        self.names = self.instances = None
        if queryset._iterable_class is ModelIterable:
            self.instances = (compiler.select, compiler.klass_info, compiler.annotation_col_map)
        elif queryset._iterable_class is ValuesIterable:
            self.names = (
                list(query.selected)
                if query.selected
                else [*query.extra_select, *query.values_select, *query.annotation_select]
            )

    def array_slots(self, placeholders):
        """Where each of ``placeholders`` is: ``(parameter, None, which)`` for a parameter
        that is one, ``(parameter, element, which)`` for an element of a list parameter."""
        which = {placeholder: number for number, placeholder in enumerate(placeholders)}
        slots = []
        for position, param in enumerate(self.params):
            if isinstance(param, list):
                slots.extend(
                    (position, element, which[item])
                    for element, item in enumerate(param)
                    if isinstance(item, str | int) and item in which
                )
            elif isinstance(param, str | int) and param in which:
                slots.append((position, None, which[param]))
        return slots

    def statement(self, cursor):
        """The query as the body of a PREPARE: its placeholder is ``$1``, every other
        parameter written in as the literal client-side binding would send."""
        if self._statement is None:
            slots = set(self.slots)
            params = iter(enumerate(self.params))

            def written(match):
                if match.group(0) == "%%":
                    return "%%"
                position, param = next(params)
                if position in slots:
                    return "$1"
                return cursor.mogrify("%s", [param]).replace("%", "%%")

            self._statement = _PARAMETER.sub(written, self.sql)
        return self._statement

    def params_for(self, value):
        params = list(self.params)
        if not self.several:
            for slot in self.slots:
                params[slot] = value
            return params
        for position, element, which in self.slots:
            if element is None:
                params[position] = value[which]
            else:
                if params[position] is self.params[position]:
                    params[position] = list(params[position])
                params[position][element] = value[which]
        return params

    def rows(self, fetched, connection):
        """The fetched rows as the queryset yields them: tuples, or dicts for values()."""
        if self.trim:
            fetched = [row[: self.col_count] for row in fetched]
        if self.converters:
            converted = []
            for row in fetched:
                row = list(row)
                for position, converters, expression in self.converters:
                    value = row[position]
                    for converter in converters:
                        value = converter(value, expression, connection)
                    row[position] = value
                converted.append(tuple(row))
            fetched = converted
        if self.instances is not None:
            return self.models(fetched, connection.alias)
        if self.names is not None:
            names = self.names
            return [dict(zip(names, row, strict=True)) for row in fetched]
        return [tuple(row) for row in fetched]

    def models(self, fetched, db):
        """Model instances of the rows, with their select_related() rows and annotations,
        as ModelIterable builds them."""
        select, klass_info, annotation_col_map = self.instances
        model = klass_info["model"]
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        init_list = [column[0].target.attname for column in select[start:end]]
        populators = get_related_populators(klass_info, select, db)
        instances = []
        for row in fetched:
            instance = model.from_db(db, init_list, row[start:end])
            for populator in populators:
                populator.populate(row, instance)
            for name, position in (annotation_col_map or {}).items():
                setattr(instance, name, row[position])
            instances.append(instance)
        return instances


# A parameter of a compiled query's SQL, or a percent sign written as two.
_PARAMETER = re.compile(r"%[%s]")
# Each Prepared query's number, naming its prepared statements.
_numbers = itertools.count(1)
_prepared = {}
_lock = threading.Lock()
# What each open database connection (psycopg's own object) has prepared: a generation,
# part of each statement's name, and the numbers of the queries prepared in it. After an
# error the connection starts a new generation, so that nothing is prepared twice under
# one name, whatever the failed text had prepared before it failed.
_on_connection = weakref.WeakKeyDictionary()


def prepared(key, build, placeholder=None, planned_once=False, paged=False):
    """The Prepared query of ``build(placeholder)`` (of ``build()`` without one), compiled
    the first time ``key`` is asked for. ``build`` must give the same query every time,
    but for the placeholder: nothing in it may depend on the request, the time or data.
    ``planned_once``: see the module's description; ``paged``: see Prepared."""
    found = _prepared.get(key)
    if found is None:
        queryset = build() if placeholder is None else build(placeholder)
        found = Prepared(queryset, placeholder, planned_once, paged)
        with _lock:
            found = _prepared.setdefault(key, found)
    return found


def run_together(queries, value):
    """The rows of each of ``queries`` (Prepared), each run with ``value``, in one round
    trip to the database the first one's model is read from."""
    connection = connections[router.db_for_read(queries[0].model)]
    with connection.cursor() as cursor:
        server_side = connection.settings_dict["OPTIONS"].get("server_side_binding")
        if not server_side and all(query.planned_once for query in queries):
            return _run_planned(connection, cursor, queries, value)
        if server_side or len(queries) == 1:
            results = []
            for query in queries:
                cursor.execute(query.sql, query.params_for(value))
                results.append(query.rows(cursor.fetchall(), connection))
            return results
        sql = ";\n".join(query.sql for query in queries)
        params = [param for query in queries for param in query.params_for(value)]
        cursor.execute(sql, params)
        return _results(connection, cursor, queries)


def _results(connection, cursor, queries, skipped=0):
    """Each query's rows, from the results of one text, after ``skipped`` results of
    statements that return none."""
    for _ in range(skipped):
        cursor.nextset()
    results = []
    for number, query in enumerate(queries):
        if number:
            cursor.nextset()
        results.append(query.rows(cursor.fetchall(), connection))
    return results


def _run_planned(connection, cursor, queries, value, retry=True):
    """run_together() of queries planned once: PREPARE those not yet prepared on this
    connection, EXECUTE each, in one text."""
    raw = connection.connection
    generation, done = _on_connection.get(raw, (0, frozenset()))
    new = [query for query in queries if query.number not in done]
    sql = ";\n".join(
        [
            *[
                f"PREPARE vvcp_{query.number}_{generation} AS {query.statement(cursor)}"
                for query in new
            ],
            *[
                f"EXECUTE vvcp_{query.number}_{generation}{'(%s)' if query.slots else ''}"
                for query in queries
            ],
        ]
    )
    try:
        cursor.execute(sql, [value for query in queries if query.slots])
    except Exception as error:
        _on_connection[raw] = (generation + 1, frozenset())
        # The connection lost its prepared statements (reset by a connection pooler):
        # outside a transaction, prepare them again.
        vanished = isinstance(error.__cause__, psycopg.errors.InvalidSqlStatementName)
        if retry and vanished and not connection.in_atomic_block:
            return _run_planned(connection, cursor, queries, value, retry=False)
        raise
    _on_connection[raw] = (generation, done | {query.number for query in new})
    return _results(connection, cursor, queries, skipped=len(new))


def rows(key, build):
    """The rows of the query ``build()``, compiled the first time ``key`` is asked for and
    planned once on each connection: it has no parameter to plan for."""
    return run_together([prepared(key, build, planned_once=True)], None)[0]
