"""Facet counts: how many entries each filter option would give within the current filter.

Every count is computed in one database query, whatever the number of options, from
the entries' facet keys (interventions.facet_index). For a facet the user has already
narrowed (say two themes ticked), its options are counted with every *other* filter
applied, so each count says what ticking that option would add.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps

from interventions import facet_index
from interventions.reading_database import reading_connection

# Option values are slugs or choice values, except for theme, force, purpose, setting
# and source, whose keys hold ids that the filter set translates back to slugs.
FACETS = (
    "theme",
    "force",
    "region",
    "purpose",
    "evidence_stage",
    "verdict",
    "status",
    "setting",
    "has_report",
    "source",
)


@dataclass
class FacetCounts:
    options: dict = field(default_factory=lambda: defaultdict(dict))
    totals: dict = field(default_factory=dict)

    def for_facet(self, name):
        return self.options.get(name, {})

    def total(self, key=""):
        return self.totals.get(key, 0)


@dataclass(frozen=True)
class EntryBits:
    """A filter count_published_facets takes as SQL rather than as facet keys: an
    expression for the string of bits of the published entries it passes, evaluated in a
    query over PublishedKeyEntries (it may aggregate that table's ``entries`` of its own
    ``keys``), with its parameters in order. interventions.search.published_matches_bits
    gives a search's."""

    sql: str
    params: tuple = ()
    keys: tuple = ()


def facet_keys_query(entries_for_facet, entries_for_total, published_totals=()):
    """SQL and parameters for count_facets: one scan per distinct set of entries.

    Facets counted over the same entries (every facet nobody has narrowed) share a
    scan: each matching entry's keys are unnested once and grouped. A materialised
    CTE per set means its filters run once however many facets and totals read it.
    A set of published entries' keys kept apart (PublishedFacetKeys) reads its narrow
    rows, and a set counted for one facet only unnests that facet's own column.
    Raw SQL because the ORM has no common table expressions (let alone MATERIALIZED
    ones), no set-returning unnest() to join and group by, and no UNION ALL of
    differently grouped queries over them; each set's own query comes from the ORM.
    """
    # The same queryset given for several roles is one set, found without its SQL.
    given = []
    for role, entries in [
        *((("facet", name), entries) for name, entries in entries_for_facet.items()),
        *((("total", key), entries) for key, entries in entries_for_total.items()),
    ]:
        found = next((roles for seen, roles in given if seen is entries), None)
        if found is None:
            given.append((entries, [role]))
        else:
            found.append(role)
    narrow_model = apps.get_model("interventions", "PublishedFacetKeys")
    # Each set's query, read once; different querysets with the same query are one set.
    sets, wanted = [], {}
    for entries, roles in given:
        facets = [name for kind, name in roles if kind == "facet"]
        if not facets:
            column = "pk"
        elif entries.model is narrow_model and len(facets) == 1:
            column = narrow_model.column(facets[0])
        else:
            column = "facet_keys"
        query = (column, *entries.order_by().values_list(column).query.sql_with_params())
        found = next((number for number, known in enumerate(sets) if known == query), None)
        if found is None:
            sets.append(query)
            found = len(sets) - 1
        wanted.setdefault(found, []).extend(roles)
    ctes, parts, cte_params, part_params = [], [], [], []
    for number, roles in wanted.items():
        column, sql, set_params = sets[number]
        facets = [name for kind, name in roles if kind == "facet"]
        counted = any(kind == "total" for kind, _ in roles)
        if not facets:
            # Wanted only for its size: counted without reading any keys.
            parts.append(f"SELECT {number}, NULL, COUNT(*) FROM ({sql}) AS set{number}")
            part_params.extend(set_params)
            continue
        ctes.append(f"set{number}(keys) AS MATERIALIZED ({sql})")
        cte_params.extend(set_params)
        # unnest() in the select list (a ProjectSet) rather than joined to each row as a
        # function scan (a nested loop calling it once per entry): the same keys, cheaper.
        part = (
            f"SELECT {number}, key, COUNT(*) FROM "
            f"(SELECT unnest(keys) AS key FROM set{number}) AS keys{number} "
        )
        if column == "facet_keys" and set(facets) != set(FACETS):
            # Keys of other facets are left out as they are read (count_facets would
            # leave them out too; fewer to group).
            part += "WHERE split_part(key, %s, 1) || %s = ANY(%s) "
            part_params.extend(
                [
                    facet_index.SEPARATOR,
                    facet_index.SEPARATOR,
                    [facet_index.key(name, "") for name in facets],
                ]
            )
        parts.append(part + "GROUP BY key")
        if counted:
            parts.append(f"SELECT {number}, NULL, COUNT(*) FROM set{number}")
    if published_totals:
        # The whole published catalogue's size, kept by the database (PublishedKeyCount).
        table = apps.get_model("interventions", "PublishedKeyCount")._meta.db_table
        parts.append(f"SELECT -1, NULL, COALESCE(SUM(entries), 0) FROM {table} WHERE key = ''")
        wanted[-1] = [("total", name) for name in published_totals]
    params = cte_params + part_params
    sql = f"WITH {', '.join(ctes)} " if ctes else ""
    sql += " UNION ALL ".join(parts)
    return sql, params, wanted


def count_facets(entries_for_facet, entries_for_total, published_totals=()):
    """Count facet options and totals in a single query.

    ``entries_for_facet`` maps a facet name to the entries its options are counted
    over; ``entries_for_total`` maps a key to entries whose number is wanted, e.g.
    "" for the current results and "theme" for the results without the theme filter.
    ``published_totals`` are keys whose entries are the whole published catalogue: their
    number is read from the counts the database keeps, not counted.
    """
    counts = FacetCounts()
    if not entries_for_facet and not entries_for_total and not published_totals:
        return counts
    sql, params, wanted = facet_keys_query(entries_for_facet, entries_for_total, published_totals)
    with reading_connection(apps.get_model("interventions", "Intervention")).cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for number, key, entries in rows:
        roles = wanted[number]
        if key is None:
            for kind, name in roles:
                if kind == "total":
                    counts.totals[name] = entries
            continue
        facet, value = key.split(facet_index.SEPARATOR, 1)
        if ("facet", facet) in roles:
            counts.options[facet][value] = entries
    return counts


def count_published_facets(filters, filters_for_facet, filters_for_total, published_totals=()):
    """Count facet options and totals over published entries filtered by facets alone, in
    a single query over each key's published entries as bits (PublishedKeyEntries); the
    arguments as published_facets_query takes them."""
    sql, params, totals = published_facets_query(
        filters, filters_for_facet, filters_for_total, published_totals
    )
    counts = FacetCounts()
    with reading_connection(apps.get_model("interventions", "Intervention")).cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for number, key, entries in rows:
        if key is None:
            counts.totals[totals[number]] = entries
        elif entries:
            facet, value = key.split(facet_index.SEPARATOR, 1)
            counts.options[facet][value] = entries
    return counts


def published_facets_query(filters, filters_for_facet, filters_for_total, published_totals=()):
    """SQL and parameters for count_published_facets, and the totals' names by number.

    ``filters`` maps a facet to the keys it filters on and whether an entry needs every
    one of them (True) or any (False); a filter without keys matches nothing. A filter
    given as EntryBits (a search) brings its own string.
    ``filters_for_facet`` and ``filters_for_total`` map a facet or total key, as
    count_facets takes them, to the names of the filters their entries pass (none: the
    whole published catalogue). ``published_totals`` are keys whose entries are the
    whole published catalogue.

    Each filter's keys' strings are ORed (or ANDed), each set's filters ANDed, and an
    option's count is the number of bits its string shares with its facet's set: the
    numbers count_facets finds by reading each matching entry's keys, from about a
    hundred strings however many entries match.
    """
    table = apps.get_model("interventions", "PublishedKeyEntries")._meta.db_table
    names = sorted(filters)
    columns, params, read_keys = [], [], set()
    for number, name in enumerate(names):
        if isinstance(filters[name], EntryBits):
            columns.append(f"{filters[name].sql} AS filter{number}")
            params.extend(filters[name].params)
            read_keys.update(filters[name].keys)
            continue
        keys, every = filters[name]
        read_keys.update(keys)
        keys = sorted(set(keys))
        if every:
            # A key no published entry has has no string: then no entry has every key.
            columns.append(
                f"CASE WHEN COUNT(*) FILTER (WHERE key = ANY(%s)) = %s "
                f"THEN BIT_AND(entries) FILTER (WHERE key = ANY(%s)) END AS filter{number}"
            )
            params.extend([keys, len(keys), keys])
        else:
            # No string (no key, or no entry with any): NULL, which matches nothing.
            columns.append(f"BIT_OR(entries) FILTER (WHERE key = ANY(%s)) AS filter{number}")
            params.append(keys)
    params.append(sorted(read_keys))
    sql = (
        # One row, even when no filter reads a key (a search of words alone).
        f"WITH filters AS (SELECT {', '.join(columns) or 'NULL'} FROM {table} "
        "WHERE key = ANY(%s) GROUP BY ())"
    )
    # Each distinct combination of filters once.
    combinations = []
    for applied in [*filters_for_facet.values(), *filters_for_total.values()]:
        if applied and frozenset(applied) not in combinations:
            combinations.append(frozenset(applied))
    if combinations:
        sets = ", ".join(
            " & ".join(f"filter{names.index(name)}" for name in sorted(applied))
            + f" AS set{number}"
            for number, applied in enumerate(combinations)
        )
        sql += f", sets AS (SELECT {sets} FROM filters)"

    def set_of(applied):
        return f"set{combinations.index(frozenset(applied))}" if applied else None

    parts = []
    if filters_for_facet:
        # Each option's string against its facet's set (counted once: options no entry
        # has are left out below, not by a condition that would count them again).
        cases = []
        for applied in filters_for_facet.values():
            counted = set_of(applied)
            cases.append(f"WHEN %s THEN BIT_COUNT(entries{f' & {counted}' if counted else ''})")
        params += [facet_index.SEPARATOR, *filters_for_facet]
        params += [facet_index.SEPARATOR, list(filters_for_facet)]
        parts.append(
            f"SELECT -1, key, CASE split_part(key, %s, 1) {' '.join(cases)} END FROM {table}"
            f"{', sets' if combinations else ''} WHERE split_part(key, %s, 1) = ANY(%s)"
        )
    totals = [*filters_for_total.items(), *((name, ()) for name in published_totals)]
    size = apps.get_model("interventions", "PublishedKeyCount")._meta.db_table
    for number, (_, applied) in enumerate(totals):
        counted = set_of(applied)
        if counted:
            parts.append(f"SELECT {number}, NULL, COALESCE(BIT_COUNT({counted}), 0) FROM sets")
        else:
            # The whole published catalogue's size, kept by the database.
            parts.append(
                f"SELECT {number}, NULL, COALESCE(SUM(entries), 0) FROM {size} WHERE key = ''"
            )
    sql += " " + " UNION ALL ".join(parts)
    return sql, params, [name for name, _ in totals]
