"""Reading an entry page's rows and a page of result cards' themes and forces in one
round trip each, by queries compiled once (interventions.batched), as prefetch_related()
would have read them."""

from django.db.models import F

from evaluations.models import EvaluationReport, OutcomeMetric, SeminarSession
from evidence.models import ExternalEvidenceLink
from interventions import facet_index
from interventions.batched import Placeholders, prepared, run_together
from interventions.models import (
    Force,
    Funding,
    Intervention,
    SourceCitation,
    Theme,
    partners_lead_first,
)

# What stands for the entry's slug or id in the entry page's queries while they are
# compiled (interventions.batched): no slug has a space, no id is negative.
PLACEHOLDERS = {"slug": "entry slug", "pk": -719304581}

# The rows the entry page shows of each relation of the entry, each in the order the page
# lists them, by the name of the relation (what it is prefetched as): the rows, and the
# name of their link to the entry.
ENTRY_RELATIONS = {
    "themes": (lambda: Theme.objects.all(), "interventions"),
    "forces": (lambda: Force.objects.all(), "interventions"),
    "funding": (lambda: Funding.objects.select_related("source", "funder"), "intervention"),
    "seminar_sessions": (
        lambda: SeminarSession.objects.select_related("source"),
        "interventions",
    ),
    "partner_roles": (partners_lead_first, "intervention"),
    "citations": (lambda: SourceCitation.objects.select_related("source"), "intervention"),
    "reports": (
        lambda: EvaluationReport.objects.select_related(
            "evaluator", "publisher", "source"
        ).order_by("published_on", "title"),
        "interventions",
    ),
    "outcomes": (
        lambda: OutcomeMetric.objects.select_related("source", "report"),
        "intervention",
    ),
    "external_evidence": (
        lambda: ExternalEvidenceLink.objects.order_by("catalogue", "title"),
        "intervention",
    ),
}


def as_prefetched(entry, name, rows):
    """Keeps ``rows`` as the entry's ``name``, as prefetch_related(name) would have:
    ``entry.<name>.all()`` gives them without a query."""
    relation = Intervention._meta.get_field(name)
    if relation.one_to_many:
        # Each row's entry is this one, as prefetch_related() sets it.
        for row in rows:
            relation.field.set_cached_value(row, entry)
    queryset = relation.related_model._default_manager.get_queryset()
    queryset._result_cache = rows
    queryset._prefetch_done = True
    entry.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


# The themes and forces each result card names, read for a page of entries by queries
# compiled once for each number of entries, as prefetch_related("themes", "forces") would
# have read them (in the same order), without building the prefetch queries each time.
CARD_RELATIONS = ("themes", "forces")


def _card_relation_query(name, ids):
    """The rows of relation ``name`` of the entries ``ids``, in their model's order, each
    with ``card_entry``, the id of the entry it is one of."""
    relation = Intervention._meta.get_field(name)
    link = relation.related_query_name()
    return relation.related_model.objects.filter(**{f"{link}__in": ids}).annotate(
        card_entry=F(f"{link}__id")
    )


def with_themes_and_forces(entries):
    """``entries`` as a list, each with its themes and forces kept as prefetched:
    ``entry.themes.all()`` and ``entry.forces.all()`` give them without a query. One
    round trip for both."""
    entries = list(entries)
    if not entries:
        return entries
    placeholders = Placeholders([-number for number in range(1, len(entries) + 1)])
    queries = [
        prepared(
            ("card relations", name, len(entries)),
            lambda placeholders, name=name: _card_relation_query(name, list(placeholders)),
            placeholders,
        )
        for name in CARD_RELATIONS
    ]
    found = run_together(queries, tuple(entry.pk for entry in entries))
    for name, links in zip(CARD_RELATIONS, found, strict=True):
        rows = {entry.pk: [] for entry in entries}
        for row in links:
            rows[row.card_entry].append(row)
        for entry in entries:
            as_prefetched(entry, name, rows[entry.pk])
    return entries


def related_entries(entry, theme_ids, force_ids):
    """Intervention.objects.related_to(entry, theme_ids, force_ids) as a list, by a query
    compiled once for each number of themes and of forces."""
    if not theme_ids and not force_ids:
        return []
    # Placeholders: the entry's id, and its themes' and forces' ids (as negative numbers).
    themes = [-number for number in range(1, len(theme_ids) + 1)]
    forces = [-number for number in range(1, len(force_ids) + 1)]
    placeholders = Placeholders(
        [
            PLACEHOLDERS["pk"],
            *[facet_index.key("theme", pk) for pk in themes],
            *[facet_index.key("force", pk) for pk in forces],
        ]
    )
    query = prepared(
        ("related entries", len(themes), len(forces)),
        lambda placeholders: Intervention.objects.related_to(
            Intervention(pk=PLACEHOLDERS["pk"]), themes, forces
        ),
        placeholders,
    )
    values = (
        entry.pk,
        *[facet_index.key("theme", pk) for pk in theme_ids],
        *[facet_index.key("force", pk) for pk in force_ids],
    )
    (related,) = run_together([query], values)
    return related
