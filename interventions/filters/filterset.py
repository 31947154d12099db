"""The filters of the public list, shared as they are with the JSON API.

Parameter names and values are a public contract: q, theme, match, force, region,
purpose, evidence_stage, verdict, status, setting, age, age_unknown, has_report, source
and ordering.
Filters that take several values take repeated parameters
(``?theme=knife-crime&theme=county-lines``) and match entries with any of them;
with ``match=all``, entries must have every theme given. ``age_unknown=exclude``
leaves out entries that give no age range. Different filters narrow each other.

The address is read by ``InterventionFilterSet.strict(data)`` for the API, the downloads
and the feed (an unusable value raises UnusableParameters naming it) and by
``InterventionFilterSet.forgiving(data)`` for the HTML list (unusable values are left
out, ``notices`` says which and why, and the rest applies), both through
interventions.filters.reading and its one set of messages.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

import django_filters

from interventions import facet_index
from interventions.catalogue_cache import remember
from interventions.facets import FACETS, count_facets, count_published_facets
from interventions.filters.fields import (
    AgeFilter,
    ChoicesFilter,
    FilterSetForm,
    TrueFalseFilter,
)
from interventions.filters.options import FacetGroups, FilterOptions
from interventions.filters.parameters import (
    AGE_LIMIT,
    AGE_UNKNOWN_LABELS,
    GROUP_LABELS,
    HAS_REPORT_LABELS,
    MATCH_LABELS,
    MULTIPLE,
    ORDERING_LABELS,
    ORDERINGS_OFFERED,
    PARAMETERS,
    SEARCH_MAX_LENGTH,
    read_list_parameters,
)
from interventions.filters.reading import ParameterReader, Problem, UnusableParameters
from interventions.interpretation import read_search
from interventions.models import (
    ORDERINGS,
    Intervention,
    PublishedFacetKeys,
    PublishedKeyCount,
    PublishedWord,
    search_words,
)
from interventions.search import matches_nothing_as_typed, published_matches_bits

# A search of one word narrowed by other filters is read in rank order from the word's
# kept entries when it has at least this many results: a page then takes at most about
# 20 x 90,000 / 2,000 = 900 of the word's entries read at 100,000 entries, and with fewer
# results ranking them all reads fewer.
RANKED_WALK_LEAST_RESULTS = 2000


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
    # Read by filter_theme and the facet counts; filters nothing itself.
    match = django_filters.ChoiceFilter(
        choices=list(MATCH_LABELS.items()),
        method="filter_nothing",
        label="Themes to match",
        empty_label=None,
    )
    force = ChoicesFilter(method="filter_force", label="Police force")
    region = ChoicesFilter(method="filter_region", label="Region")
    purpose = ChoicesFilter(method="filter_purpose", label="Purpose")
    evidence_stage = ChoicesFilter(method="filter_evidence_stage", label="Evidence stage")
    verdict = ChoicesFilter(method="filter_verdict", label="Verdict")
    status = ChoicesFilter(method="filter_status", label="Status")
    setting = ChoicesFilter(method="filter_setting", label="Setting")
    age = AgeFilter(
        method="filter_age",
        min_value=0,
        max_value=AGE_LIMIT,
        label="Works with someone aged",
    )
    age_unknown = django_filters.ChoiceFilter(
        choices=list(AGE_UNKNOWN_LABELS.items()),
        method="filter_age_unknown",
        label="Entries that give no age",
        empty_label=None,
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
        form = FilterSetForm

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, options=None):
        # Over the whole published catalogue, unfiltered counts need no counting.
        self.over_published_catalogue = queryset is None
        if queryset is None:
            queryset = Intervention.objects.published()
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.options = options or FilterOptions()
        for name in MULTIPLE:
            self.filters[name].extra["choices"] = self.options.choices(name)
        self.notices = []
        self._names_only = None
        self._reading = None
        self._query_pairs = None
        self._total = None  # the results' number, once facets() has counted them

    # Filtering -------------------------------------------------------------

    def filter_search(self, queryset, name, value):
        # The facet counts filter the catalogue a dozen ways; the search is read against
        # the vocabulary once for all of them (one query), as is whether a search in
        # web-search syntax falls back to names within a typo.
        reading = self.reading_of(value)
        if reading.as_typed and self._names_only is None:
            self._names_only = matches_nothing_as_typed(queryset, value)
        return queryset.search(value, names_only=self._names_only, reading=reading)

    def reading_of(self, value):
        if self._reading is None or self._reading.terms != value:
            self._reading = read_search(value)
        return self._reading

    @property
    def reading(self):
        """How the search was read (interventions.interpretation), or None without one."""
        terms = self.search_terms
        return self.reading_of(terms) if search_words(terms) else None

    def filter_theme(self, queryset, name, value):
        return queryset.with_themes(value, every=self.theme_match == "all")

    def filter_force(self, queryset, name, value):
        return queryset.with_forces(value)

    def filter_region(self, queryset, name, value):
        return queryset.in_regions(value)

    def filter_purpose(self, queryset, name, value):
        return queryset.with_purposes(value)

    def filter_evidence_stage(self, queryset, name, value):
        return queryset.at_evidence_stages(value)

    def filter_verdict(self, queryset, name, value):
        return queryset.with_verdicts(value)

    def filter_status(self, queryset, name, value):
        return queryset.with_statuses(value)

    def filter_setting(self, queryset, name, value):
        return queryset.in_settings(value)

    def filter_source(self, queryset, name, value):
        return queryset.from_sources(value)

    def filter_age(self, queryset, name, value):
        return queryset.suitable_for_age(value)

    def filter_age_unknown(self, queryset, name, value):
        return queryset.giving_an_age() if value == "exclude" else queryset

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
        queryset = self.apply_filters(queryset)
        lexeme = self.ranked_lexeme()
        if lexeme:
            return queryset.ranked_by_word(lexeme)
        return queryset.ordered_by(self.sort_order)

    def ranked_lexeme(self):
        """The lexeme whose kept rows give a search's order by relevance, or None.

        A search of one plain word over the published catalogue is read in rank order
        from the index of its words (InterventionQuerySet.ranked_by_word): the same
        entries in the same order as ranking every match, without reading them all.
        Narrowed by other filters or a named area, the word's entries are read in rank
        order until a page of them passes, about the word's entries divided by the
        results: only worth it when the facet counts found enough results
        (RANKED_WALK_LEAST_RESULTS); fewer are ranked whole, as cheaply.
        """
        if self.sort_order != "relevance" or not self.over_published_catalogue:
            return None
        reading = self.reading
        lexeme = reading.ranked_lexeme if reading else None
        narrowed = bool(reading and reading.areas) or any(
            name not in {"q", "ordering", "match"} for name, _ in self.query_pairs()
        )
        if narrowed and (self._total is None or self._total < RANKED_WALK_LEAST_RESULTS):
            return None
        return lexeme

    def ranked_page_keys(self, bottom, top):
        """The keys of the results from ``bottom`` to ``top`` in the list's order, read
        from the kept words' ranks for a search of several plain words over the whole
        published catalogue (Reading.ranked_lexemes), or None for any other list: the
        Paginator's ``keys``.

        Such a search matches the entries with every word, which the words' kept lists
        give, and PostgreSQL ranks it by the mean of each word's own rank, which they
        hold: the page is found by joining the lists and sorting them, without reading
        any entry's row or search vector. The page's own rows are then listed by the
        list's ordering. Both sum single-precision floats, in their own order, so
        entries a rounding apart may tie differently; no entry is left out or repeated.
        """
        if self.sort_order != "relevance" or not self.over_published_catalogue:
            return None
        if any(name not in {"q", "ordering"} for name, _ in self.query_pairs()):
            return None
        reading = self.reading
        lexemes = reading.ranked_lexemes if reading and not reading.areas else None
        return PublishedWord.ranked_keys(lexemes, bottom, top) if lexemes else None

    @property
    def theme_match(self):
        """Whether entries need "all" the themes ticked or "any" of them (the default)."""
        return (self.form.cleaned_data.get("match") if self.is_valid() else None) or "any"

    @property
    def leaves_out_unknown_ages(self):
        """Whether entries that give no age range are left out."""
        return self.is_valid() and self.form.cleaned_data.get("age_unknown") == "exclude"

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

    # Reading the address --------------------------------------------------------------

    @classmethod
    def read(cls, data, queryset=None, *, request=None, strict=False, advice=None):
        """A valid filter set built from ``data`` by interventions.filters.reading.

        Strict, any unusable value raises UnusableParameters naming it (``advice`` adds to
        a parameter's message). Forgiving, unusable values are left out and described in
        ``notices``.
        """
        options = FilterOptions()
        reader = ParameterReader(data, strict=strict, advice=advice)
        usable = read_list_parameters(reader, options)
        reader.check()
        filterset = cls(usable, queryset, request=request, options=options)
        if not filterset.is_valid():  # a safety net: the reader lets only usable values by
            if strict:
                raise UnusableParameters(
                    Problem(name, " ".join(errors).rstrip("."))
                    for name, errors in filterset.errors.items()
                )
            filterset = cls({}, queryset, request=request, options=options)
        filterset.notices = reader.notices
        return filterset

    @classmethod
    def forgiving(cls, data, queryset=None, *, request=None):
        return cls.read(data, queryset, request=request)

    @classmethod
    def strict(cls, data, queryset=None, *, request=None, advice=None):
        return cls.read(data, queryset, request=request, strict=True, advice=advice)

    # What the page shows ---------------------------------------------------

    def query_pairs(self):
        """The filters in use as (parameter, value) pairs, in a stable order."""
        # A list page asks for them a dozen times, for its links; the filters never change.
        if self._query_pairs is None:
            self._query_pairs = self._read_query_pairs()
        return list(self._query_pairs)

    def _read_query_pairs(self):
        if not self.is_valid():
            return []
        data = self.form.cleaned_data
        pairs = []
        for name in PARAMETERS:
            value = data.get(name)
            if name in MULTIPLE:
                if value:
                    order = [key for key, _ in self.options.choices(name)]
                    pairs += [(name, item) for item in sorted(set(value), key=order.index)]
            elif name == "has_report" and value is not None:
                pairs.append((name, "true" if value else "false"))
            elif name == "age" and value is not None:
                pairs.append((name, str(value)))
            elif name == "match":
                if value == "all":
                    pairs.append((name, value))
            elif name == "age_unknown":
                if value == "exclude":
                    pairs.append((name, value))
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
        if name == "age_unknown":
            return AGE_UNKNOWN_LABELS[value]
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
            if name in {"ordering", "match"}:
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
            joiner = " and " if item_name == "theme" and self.theme_match == "all" else " or "
            joined = joiner.join(labels)
            if item_name == "q":
                parts.append(f"matching {joined}")
            elif item_name == "has_report":
                parts.append(joined[0].lower() + joined[1:])
            elif item_name == "age":
                parts.append(f"working with someone aged {joined}")
            elif item_name == "age_unknown":
                parts.append("giving an age")
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
        any curator change starts afresh. The whole published catalogue's counts are
        kept by the database as entries change (PublishedKeyCount) and read as they are.
        """
        pairs = [pair for pair in self.query_pairs() if pair[0] != "ordering"]
        if not pairs and self.over_published_catalogue:
            return self._counted(PublishedKeyCount.counts(FACETS))
        active = {name for name, _ in pairs} - {"match"}
        if self.over_published_catalogue and active <= self.counted_from_kept_strings():
            # Facets alone, or with a search the kept words answer: counted from each key's
            # published entries (PublishedKeyEntries).
            return self._counted(
                remember(
                    f"facets:published:{urlencode(pairs)}",
                    lambda: count_published_facets(*self.published_facet_sets(active)),
                )
            )
        return self._counted(
            remember(
                f"facets:{self._facet_base(active).query}:{urlencode(pairs)}",
                lambda: count_facets(*self.facet_sets(active)),
            )
        )

    def counted_from_kept_strings(self):
        """The filters whose entries count_published_facets can find: every facet, and
        the search when the kept words answer it (published_matches_bits)."""
        if "q" in self.form.cleaned_data and self.search_bits() is not None:
            return {*FACETS, "q"}
        return set(FACETS)

    def search_bits(self):
        return published_matches_bits(self.reading)

    def _counted(self, counts):
        groups = FacetGroups(self, counts)
        self._total = groups.total
        return groups

    def _facet_base(self, active):
        """The entries the counts start from. Filters on facets alone are answered by the
        published entries' keys kept apart, a narrow table (the same filters, on the same
        facet keys), without reading the entries' own rows; a search or an age reads
        those rows anyway."""
        if self.over_published_catalogue and active <= set(FACETS):
            return PublishedFacetKeys.objects.all()
        return self.queryset

    def published_facet_sets(self, active):
        """What count_published_facets counts for filters on facets alone: (each filter's
        keys and whether it needs every one, the filters each facet's options pass, the
        filters each total's entries pass, the totals read from kept counts); the same
        sets as facet_sets."""
        data = self.form.cleaned_data
        filters = {}
        for name in active:
            value = data[name]
            if name == "q":
                filters[name] = self.search_bits()
                continue
            if name == "has_report":
                values = ["true" if value else "false"]
            elif name in FilterOptions.MODELS:
                # Keys hold ids; a slug no row has filters on nothing (no key).
                ids = {option.slug: option.pk for option in self.options.by_name[name]}
                values = [ids[slug] for slug in value if slug in ids]
            else:
                values = value
            keys = [facet_index.key(name, value) for value in values]
            filters[name] = (keys, name == "theme" and self.theme_match == "all")
        kept_in = {"theme"} if self.theme_match == "all" else set()
        whole = active if len(active) == 1 else set()
        return (
            filters,
            {name: active if name in kept_in else active - {name} for name in FACETS},
            {"": active} | {name: active - {name} for name in active if name not in whole},
            whole,
        )

    def facet_sets(self, active=None):
        """What count_facets counts for this filter: (each facet's entries, the entries of
        each total, the totals read from kept counts)."""
        if active is None:
            active = {name for name, _ in self.query_pairs() if name != "ordering"} - {"match"}
        base = self._facet_base(active)
        # Each option counts what ticking it would give. Ticking another theme widens an
        # "any" match, so those counts leave the themes out; it narrows an "all" match, so
        # those counts keep them in.
        kept_in = {"theme"} if self.theme_match == "all" else set()

        # Without the only filter in use, the total is the whole published catalogue's,
        # which the database keeps: read, not counted.
        whole = active if len(active) == 1 and self.over_published_catalogue else set()

        # One queryset per filter left out (and one with every filter): leaving out a
        # filter nobody uses leaves every filter.
        narrowed = {}

        def without(name):
            name = name if name in active else None
            if name not in narrowed:
                narrowed[name] = self.apply_filters(base, excluding=name)
            return narrowed[name]

        return (
            {name: without(None if name in kept_in else name) for name in FACETS},
            {"": without(None)} | {name: without(name) for name in active if name not in whole},
            whole,
        )
