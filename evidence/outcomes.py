"""The outcomes explorer: every published outcome figure, filtered and sorted from the address.

Parameters: ``kind``, ``direction``, ``theme``, ``force``, ``source``, ``evidence_stage``
(the entry's evidence stage) and ``verdict`` (the entry's verdict) each take several
values (repeated, ``?kind=robbery&kind=homicide``) and match figures with any of them;
different parameters narrow each other. ``sort`` takes one of ``SORTS``. Unknown values
are left out and named in a notice; the address is never an error.
"""

import csv
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, Value, When
from django.http import QueryDict

from evaluations.models import Direction, MeasureKind, OutcomeMetric
from interventions.filters import shown
from interventions.models import (
    EvidenceStage,
    Force,
    Intervention,
    SourceDocument,
    Theme,
    Verdict,
    verdict_annotations,
)
from interventions.spreadsheets import BYTE_ORDER_MARK, escape_formula

NOT_A_CHANGE = "none"
# Beyond this many values of one parameter the rest is not read.
MAX_VALUES_READ = 50
QUOTED_LIMIT = 5
FILTERS = ("kind", "direction", "evidence_stage", "verdict", "theme", "force", "source")
FILTER_LABELS = {
    "kind": "Kind of measure",
    "direction": "Direction",
    "evidence_stage": "Entry's evidence stage",
    "verdict": "Entry's verdict",
    "theme": "Theme",
    "force": "Police force",
    "source": "Source document",
}

KIND_ORDER = Case(
    *[When(measure_kind=value, then=Value(rank)) for rank, value in enumerate(MeasureKind.values)],
    output_field=IntegerField(),
)


@dataclass(frozen=True)
class Sort:
    label: str
    ordering: tuple


SORTS = {
    "entry": Sort("Entry, A to Z", ("intervention__name", "position", "key")),
    "measure": Sort("Measure, A to Z", ("measure", "intervention__name", "key")),
    "kind": Sort("Kind of measure", ("kind_rank", "intervention__name", "position", "key")),
    "largest": Sort(
        "Largest figure first, within each unit", ("unit", "-value", "intervention__name", "key")
    ),
    "source": Sort("Source document", ("source__title", "intervention__name", "position", "key")),
}
DEFAULT_SORT = "entry"


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    selected: bool


def quoted(values):
    named = ", ".join(f"“{shown(value)}”" for value in values[:QUOTED_LIMIT])
    if len(values) > QUOTED_LIMIT:
        named += f" and {len(values) - QUOTED_LIMIT} other values"
    return named


class OutcomeExplorer:
    """The filters and sort asked for, cleaned, and the figures they select."""

    def __init__(self, query):
        self.themes = list(Theme.objects.all())
        self.forces = list(Force.objects.all())
        self.sources = list(SourceDocument.objects.public())
        self.notices = []
        self.selected = {name: self._read(query, name) for name in FILTERS}
        self.sort = self._read_sort(query)

    # Reading the address ---------------------------------------------------------------

    def choices(self, name):
        """(value, label) pairs, in display order."""
        if name == "kind":
            return MeasureKind.choices
        if name == "direction":
            return [*Direction.choices, (NOT_A_CHANGE, "Not a change (a count or a share)")]
        if name == "evidence_stage":
            return EvidenceStage.choices
        if name == "verdict":
            return Verdict.choices
        rows = {"theme": self.themes, "force": self.forces, "source": self.sources}[name]
        return [(row.slug, str(row)) for row in rows]

    def _read(self, query, name):
        given = [value.strip() for value in query.getlist(name) if value.strip()]
        known = dict(self.choices(name))
        usable = [value for value in dict.fromkeys(given[:MAX_VALUES_READ]) if value in known]
        unknown = [value for value in dict.fromkeys(given) if value not in known]
        if unknown:
            left_out = "it was" if len(unknown) == 1 else "they were"
            self.notices.append(
                f"There is no {FILTER_LABELS[name].lower()} {quoted(unknown)}, so {left_out} "
                "left out."
            )
        order = [value for value, _ in self.choices(name)]
        return sorted(usable, key=order.index)

    def _read_sort(self, query):
        given = [value.strip() for value in query.getlist("sort") if value.strip()]
        if not given:
            return DEFAULT_SORT
        if given[0] not in SORTS:
            self.notices.append(
                f"The sort order “{shown(given[0], limit=40)}” is not one we offer, so the "
                "figures are sorted by entry."
            )
            return DEFAULT_SORT
        if len(given) > 1:
            self.notices.append("The address gave more than one sort order; the first was used.")
        return given[0]

    # What it selects ---------------------------------------------------------------------

    def filtered(self):
        metrics = OutcomeMetric.objects.published()
        chosen = self.selected
        if chosen["kind"]:
            metrics = metrics.filter(measure_kind__in=chosen["kind"])
        if chosen["direction"]:
            directions = [value for value in chosen["direction"] if value != NOT_A_CHANGE]
            condition = Q(direction__in=directions)
            if NOT_A_CHANGE in chosen["direction"]:
                condition |= Q(direction="")
            metrics = metrics.filter(condition)
        if chosen["evidence_stage"]:
            metrics = metrics.filter(intervention__evidence_stage__in=chosen["evidence_stage"])
        if chosen["verdict"]:
            metrics = metrics.filter(
                intervention__in=Intervention.objects.with_verdicts(chosen["verdict"])
            )
        if chosen["theme"]:
            metrics = metrics.filter(
                intervention__in=Intervention.objects.with_themes(chosen["theme"])
            )
        if chosen["force"]:
            metrics = metrics.filter(
                intervention__in=Intervention.objects.with_forces(chosen["force"])
            )
        if chosen["source"]:
            metrics = metrics.filter(source__slug__in=chosen["source"])
        return metrics

    def metrics(self):
        """The figures, sorted, with what each table row shows."""
        return (
            self.filtered()
            .annotate(kind_rank=KIND_ORDER, **entry_verdict())
            .select_related("intervention", "source", "report")
            .order_by(*SORTS[self.sort].ordering)
        )

    # What the page shows -----------------------------------------------------------------

    def query(self):
        """The cleaned filters and sort as a QueryDict, for links that keep them."""
        query = QueryDict(mutable=True)
        for name in FILTERS:
            if self.selected[name]:
                query.setlist(name, self.selected[name])
        if self.sort != DEFAULT_SORT:
            query["sort"] = self.sort
        return query

    def options(self, name):
        """The choices worth offering: those with published figures, and any already ticked."""
        chosen = set(self.selected[name])
        offered = self.with_figures(name)
        return [
            Option(value, label, value in chosen)
            for value, label in self.choices(name)
            if value in chosen or offered is None or value in offered
        ]

    def with_figures(self, name):
        """Values of ``name`` that published figures have (one query), or None for all.

        Every evidence stage and verdict is offered: a few values, read with no query."""
        published = OutcomeMetric.objects.published()
        lookup = {
            "kind": "measure_kind",
            "theme": "intervention__themes__slug",
            "force": "intervention__forces__slug",
            "source": "source__slug",
        }.get(name)
        if lookup is None:
            return None
        return set(published.order_by().values_list(lookup, flat=True).distinct())

    @property
    def sort_label(self):
        return SORTS[self.sort].label

    @property
    def sort_options(self):
        return [Option(key, sort.label, key == self.sort) for key, sort in SORTS.items()]

    @property
    def is_filtered(self):
        return any(self.selected.values())

    def description(self):
        """The filters in words, e.g. "kind of measure Robbery; police force Kent"."""
        parts = []
        for name in FILTERS:
            if self.selected[name]:
                labels = dict(self.choices(name))
                joined = " or ".join(labels[value] for value in self.selected[name])
                parts.append(f"{FILTER_LABELS[name].lower()} {joined}")
        return "; ".join(parts)


def entry_verdict():
    """Each figure's entry's verdict, as ``entry_verdict`` and ``entry_verdict_self_reported``."""
    verdict = verdict_annotations("intervention_id")
    return {
        "entry_verdict": verdict["verdict"],
        "entry_verdict_self_reported": verdict["verdict_self_reported"],
    }


# The CSV download -----------------------------------------------------------------------

CSV_COLUMNS = [
    "entry",
    "entry_address",
    "entry_evidence_stage",
    "entry_verdict",
    "measure",
    "kind_of_measure",
    "value_qualifier",
    "value",
    "unit",
    "direction",
    "baseline_value",
    "baseline_period",
    "follow_up_value",
    "follow_up_period",
    "group_or_area",
    "sample_size",
    "police_forces",
    "themes",
    "source",
    "source_publisher",
    "source_section",
    "source_address",
    "report",
    "report_address",
    "curator_note",
]


def spreadsheet_safe(text):
    """Text a spreadsheet would run as a formula, made inert with a leading apostrophe."""
    return escape_formula(str(text))


def plain_number(value):
    """45.0000 -> '45', 10.9000 -> '10.9'; empty for None. Numbers never need the apostrophe."""
    if value is None:
        return ""
    return format(value.normalize(), "f")


NUMBER_COLUMNS = {"value", "baseline_value", "follow_up_value", "sample_size"}


def csv_row(metric, absolute):
    entry, report, source = metric.intervention, metric.report, metric.source
    cells = {
        "entry": entry.display_name,
        "entry_address": absolute(metric.get_absolute_url()),
        "entry_evidence_stage": entry.get_evidence_stage_display(),
        "entry_verdict": metric.entry_verdict_label,
        "measure": metric.measure,
        "kind_of_measure": metric.get_measure_kind_display(),
        "value_qualifier": metric.get_value_qualifier_display() if metric.value_qualifier else "",
        "value": plain_number(metric.value),
        "unit": metric.get_unit_display(),
        "direction": metric.get_direction_display() if metric.direction else "",
        "baseline_value": plain_number(metric.baseline_value),
        "baseline_period": metric.baseline_period,
        "follow_up_value": plain_number(metric.follow_up_value),
        "follow_up_period": metric.follow_up_period,
        "group_or_area": metric.cohort,
        "sample_size": "" if metric.sample_size is None else str(metric.sample_size),
        "police_forces": "; ".join(force.name for force in entry.forces.all()),
        "themes": "; ".join(theme.name for theme in entry.themes.all()),
        "source": source.title,
        "source_publisher": source.publisher,
        "source_section": metric.source_section,
        "source_address": source.url,
        "report": report.title if report else "",
        "report_address": report.url if report else "",
        "curator_note": metric.curator_note,
    }
    return [
        cells[column] if column in NUMBER_COLUMNS else spreadsheet_safe(cells[column])
        for column in CSV_COLUMNS
    ]


class Echo:
    """A file-like object that hands each written line straight back, for streaming."""

    def write(self, value):
        return value


def csv_lines(metrics, absolute):
    writer = csv.writer(Echo())
    yield BYTE_ORDER_MARK + writer.writerow(CSV_COLUMNS)
    rows = metrics.prefetch_related("intervention__forces", "intervention__themes")
    for metric in rows.iterator(chunk_size=500):
        yield writer.writerow(csv_row(metric, absolute))
