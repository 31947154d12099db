"""The evidence and gap map: themes against the kinds of outcome their entries measure.

Rows are the themes; columns are the kinds of outcome measure the published figures use,
in MeasureKind order, then "no outcome figure yet". A cell counts the published entries
of its theme with at least one figure of its kind (or, in the last column, with none),
and breaks them down by evidence stage and by verdict. An entry with figures of several
kinds is counted in each of their columns, and once in each of its themes.

A theme with no independently evaluated entry is a gap and says so in words.

Parameters: ``region``, ``force`` and ``evidence_stage`` each take several values and
narrow the entries counted. They are read forgivingly by interventions.filters.reading:
unknown values are left out and named in a notice; the address is never an error.

Every number comes from at most five queries, whatever the size of the catalogue. The
grid of the whole catalogue, of regions or of forces, at any evidence stages, is read
from counts the database keeps as entries change (evidence.GapMapCount); any other
selection is counted in the database from the entries' facet keys: nothing is read entry
by entry.
"""

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse
from django.utils.safestring import mark_safe

from evaluations.models import MeasureKind
from evidence.charts import BRAND, MUTED, RULE, TEXT, element, escape, svg, text
from evidence.models import ROW_TOTAL, WHOLE_CATALOGUE, GapMapCount
from evidence.selection import selection_in_words
from interventions import facet_index
from interventions.filters.reading import ParameterReader
from interventions.models import (
    EvidenceStage,
    Force,
    Intervention,
    PublishedKeyCount,
    Region,
    Theme,
    Verdict,
)
from interventions.spreadsheets import BYTE_ORDER_MARK, escape_formula

# The last column, as the database function evidence_gap_map_places names it.
NO_FIGURE = "none"
NO_FIGURE_LABEL = "No outcome figure yet"
FILTERS = ("region", "force", "evidence_stage")
FILTER_LABELS = {"region": "region", "force": "police force", "evidence_stage": "evidence stage"}
GAP_TEXT = "Gap: no independently evaluated entry"
# Regions or forces read from kept counts together; their pairs are looked up one by one.
MOST_SCOPES_ADDED = 8
CELL_INDENT = " " * 12
STAGES_STRONGEST_FIRST = list(reversed(EvidenceStage.choices))
VERDICTS = Verdict.choices


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    selected: bool


@dataclass
class Cell:
    """The published entries of one theme in one column."""

    theme: Theme
    column: str
    column_label: str
    url: str = ""
    count: int = 0
    stages: Counter = field(default_factory=Counter)
    verdicts: Counter = field(default_factory=Counter)

    def add(self, stage, verdict, entries):
        """Count ``entries`` more entries at ``stage`` with ``verdict``."""
        self.count += entries
        self.stages[stage] += entries
        self.verdicts[verdict] += entries

    @property
    def independently_evaluated(self):
        return self.stages[EvidenceStage.INDEPENDENTLY_EVALUATED]

    @property
    def reduced_harm(self):
        return self.verdicts[Verdict.REDUCED_HARM]

    @property
    def stage_breakdown(self):
        """(label, count) for every stage, strongest first."""
        return [(label, self.stages[value]) for value, label in STAGES_STRONGEST_FIRST]

    @property
    def verdict_breakdown(self):
        return [(label, self.verdicts[value]) for value, label in VERDICTS]

    def table_cell(self):
        """The cell of the page's table: its entries linked, and the stages and verdicts
        that have any. Markup built here like the chart's: the template engine took ten
        milliseconds for a map's few hundred cells."""
        if not self.count:
            return '<td>0 <span class="visually-hidden">entries</span></td>'
        noun = "entry" if self.count == 1 else "entries"
        stages = "".join(
            f"<li>{escape(label)}: {count}</li>" for label, count in self.stage_breakdown if count
        )
        verdicts = "".join(
            f"<li>{escape(label)}: {count}</li>" for label, count in self.verdict_breakdown if count
        )
        return (
            f'<td><a href="{escape(self.url)}">{self.count} {noun}<span class="visually-hidden">'
            f" on {escape(self.theme.name)}, {escape(self.column_label.lower())}</span></a>"
            f'\n{CELL_INDENT}  <ul class="cell-breakdown">{stages}</ul>'
            f'\n{CELL_INDENT}  <ul class="cell-breakdown">{verdicts}</ul>'
            f"\n{CELL_INDENT}</td>"
        )

    def summary(self):
        """Every number of the cell in words, for the chart's description and the table."""
        if not self.count:
            return "no entries"
        stages = ", ".join(f"{label.lower()} {count}" for label, count in self.stage_breakdown)
        verdicts = ", ".join(f"{label.lower()} {count}" for label, count in self.verdict_breakdown)
        noun = "entry" if self.count == 1 else "entries"
        return f"{self.count} {noun} (evidence stage: {stages}; verdict: {verdicts})"


@dataclass
class Row:
    theme: Theme
    cells: list
    count: int = 0
    independently_evaluated: int = 0

    @property
    def is_gap(self):
        return not self.independently_evaluated

    def table_cells(self):
        """Every cell of the row in the page's table, laid out as the template lays its
        own lines."""
        return mark_safe(
            "".join(f"\n{CELL_INDENT}{cell.table_cell()}\n{CELL_INDENT}" for cell in self.cells)
        )


class GapMap:
    """The filters asked for, cleaned, and the grid of counts they select."""

    def __init__(self, query):
        self.forces = list(Force.objects.all())
        reader = ParameterReader(query)
        self.selected = {
            name: reader.choices(name, FILTER_LABELS[name], dict(self.choices(name)))
            for name in FILTERS
        }
        self.notices = reader.notices
        for name in FILTERS:
            order = [value for value, _ in self.choices(name)]
            self.selected[name] = sorted(self.selected[name], key=order.index)
        self.themes = list(Theme.objects.order_by("name"))
        self.columns = self._columns()
        self.rows = self._rows()

    def choices(self, name):
        if name == "region":
            return Region.choices
        if name == "force":
            return [(force.slug, force.name) for force in self.forces]
        return EvidenceStage.choices

    # What it selects ---------------------------------------------------------------------

    def entries(self):
        entries = Intervention.objects.published()
        if self.selected["region"]:
            entries = entries.in_regions(self.selected["region"])
        if self.selected["force"]:
            entries = entries.with_forces(self.selected["force"])
        if self.selected["evidence_stage"]:
            entries = entries.at_evidence_stages(self.selected["evidence_stage"])
        return entries

    def _columns(self):
        """The kinds of measure published figures use, in MeasureKind order, then none."""
        used = PublishedKeyCount.values_counted("kind")
        kinds = [(value, label) for value, label in MeasureKind.choices if value in used]
        return [*kinds, (NO_FIGURE, NO_FIGURE_LABEL)]

    def _rows(self):
        counted = self._counts()
        rows = []
        for theme in self.themes:
            cells = {
                value: Cell(theme, value, label, url=self.cell_url(theme, value))
                for value, label in self.columns
            }
            row = Row(theme, list(cells.values()))
            for stage, entries in counted["row"].get(theme.pk, []):
                row.count += entries
                if stage == EvidenceStage.INDEPENDENTLY_EVALUATED:
                    row.independently_evaluated += entries
            for column, stage, verdict, entries in counted["cell"].get(theme.pk, []):
                if column in cells:
                    cells[column].add(stage, verdict, entries)
            rows.append(row)
        return rows

    def scopes(self):
        """The scopes of GapMapCount whose entries together are the selection, or None
        when no kept counts answer it: a region and a force together (the entries in
        both), or more values than it is worth looking for the entries in two of them."""
        region, force = self.selected["region"], self.selected["force"]
        if (region and force) or len(region) + len(force) > MOST_SCOPES_ADDED:
            return None
        if region:
            return [facet_index.key("region", value) for value in region]
        if force:
            ids = {f.slug: f.pk for f in self.forces}
            return [facet_index.key("force", ids[value]) for value in force]
        return [WHOLE_CATALOGUE]

    def _counts(self):
        """Every count of the grid: read from the counts the database keeps
        (evidence.GapMapCount) for the whole catalogue, regions or forces, at any evidence
        stages; counted afresh, in one query, for other selections.

        Cells: entries by theme, column, stage and verdict (an entry once per kind of
        figure it has, or in the last column when it has none). Rows: entries by theme and
        stage. And the entries with any theme.
        """
        scopes = self.scopes()
        if scopes is None:
            places = GapMapCount.places_counted(self.entries())
        else:
            stages = self.selected["evidence_stage"]
            places = GapMapCount.places_in_any(scopes, self.entries(), stages)
        counted = {"cell": defaultdict(list), "row": defaultdict(list), "total": 0}
        for theme_id, column, stage, verdict, entries in places:
            if theme_id is None:
                counted["total"] += entries
            elif column == ROW_TOTAL:
                counted["row"][theme_id].append((stage, entries))
            else:
                counted["cell"][theme_id].append((column, stage, verdict, entries))
        self.entry_count = counted["total"]
        return counted

    # Links and the address ---------------------------------------------------------------

    def query(self):
        """The cleaned filters as a QueryDict, for links that keep them."""
        query = QueryDict(mutable=True)
        for name in FILTERS:
            if self.selected[name]:
                query.setlist(name, self.selected[name])
        return query

    def cell_url(self, theme, column):
        """A kind's cell opens the outcomes explorer on that kind and theme; the last column
        opens the list of the theme's entries. Both keep the stage and force filters; the
        outcomes explorer has no region filter, so a region becomes its forces."""
        themes = self._cell_addresses["themes"]
        if theme.slug not in themes:
            themes[theme.slug] = urlencode({"theme": theme.slug})
        parts = [themes[theme.slug]]
        if column == NO_FIGURE:
            address, kept = self._cell_addresses["list"]
        else:
            address, kept = self._cell_addresses["outcomes"]
            parts.append(self._cell_addresses["kinds"][column])
        if kept:
            parts.append(kept)
        return f"{address}?{'&'.join(parts)}"

    @cached_property
    def _cell_addresses(self):
        """For the list and the outcomes explorer: the page's address and the filters its
        links keep; and each kind's and theme's part of the query: encoded once for every
        cell."""
        forces = self.selected["force"]
        if not forces and self.selected["region"]:
            forces = [f.slug for f in self.forces if f.region in self.selected["region"]]
        stages = self.selected["evidence_stage"]
        return {
            "list": (
                reverse("catalogue:list"),
                _encoded(
                    region=self.selected["region"],
                    force=self.selected["force"],
                    evidence_stage=stages,
                ),
            ),
            "outcomes": (
                reverse("evidence:outcomes"),
                _encoded(force=forces, evidence_stage=stages),
            ),
            "kinds": {value: urlencode({"kind": value}) for value, _ in self.columns},
            "themes": {},
        }

    def options(self, name):
        chosen = set(self.selected[name])
        return [Option(value, label, value in chosen) for value, label in self.choices(name)]

    @property
    def is_filtered(self):
        return any(self.selected.values())

    def description(self):
        """The filters in words, e.g. "region London; evidence stage Locally evaluated"."""
        return selection_in_words(self.selected, FILTER_LABELS, self.choices)

    @property
    def gaps(self):
        return [row for row in self.rows if row.is_gap]

    def chart(self):
        return gap_map_chart(self.rows, self.columns, self.description())


def _encoded(**lists):
    """The non-empty lists of values as a query string, in the order given."""
    query = QueryDict(mutable=True)
    for name, values in lists.items():
        if values:
            query.setlist(name, values)
    return query.urlencode()


# The chart ------------------------------------------------------------------------------

LABEL_WIDTH = 300
# Characters of a theme's name on one line of the label column, at most two lines.
LABEL_CHARACTERS = 32
CELL_WIDTH = 112
HEADER_HEIGHT = 64
ROW_HEIGHT = 66
FILLS = ("#ffffff", "#dbe4ee", "#b7c9dd", "#8fa9c6")


def _fill(count, largest):
    if not count or not largest:
        return FILLS[0]
    return FILLS[min(len(FILLS) - 1, 1 + (count - 1) * (len(FILLS) - 1) // largest)]


def _wrapped(label, width=14):
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line][:4]


def gap_map_chart(rows, columns, description=""):
    """The grid, each cell printing its count and, when it has entries, how many are
    independently evaluated and how many show reduced harm; every stage and verdict is in
    the description. A gap row says so in words beside its theme and has dashed outlines."""
    largest = max((cell.count for row in rows for cell in row.cells), default=0)
    width = LABEL_WIDTH + CELL_WIDTH * len(columns)
    height = HEADER_HEIGHT + ROW_HEIGHT * len(rows) + 4
    body = []
    for number, (_, label) in enumerate(columns):
        x = LABEL_WIDTH + number * CELL_WIDTH + 4
        for line_number, line in enumerate(_wrapped(label)):
            body.append(text(x, 14 + line_number * 14, line, font_size=12, fill=MUTED))
    said = []
    for number, row in enumerate(rows):
        y = HEADER_HEIGHT + number * ROW_HEIGHT
        for line_number, line in enumerate(_wrapped(row.theme.name, LABEL_CHARACTERS)[:2]):
            body.append(text(0, y + 18 + line_number * 16, line, font_weight="bold"))
        status = (
            GAP_TEXT if row.is_gap else f"{row.independently_evaluated} independently evaluated"
        )
        body.append(text(0, y + 54, status, font_size=12, fill=TEXT if row.is_gap else MUTED))
        for column_number, cell in enumerate(row.cells):
            x = LABEL_WIDTH + column_number * CELL_WIDTH
            body.append(
                element(
                    "rect",
                    x=x + 2,
                    y=y + 2,
                    width=CELL_WIDTH - 4,
                    height=ROW_HEIGHT - 4,
                    fill=_fill(cell.count, largest),
                    stroke=TEXT if row.is_gap else RULE,
                    stroke_dasharray="4 3" if row.is_gap else None,
                )
            )
            colour = BRAND if cell.count else MUTED
            body.append(text(x + 8, y + 22, str(cell.count), font_weight="bold", fill=colour))
            if cell.count:
                # An empty cell shows only its nought, so the gaps read as gaps.
                indep = f"{cell.independently_evaluated} indep."
                body.append(text(x + 8, y + 40, indep, font_size=12))
                harm = f"{cell.reduced_harm} reduced harm"
                body.append(text(x + 8, y + 56, harm, font_size=12))
        cells = "; ".join(f"{cell.column_label}: {cell.summary()}" for cell in row.cells)
        gap = f" {GAP_TEXT}." if row.is_gap else ""
        said.append(f"{row.theme.name}: {cells}.{gap}")
    title = "Evidence and gap map: published entries by theme and kind of outcome measured"
    if description:
        title += f", {description}"
    return svg("chart-gap-map", title, " ".join(said), width, height, body, "chart chart-gap-map")


# The CSV download -----------------------------------------------------------------------

CSV_COLUMNS = [
    "theme",
    "kind_of_outcome",
    "entries",
    *[f"stage_{value}" for value in reversed(EvidenceStage.values)],
    *[f"verdict_{value}" for value in Verdict.values],
    "theme_has_independently_evaluated_entry",
    "address",
]


def csv_lines(gap_map, absolute):
    """One line per cell, formula-guarded like every CSV the site writes."""
    writer = csv.writer(_Echo())
    yield BYTE_ORDER_MARK + writer.writerow(CSV_COLUMNS)
    for row in gap_map.rows:
        for cell in row.cells:
            cells = [
                escape_formula(row.theme.name),
                escape_formula(cell.column_label),
                cell.count,
                *[count for _, count in cell.stage_breakdown],
                *[count for _, count in cell.verdict_breakdown],
                "no" if row.is_gap else "yes",
                escape_formula(absolute(cell.url)),
            ]
            yield writer.writerow(cells)


class _Echo:
    def write(self, value):
        return value
