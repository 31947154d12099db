"""What the filters can name (themes, forces, purposes, settings, public sources), and the
filter form's options with their counts."""

from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import F, Value, Window
from django.db.models.functions import RowNumber

from interventions import batched
from interventions.catalogue_cache import remember
from interventions.filters.parameters import GROUP_LABELS, HAS_REPORT_LABELS
from interventions.models import (
    EvidenceStage,
    Force,
    Purpose,
    Region,
    Setting,
    SourceDocument,
    Status,
    Theme,
    Verdict,
)

# The filters whose values are a model field's choices, not rows.
CHOICE_FILTERS = {
    "region": Region,
    "evidence_stage": EvidenceStage,
    "verdict": Verdict,
    "status": Status,
}


class FilterOption(NamedTuple):
    pk: int
    slug: str
    label: str

    def __str__(self):
        return self.label


class FilterOptions:
    """The themes, forces, purposes, settings and sources a filter can name.

    Loaded once per request, in one query, and shared by validation, facet labels and
    the filter form. Sources are only those the public may see; the vocabularies are
    public whole.
    """

    MODELS = {
        "theme": (Theme, "name"),
        "force": (Force, "name"),
        "purpose": (Purpose, "name"),
        "setting": (Setting, "name"),
        "source": (SourceDocument, "title"),
    }

    def __init__(self):
        self.by_name = {name: [] for name in self.MODELS}
        # Which sources are public depends on the entries, so the rows are kept per
        # catalogue version rather than read on every request.
        rows = remember("filter-options", self._read)
        for kind, _, pk, slug, label in sorted(rows, key=lambda row: row[1]):
            self.by_name[kind].append(FilterOption(pk, slug, label))

    @classmethod
    def _read(cls):
        # The same query on every request: compiled once.
        return batched.rows(("filter-options", cls), cls._query)

    @classmethod
    def _query(cls):
        parts = [
            (model.objects.public() if model is SourceDocument else model.objects.all())
            .order_by()
            .annotate(
                option_kind=Value(name),
                option_place=Window(
                    RowNumber(), order_by=[F(field) for field in model._meta.ordering]
                ),
            )
            .values_list("option_kind", "option_place", "pk", "slug", label)
            for name, (model, label) in cls.MODELS.items()
        ]
        return parts[0].union(*parts[1:], all=True)

    def choices(self, name):
        """(value, label) pairs in display order."""
        if name in self.by_name:
            return [(row.slug, str(row)) for row in self.by_name[name]]
        return CHOICE_FILTERS[name].choices

    def slug_for_id(self, name):
        return {str(row.pk): row.slug for row in self.by_name.get(name, [])}


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


class FacetGroups:
    """The filter form's options, each with its count, for one filter set."""

    def __init__(self, filterset, counts):
        self.filterset = filterset
        self.counts = counts
        # A page's template asks for some facets' options several times.
        self._options = {}

    @property
    def total(self):
        return self.counts.total()

    def total_without(self, name):
        return self.counts.total(name)

    def loosening_suggestions(self):
        """Filters whose removal alone would give results, with how many, most first."""
        names = dict.fromkeys(item.name for item in self.filterset.active_filters())
        suggestions = [
            {
                "name": name,
                "label": GROUP_LABELS[name],
                "count": self.total_without(name),
                "query": self.filterset.without(name),
            }
            for name in names
            if self.total_without(name)
        ]
        return sorted(suggestions, key=lambda item: -item["count"])

    def options(self, name):
        if name not in self._options:
            self._options[name] = self._options_of(name)
        return self._options[name]

    def _options_of(self, name):
        if name == "has_report":
            return self.has_report
        data = self.filterset.form.cleaned_data if self.filterset.is_valid() else {}
        selected = set(data.get(name) or [])
        counts = self.counts.for_facet(name)
        slugs = self.filterset.options.slug_for_id(name)
        if slugs:
            counts = {slugs[key]: number for key, number in counts.items() if key in slugs}
        return [
            FacetOption(
                value=value, label=label, count=counts.get(value, 0), selected=value in selected
            )
            for value, label in self.filterset.options.choices(name)
        ]

    def __getitem__(self, name):
        return self.options(name)

    @property
    def forces_with_entries(self):
        """Forces with matching entries, or ticked: 44 checkboxes would bury the rest."""
        return [option for option in self.options("force") if option.count or option.selected]

    @property
    def has_report(self):
        data = self.filterset.form.cleaned_data if self.filterset.is_valid() else {}
        counts = self.counts.for_facet("has_report")
        return [
            FacetOption(
                value=key,
                label=HAS_REPORT_LABELS[key == "true"],
                count=counts.get(key, 0),
                selected=data.get("has_report") is (key == "true"),
            )
            for key in ("true", "false")
        ]
