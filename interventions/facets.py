"""Facet counts: how many entries each filter option would give within the current filter.

Every count is computed in one database query, whatever the number of options:
one grouped SELECT per facet, joined with UNION ALL. For a facet the user has
already narrowed (say two themes ticked), its options are counted with every
*other* filter applied, so each count says what ticking that option would add.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

from evaluations.models import EvaluationReport
from interventions import facet_index
from interventions.models import Intervention, SourceCitation

TOTAL = "total"
YES, NO = "true", "false"


@dataclass(frozen=True)
class LinkFacet:
    """Options reached through a link table, e.g. the themes an entry is filed under."""

    link_model: type
    group_by: str
    # The same entry can reach one option twice, e.g. two lead forces in one region.
    distinct: bool = False

    def grouped(self, name, entries):
        # Ids become text so every part of the union has the same column types.
        value = F(self.group_by) if "__" in self.group_by else Cast(self.group_by, CharField())
        return (
            self.link_model.objects.filter(intervention_id__in=entries.values("pk"))
            .order_by()
            .values_list(Value(name), value)
            .annotate(entries=Count("intervention_id", distinct=self.distinct))
        )


@dataclass(frozen=True)
class FieldFacet:
    """Options that are values of a field of the entry itself, e.g. its status."""

    field_name: str

    def grouped(self, name, entries):
        return (
            entries.order_by()
            .values_list(Value(name), F(self.field_name))
            .annotate(entries=Count("pk"))
        )


@dataclass(frozen=True)
class ReportFacet:
    """Whether an entry has at least one evaluation report: "true" or "false"."""

    def grouped(self, name, entries):
        has_report = Exists(
            EvaluationReport.interventions.through.objects.filter(intervention_id=OuterRef("pk"))
        )
        return (
            entries.order_by()
            .values_list(
                Value(name),
                Case(When(has_report, then=Value(YES)), default=Value(NO)),
            )
            .annotate(entries=Count("pk"))
        )


# Option values are slugs or choice values, except for link facets grouped by id,
# whose ids the filter set translates back to slugs.
FACETS = {
    "theme": LinkFacet(Intervention.themes.through, "theme_id"),
    "force": LinkFacet(Intervention.forces.through, "force_id"),
    "region": LinkFacet(Intervention.forces.through, "force__region", distinct=True),
    "purpose": LinkFacet(Intervention.purposes.through, "purpose_id"),
    "evidence_stage": FieldFacet("evidence_stage"),
    "status": FieldFacet("status"),
    "setting": LinkFacet(Intervention.delivery_settings.through, "setting_id"),
    "has_report": ReportFacet(),
    "source": LinkFacet(SourceCitation, "source_id"),
}


def _total(key, entries):
    # Grouping by a constant gives one row per key even when nothing matches.
    return (
        Intervention.objects.filter(pk__in=entries.values("pk"))
        .order_by()
        .annotate(key=Value(f"{TOTAL}:{key}"))
        .values_list("key", Value(""))
        .annotate(entries=Count("pk"))
    )


@dataclass
class FacetCounts:
    options: dict = field(default_factory=lambda: defaultdict(dict))
    totals: dict = field(default_factory=dict)

    def for_facet(self, name):
        return self.options.get(name, {})

    def total(self, key=""):
        return self.totals.get(key, 0)


def facet_query(entries_for_facet, entries_for_total):
    """The one UNION ALL query behind count_facets (None when nothing is asked)."""
    parts = [FACETS[name].grouped(name, entries) for name, entries in entries_for_facet.items()]
    parts += [_total(key, entries) for key, entries in entries_for_total.items()]
    if not parts:
        return None
    return parts[0].union(*parts[1:], all=True)


def count_facets(entries_for_facet, entries_for_total):
    """Count facet options and totals in a single query.

    ``entries_for_facet`` maps a facet name to the entries its options are counted
    over; ``entries_for_total`` maps a key to entries whose number is wanted, e.g.
    "" for the current results and "theme" for the results without the theme filter.
    """
    if facet_index.is_postgresql():
        return count_facet_keys(entries_for_facet, entries_for_total)
    counts = FacetCounts()
    query = facet_query(entries_for_facet, entries_for_total)
    if query is None:
        return counts
    for name, value, number in query:
        if name.startswith(f"{TOTAL}:"):
            counts.totals[name.removeprefix(f"{TOTAL}:")] = number
        else:
            counts.options[name][value] = number
    return counts


def facet_keys_query(entries_for_facet, entries_for_total):
    """SQL and parameters for count_facet_keys: one scan per distinct set of entries.

    Facets counted over the same entries (every facet nobody has narrowed) share a
    scan: each matching entry's keys are unnested once and grouped. A materialised
    CTE per set means its filters run once however many facets and totals read it.
    """
    sets, wanted = [], {}
    for role, entries in [
        *((("facet", name), entries) for name, entries in entries_for_facet.items()),
        *((("total", key), entries) for key, entries in entries_for_total.items()),
    ]:
        keyed = entries.order_by().values_list(RawSQL(facet_index.COLUMN, []))
        sql, params = keyed.query.sql_with_params()
        found = next((number for number, known in enumerate(sets) if known == (sql, params)), None)
        if found is None:
            sets.append((sql, params))
            found = len(sets) - 1
        wanted.setdefault(found, []).append(role)
    ctes, parts, cte_params, part_params = [], [], [], []
    for number, roles in wanted.items():
        sql, set_params = sets[number]
        facets = [name for kind, name in roles if kind == "facet"]
        counted = any(kind == "total" for kind, _ in roles)
        if not facets:
            # Wanted only for its size: counted without reading any keys.
            parts.append(f"SELECT {number}, NULL, COUNT(*) FROM ({sql}) AS set{number}")
            part_params.extend(set_params)
            continue
        ctes.append(f"set{number}(keys) AS MATERIALIZED ({sql})")
        cte_params.extend(set_params)
        parts.append(
            f"SELECT {number}, key, COUNT(*) FROM set{number}, unnest(set{number}.keys) AS key "
            "WHERE split_part(key, %s, 1) || %s = ANY(%s) GROUP BY key"
        )
        part_params.extend(
            [
                facet_index.SEPARATOR,
                facet_index.SEPARATOR,
                [facet_index.key(name, "") for name in facets],
            ]
        )
        if counted:
            parts.append(f"SELECT {number}, NULL, COUNT(*) FROM set{number}")
    params = cte_params + part_params
    sql = f"WITH {', '.join(ctes)} " if ctes else ""
    sql += " UNION ALL ".join(parts)
    return sql, params, wanted


def count_facet_keys(entries_for_facet, entries_for_total):
    """count_facets on PostgreSQL, from the entries' facet keys (interventions.facet_index)."""
    counts = FacetCounts()
    if not entries_for_facet and not entries_for_total:
        return counts
    sql, params, wanted = facet_keys_query(entries_for_facet, entries_for_total)
    with connection.cursor() as cursor:
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
