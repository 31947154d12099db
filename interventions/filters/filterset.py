"""The filters of the public list, shared as they are with the JSON API.

Parameter names and values are a public contract: q, theme, force, region,
purpose, evidence_stage, status, setting, age, has_report, source and ordering.
Filters that take several values take repeated parameters
(``?theme=knife-crime&theme=county-lines``) and match entries with any of them;
different filters narrow each other.

Bound with ``InterventionFilterSet(data)`` the filter set is strict, as an API
wants: any unusable value makes it invalid, with an error naming the parameter.
The HTML list uses ``InterventionFilterSet.forgiving(data)``, which sets unusable
values aside, says which, and applies the rest.
"""

import unicodedata
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import urlencode

import django_filters
import django_filters.fields
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, Value, Window
from django.db.models.functions import RowNumber
from django.http import QueryDict
from django.utils.text import Truncator

from interventions.catalogue_cache import remember
from interventions.facets import FACETS, count_facets
from interventions.models import (
    ORDERINGS,
    SEARCH_MAX_WORDS,
    EvidenceStage,
    Force,
    Intervention,
    Purpose,
    Region,
    Setting,
    SourceDocument,
    Status,
    Theme,
    search_words,
)
from interventions.search import matches_nothing_as_typed

SEARCH_MAX_LENGTH = 200
# A notice quotes at most this many unusable values of one parameter.
QUOTED_VALUES_LIMIT = 5
AGE_LIMIT = 120

# The order of parameters in canonical and shareable addresses.
PARAMETERS = (
    "q",
    "theme",
    "force",
    "region",
    "purpose",
    "evidence_stage",
    "status",
    "setting",
    "age",
    "has_report",
    "source",
    "ordering",
)
MULTIPLE = ("theme", "force", "region", "purpose", "evidence_stage", "status", "setting", "source")

ORDERING_LABELS = {
    "relevance": "Best match",
    "name": "Name, A to Z",
    "-name": "Name, Z to A",
    "-updated": "Most recently updated",
    "updated": "Least recently updated",
    "evidence": "Strongest evidence first",
    "-evidence": "Least evidence first",
}
# Offered in the sort menu; the others are accepted in addresses.
ORDERINGS_OFFERED = ("relevance", "name", "-updated", "evidence")

GROUP_LABELS = {
    "q": "Keywords",
    "theme": "Theme",
    "force": "Police force",
    "region": "Region",
    "purpose": "Purpose",
    "evidence_stage": "Evidence stage",
    "status": "Status",
    "setting": "Setting",
    "age": "Works with age",
    "has_report": "Evaluation report",
    "source": "Source document",
    "ordering": "Sort order",
}
SINGLE_VALUE_NAMES = {
    "q": "search",
    "age": "age",
    "has_report": "evaluation report choice",
    "ordering": "sort order",
}
HAS_REPORT_LABELS = {True: "Has an evaluation report", False: "No evaluation report yet"}


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
            for name, (model, label) in self.MODELS.items()
        ]
        self.by_name = {name: [] for name in self.MODELS}
        # Which sources are public depends on the entries, so the rows are kept per
        # catalogue version rather than read on every request.
        rows = remember("filter-options", lambda: list(parts[0].union(*parts[1:], all=True)))
        for kind, _, pk, slug, label in sorted(rows, key=lambda row: row[1]):
            self.by_name[kind].append(FilterOption(pk, slug, label))

    def choices(self, name):
        """(value, label) pairs in display order."""
        if name in self.by_name:
            return [(row.slug, str(row)) for row in self.by_name[name]]
        return {
            "region": Region.choices,
            "evidence_stage": EvidenceStage.choices,
            "status": Status.choices,
        }[name]

    def slug_for_id(self, name):
        return {str(row.pk): row.slug for row in self.by_name.get(name, [])}


def without_control_characters(text):
    """Replaces control characters (NUL included) with spaces; they mean nothing in a search."""
    return "".join(" " if unicodedata.category(char) == "Cc" else char for char in text)


def shown(value, limit=60):
    """A value as it can be safely quoted back to the reader."""
    return Truncator(" ".join(without_control_characters(value).split())).chars(limit)


class AgeFilter(django_filters.Filter):
    field_class = forms.IntegerField


class OptionalValuesField(django_filters.fields.MultipleChoiceField):
    """Several choices, where a blank value (``?theme=``) means nothing rather than an error."""

    def to_python(self, value):
        return [item for item in super().to_python(value) if item.strip()]


class ChoicesFilter(django_filters.MultipleChoiceFilter):
    field_class = OptionalValuesField


class TrueFalseField(forms.Field):
    """Accepts true and false as a JSON client writes them, and also yes, no, 1 and 0."""

    TRUE = {"true", "yes", "1", "on"}
    FALSE = {"false", "no", "0", "off"}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        lowered = str(value).strip().lower()
        if lowered in self.TRUE:
            return True
        if lowered in self.FALSE:
            return False
        raise ValidationError("Use true or false.", code="invalid")


class TrueFalseFilter(django_filters.Filter):
    field_class = TrueFalseField


@dataclass(frozen=True)
class ActiveFilter:
    """One value in use, with the address of the same list without it."""

    name: str
    value: str
    label: str
    remove_query: str

    @property
    def group_label(self):
        return GROUP_LABELS[self.name]


class InterventionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_search", max_length=SEARCH_MAX_LENGTH, label="Keywords"
    )
    theme = ChoicesFilter(method="filter_theme", label="Theme")
    force = ChoicesFilter(method="filter_force", label="Police force")
    region = ChoicesFilter(method="filter_region", label="Region")
    purpose = ChoicesFilter(method="filter_purpose", label="Purpose")
    evidence_stage = ChoicesFilter(method="filter_evidence_stage", label="Evidence stage")
    status = ChoicesFilter(method="filter_status", label="Status")
    setting = ChoicesFilter(method="filter_setting", label="Setting")
    age = AgeFilter(
        method="filter_age",
        min_value=0,
        max_value=AGE_LIMIT,
        label="Works with someone aged",
    )
    has_report = TrueFalseFilter(method="filter_has_report", label="Has an evaluation report")
    source = ChoicesFilter(method="filter_source", label="Source document")
    ordering = django_filters.ChoiceFilter(
        choices=[(key, ORDERING_LABELS[key]) for key in ORDERINGS],
        method="filter_nothing",
        label="Sort by",
        empty_label=None,
    )

    class Meta:
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, options=None):
        if queryset is None:
            queryset = Intervention.objects.published()
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.options = options or FilterOptions()
        for name in MULTIPLE:
            self.filters[name].extra["choices"] = self.options.choices(name)
        self.notices = []
        self._names_only = None

    # Filtering -------------------------------------------------------------

    def filter_search(self, queryset, name, value):
        # The facet counts filter the catalogue a dozen ways; whether the search falls
        # back to names within a typo is decided once for all of them.
        if self._names_only is None:
            self._names_only = matches_nothing_as_typed(queryset, value)
        return queryset.search(value, names_only=self._names_only)

    def filter_theme(self, queryset, name, value):
        return queryset.with_themes(value)

    def filter_force(self, queryset, name, value):
        return queryset.with_forces(value)

    def filter_region(self, queryset, name, value):
        return queryset.in_regions(value)

    def filter_purpose(self, queryset, name, value):
        return queryset.with_purposes(value)

    def filter_evidence_stage(self, queryset, name, value):
        return queryset.at_evidence_stages(value)

    def filter_status(self, queryset, name, value):
        return queryset.with_statuses(value)

    def filter_setting(self, queryset, name, value):
        return queryset.in_settings(value)

    def filter_source(self, queryset, name, value):
        return queryset.from_sources(value)

    def filter_age(self, queryset, name, value):
        return queryset.suitable_for_age(value)

    def filter_has_report(self, queryset, name, value):
        return queryset.with_report(value)

    def filter_nothing(self, queryset, name, value):
        return queryset

    def apply_filters(self, queryset, excluding=None):
        """The queryset narrowed by every filter but ``excluding``, unsorted."""
        for name, value in self.form.cleaned_data.items():
            if name not in {"ordering", excluding}:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def filter_queryset(self, queryset):
        return self.apply_filters(queryset).ordered_by(self.sort_order)

    @property
    def search_terms(self):
        return self.form.cleaned_data.get("q", "") if self.is_valid() else ""

    @property
    def sort_order(self):
        """The sort in effect: the one asked for, if it makes sense, or the default."""
        asked = self.form.cleaned_data.get("ordering") if self.is_valid() else None
        if asked == "relevance" and not self.search_terms:
            asked = None
        return asked or self.default_sort_order

    @property
    def default_sort_order(self):
        return "relevance" if self.search_terms else "name"

    @property
    def ordering_choices(self):
        offered = [key for key in ORDERINGS_OFFERED if key != "relevance" or self.search_terms]
        if self.sort_order not in offered:
            offered.append(self.sort_order)
        return [(key, ORDERING_LABELS[key]) for key in offered]

    # Reading the address forgivingly -----------------------------------------

    @classmethod
    def forgiving(cls, data, queryset=None, *, request=None):
        """A valid filter set built from whatever of ``data`` can be used.

        Unknown or malformed values are left out and described in ``notices``.
        """
        options = FilterOptions()
        tidied, notices = tidy_parameters(data)
        filterset = cls(tidied, queryset, request=request, options=options)
        if not filterset.is_valid():
            usable = tidied.copy()
            for name in filterset.form.errors:
                notices.append(filterset.set_aside(usable, name))
            filterset = cls(usable, queryset, request=request, options=options)
            if not filterset.is_valid():  # a safety net: every error above was removed
                filterset = cls({}, queryset, request=request, options=options)
        filterset.notices = notices
        return filterset

    def set_aside(self, data, name):
        """Drops the unusable values of ``name`` from ``data``; returns what to tell the reader."""
        given = data.getlist(name)
        label = GROUP_LABELS.get(name, name).lower()
        if name in MULTIPLE:
            known = {value for value, _ in self.options.choices(name)}
            data.setlist(name, [value for value in given if value in known])
            unknown = [f"“{shown(value)}”" for value in dict.fromkeys(given) if value not in known]
            named = ", ".join(unknown[:QUOTED_VALUES_LIMIT])
            if len(unknown) > QUOTED_VALUES_LIMIT:
                named += f" or {len(unknown) - QUOTED_VALUES_LIMIT} other values"
            left_out = "it was" if len(unknown) == 1 else "they were"
            return f"There is no {label} {named}, so {left_out} left out."
        data.pop(name, None)
        value = f"“{shown(given[0])}”" if given else "given"
        if name == "age":
            return (
                f"The age {value} is not a whole number from 0 to {AGE_LIMIT}, so it was left out."
            )
        if name == "has_report":
            return (
                f"The evaluation report filter {value} was not understood "
                "(use true or false), so it was left out."
            )
        if name == "ordering":
            return f"The sort order {value} is not one we offer, so the default sort was used."
        return f"The {label} {value} could not be used, so it was left out."

    # What the page shows ---------------------------------------------------

    def query_pairs(self):
        """The filters in use as (parameter, value) pairs, in a stable order."""
        if not self.is_valid():
            return []
        data = self.form.cleaned_data
        pairs = []
        for name in PARAMETERS:
            value = data.get(name)
            if name in MULTIPLE:
                order = [key for key, _ in self.options.choices(name)]
                pairs += [(name, item) for item in sorted(set(value or []), key=order.index)]
            elif name == "has_report" and value is not None:
                pairs.append((name, "true" if value else "false"))
            elif name == "age" and value is not None:
                pairs.append((name, str(value)))
            elif name == "ordering":
                if self.sort_order != self.default_sort_order:
                    pairs.append((name, self.sort_order))
            elif value:
                pairs.append((name, value))
        return pairs

    def query_string(self):
        return urlencode(self.query_pairs())

    def label_for(self, name, value):
        if name == "has_report":
            return HAS_REPORT_LABELS[value == "true"]
        if name in MULTIPLE:
            return dict(self.options.choices(name)).get(value, value)
        if name == "q":
            return f"“{value}”"
        return value

    def active_filters(self):
        """Every value in use except the sort order, each with its removal link."""
        pairs = self.query_pairs()
        active = []
        for pair in pairs:
            name, value = pair
            if name == "ordering":
                continue
            remaining = [other for other in pairs if other != pair]
            if name == "q":
                remaining = [other for other in remaining if other != ("ordering", "relevance")]
            active.append(
                ActiveFilter(name, value, self.label_for(name, value), urlencode(remaining))
            )
        return active

    def description(self):
        """The filters in words, e.g. "theme County lines or Knife crime; region North West"."""
        parts = []
        for item_name, labels in self._labels_by_name().items():
            joined = " or ".join(labels)
            if item_name == "q":
                parts.append(f"matching {joined}")
            elif item_name == "has_report":
                parts.append(joined[0].lower() + joined[1:])
            elif item_name == "age":
                parts.append(f"working with someone aged {joined}")
            else:
                parts.append(f"{GROUP_LABELS[item_name].lower()} {joined}")
        return "; ".join(parts)

    def _labels_by_name(self):
        groups = {}
        for item in self.active_filters():
            groups.setdefault(item.name, []).append(item.label)
        return groups

    def without(self, name):
        """The query string of the current filters without any value of ``name``."""
        pairs = [pair for pair in self.query_pairs() if pair[0] != name]
        if name == "q":
            pairs = [pair for pair in pairs if pair != ("ordering", "relevance")]
        return urlencode(pairs)

    def facets(self):
        """Facet counts and totals for the current filter, in one query.

        On a large catalogue the counts are the costliest part of the page, so they
        are kept per catalogue version and filter (interventions.catalogue_cache.remember):
        any curator change starts afresh.
        """
        base = self.queryset
        pairs = [pair for pair in self.query_pairs() if pair[0] != "ordering"]
        active = {name for name, _ in pairs}

        def count():
            return count_facets(
                {name: self.apply_filters(base, excluding=name) for name in FACETS},
                {"": self.apply_filters(base)}
                | {name: self.apply_filters(base, excluding=name) for name in active},
            )

        return FacetGroups(self, remember(f"facets:{base.query}:{urlencode(pairs)}", count))


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


def tidy_parameters(data):
    """Makes a raw query dictionary safe to validate; returns it and notices for the reader.

    Blank values are dropped, control characters are blanked, an overlong search is
    cut, and a filter that takes one value but was given several keeps the first.
    """
    if isinstance(data, QueryDict):
        tidied = data.copy()
    else:
        tidied = QueryDict(mutable=True)
        for name, value in (data or {}).items():
            tidied.setlist(name, list(value) if isinstance(value, list | tuple) else [value])
    notices = []
    for name in PARAMETERS:
        if name not in tidied:
            continue
        values = [value for value in tidied.getlist(name) if value.strip()]
        if name in MULTIPLE:
            tidied.setlist(name, values)
            continue
        if len(values) > 1:
            notices.append(
                f"The address gave more than one {SINGLE_VALUE_NAMES[name]}; "
                f"the first, “{shown(values[0])}”, was used."
            )
        tidied.setlist(name, values[:1])
    query = " ".join(without_control_characters(tidied.get("q", "")).split())
    if len(query) > SEARCH_MAX_LENGTH:
        query = query[:SEARCH_MAX_LENGTH].rstrip()
        notices.append(
            f"Your search was longer than {SEARCH_MAX_LENGTH} characters, "
            "so only its beginning was used."
        )
    if len(search_words(query, limit=None)) > SEARCH_MAX_WORDS:
        notices.append(f"Only the first {SEARCH_MAX_WORDS} words of your search were used.")
    if query:
        tidied["q"] = query
    else:
        tidied.pop("q", None)
    return tidied, notices
