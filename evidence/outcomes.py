"""The outcomes explorer: every published outcome figure, filtered and sorted from the address.

Parameters: ``kind``, ``direction``, ``scope`` (whom the figure counts), ``theme``,
``force``, ``source``, ``evidence_stage`` (the entry's evidence stage) and ``verdict`` (the
entry's verdict) each take several values (repeated, ``?kind=robbery&kind=homicide``) and
match figures with any of them;
different parameters narrow each other. ``sort`` takes one of ``SORTS``. The address is
read forgivingly by interventions.filters.reading: unknown values are left out and named
in a notice, in the words the list and the API use; the address is never an error.
"""

import csv
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Q
from django.http import QueryDict

from evaluations.models import (
    Direction,
    FigureScope,
    MeasureKind,
    OutcomeMetric,
    PublishedFigureCount,
)
from evidence.selection import selection_in_words
from interventions.batched import prepared, run_together
from interventions.filters import ParameterReader
from interventions.filters.options import FilterOptions
from interventions.models import (
    NOT_LISTED,
    EvidenceStage,
    Intervention,
    Verdict,
    verdict_annotations,
)
from interventions.spreadsheets import BYTE_ORDER_MARK, escape_formula

NOT_A_CHANGE = "none"
FILTERS = ("kind", "direction", "scope", "evidence_stage", "verdict", "theme", "force", "source")
FILTER_LABELS = {
    "kind": "Kind of measure",
    "direction": "Direction",
    "scope": "Whom the figure counts",
    "evidence_stage": "Entry's evidence stage",
    "verdict": "Entry's verdict",
    "theme": "Theme",
    "force": "Police force",
    "source": "Source document",
}


@dataclass(frozen=True)
class Sort:
    label: str
    ordering: tuple


# Each ordering is one of OutcomeMetric's indexes of published figures, read in order:
# entry_name and source_title are the database's copies of the entry's name and the
# source's title, and kind_rank the kind's place in MeasureKind.
SORTS = {
    "entry": Sort("Entry, A to Z", ("entry_name", "position", "key")),
    "measure": Sort("Measure, A to Z", ("measure", "entry_name", "key")),
    "kind": Sort("Kind of measure", ("kind_rank", "entry_name", "position", "key")),
    "largest": Sort(
        "Largest figure first, within each unit", ("unit", "-value", "entry_name", "key")
    ),
    "source": Sort("Source document", ("source_title", "entry_name", "position", "key")),
}
DEFAULT_SORT = "entry"
SORTED_BY_DEFAULT = "the figures are sorted by entry"


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    selected: bool


class OutcomeExplorer:
    """The filters and sort asked for, cleaned, and the figures they select."""

    def __init__(self, query):
        # The themes, forces and public sources, in one query, as the list reads them:
        # each row has a pk, a slug and, as its text, its name or title.
        options = FilterOptions()
        self.themes = options.by_name["theme"]
        self.forces = options.by_name["force"]
        self.sources = options.by_name["source"]
        reader = ParameterReader(query)
        self.selected = {name: self._read(reader, name) for name in FILTERS}
        self.sort = (
            reader.choice("sort", "sort order", list(SORTS), otherwise=SORTED_BY_DEFAULT)
            or DEFAULT_SORT
        )
        self.notices = reader.notices

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
        if name == "scope":
            return FigureScope.choices
        rows = {"theme": self.themes, "force": self.forces, "source": self.sources}[name]
        return [(row.slug, str(row)) for row in rows]

    def _read(self, reader, name):
        order = [value for value, _ in self.choices(name)]
        usable = reader.choices(name, FILTER_LABELS[name].lower(), order)
        return sorted(usable, key=order.index)

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
        if chosen["scope"]:
            metrics = metrics.filter(scope__in=chosen["scope"])
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
            .annotate(**entry_verdict())
            .select_related("intervention", "source", "report")
            # A row names its entry; it shows none of the entry's texts.
            .defer(*(f"intervention__{field}" for field in (*NOT_LISTED, "summary")))
            .order_by(*SORTS[self.sort].ordering)
        )

    def page_of_metrics(self, offset, limit):
        """``metrics()[offset:offset + limit]`` as a list. Without filters the query is
        compiled once for each sort (interventions.batched): compiling it took longer than
        PostgreSQL takes to run it."""
        if self.is_filtered:
            return list(self.metrics()[offset : offset + limit])
        query = prepared(("outcomes page", self.sort), self.metrics, paged=True)
        (rows,) = run_together([query], (limit, offset))
        return rows

    @cached_property
    def kept_counts(self):
        return PublishedFigureCount.counts()

    def count(self):
        """How many published figures the filters select.

        Read from the counts the database keeps when no filter, or only one, is used and
        its values cannot overlap: a figure has one kind, scope, direction and source and
        its entry one evidence stage and verdict, but an entry may have several themes
        and forces. Otherwise counted.
        """
        used = [name for name in FILTERS if self.selected[name]]
        if not used:
            return self.kept_counts.get(PublishedFigureCount.WHOLE, 0)
        if len(used) == 1:
            name, values = used[0], self.selected[used[0]]
            if len(values) == 1 or name not in {"theme", "force"}:
                return sum(self.kept_counts.get(self.kept_key(name, value), 0) for value in values)
        return self.filtered().count()

    def kept_key(self, name, value):
        """The key PublishedFigureCount counts the figures with ``value`` of ``name`` under."""
        if name in {"theme", "force", "source"}:
            rows = {"theme": self.themes, "force": self.forces, "source": self.sources}[name]
            value = next(row.pk for row in rows if row.slug == value)
            name = "figure_source" if name == "source" else name
        return f"{name}:{value}"

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
        """Values of ``name`` that published figures have, or None for all.

        Every direction, evidence stage and verdict is offered: a few values. The others
        are read from the counts the database keeps, read once for the page.
        """
        if name not in {"kind", "scope", "theme", "force", "source"}:
            return None
        return {
            value
            for value, _ in self.choices(name)
            if self.kept_counts.get(self.kept_key(name, value), 0) > 0
        }

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
        return selection_in_words(self.selected, FILTER_LABELS, self.choices)


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
    "scope",
    "scope_caveat",
    "scope_section",
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
        "scope": metric.get_scope_display(),
        "scope_caveat": metric.scope_caveat,
        "scope_section": metric.scope_section,
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
