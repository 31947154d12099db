"""Reading the list's parameters strictly, for the API, the exports and the feed.

The HTML list forgives bad input; machines are better told. The address is read by
interventions.filters.reading in its strict mode, with the same messages the HTML pages
show, and every unusable value gives a ValidationError whose detail maps the parameter's
name to what was wrong, e.g. ``{"age": ["The age “x” is not a whole number from 0 to 120."]}``.
"""

from contextlib import contextmanager

from django.urls import reverse
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend

from interventions.filters import (
    AGE_LIMIT,
    AGE_UNKNOWN_LABELS,
    MATCH_LABELS,
    MAX_VALUES_READ,
    MULTIPLE,
    ORDERING_LABELS,
    PARAMETERS,
    SEARCH_MAX_LENGTH,
    FilterOptions,
    InterventionFilterSet,
    ParameterReader,
    UnusableParameters,
)
from interventions.filters.reading import unknown_choice
from interventions.models import ORDERINGS, Intervention, PublishedKeyCount

# Where a client finds the values a parameter takes, for those backed by the database.
VALUES_LISTED_AT = {
    "theme": "api:theme-list",
    "force": "api:force-list",
    "source": "api:source-list",
}


@contextmanager
def bad_request():
    """Answers UnusableParameters with DRF's ValidationError: a 400 naming each parameter."""
    try:
        yield
    except UnusableParameters as error:
        raise ValidationError(error.errors) from None


def reject_nul_bytes(params):
    """A 400 for any parameter whose name or value holds a NUL, which no column can store."""
    with bad_request():
        ParameterReader(params, strict=True).check()


def where_values_are():
    return {
        name: f"The {name} slugs are listed at {reverse(url)}."
        for name, url in VALUES_LISTED_AT.items()
    }


def published_entry_count():
    return PublishedKeyCount.counts([]).total()


def strict_filterset(params, queryset=None, *, request=None):
    """The list's filter set for ``params``, or a ValidationError naming each bad parameter."""
    with bad_request():
        return InterventionFilterSet.strict(
            params, queryset, request=request, advice=where_values_are()
        )


def choice_values(options, name):
    return [value for value, _ in options.choices(name)]


PARAMETER_DESCRIPTIONS = {
    "q": (
        "Words to search for in the name, short name, summary, description, partner "
        "organisations and lead police forces. Every word must match. At most "
        f"{SEARCH_MAX_LENGTH} characters; only the first 10 words are used."
    ),
    "theme": (
        "Theme slug. Repeat for several themes; entries filed under any of them match, "
        "or under all of them with match=all."
    ),
    "match": "any (the default): entries with any of the themes given; all: with every one.",
    "force": "Lead police force slug. Repeat for several; entries led by any of them match.",
    "region": "Region of a lead police force. Repeat for several regions.",
    "purpose": "Purpose slug (VKPP call for practice type). Repeat for several purposes.",
    "evidence_stage": "Evidence stage. Repeat for several stages.",
    "verdict": (
        "Verdict on what the entry's evaluations found, as defined at "
        "/about/evidence-ratings/. Entries with no rating are not-yet-known. Repeatable."
    ),
    "status": "Whether the intervention is planned, a pilot, active or ended. Repeatable.",
    "setting": "Setting slug: where it is delivered. Repeat for several settings.",
    "age": (
        f"An age in whole years, 0 to {AGE_LIMIT}: entries working with someone that age, "
        "and entries that give no age range unless age_unknown=exclude."
    ),
    "age_unknown": (
        "include (the default) or exclude: whether entries that give no age range are "
        "listed. With exclude and no age, only entries giving an age are listed."
    ),
    "has_report": (
        "true for entries with at least one report evaluating them, false for none. Annual "
        "and performance reports, earlier reviews and related research do not count."
    ),
    "source": "Source document slug. Repeat for several sources.",
    "ordering": (
        "Sort order: "
        + "; ".join(f"{key} ({label.lower()})" for key, label in ORDERING_LABELS.items())
        + ". relevance applies only with q; the default (also when empty) is relevance "
        "with q, else name."
    ),
}


def parameter_schemas(options):
    """OpenAPI descriptions of the list parameters, with the values each accepts today."""
    schemas = {
        "q": {"type": "string", "maxLength": SEARCH_MAX_LENGTH, "pattern": "^[^\\x00]*$"},
        "age": {"type": "integer", "minimum": 0, "maximum": AGE_LIMIT},
        "has_report": {"type": "boolean"},
        "match": {"type": "string", "enum": list(MATCH_LABELS), "default": "any"},
        "age_unknown": {"type": "string", "enum": list(AGE_UNKNOWN_LABELS), "default": "include"},
        # An empty value means the default order, as an empty value of any filter means none.
        "ordering": {"type": "string", "enum": ["", *ORDERINGS]},
    }
    for name in MULTIPLE:
        schemas[name] = {
            "type": "array",
            "items": {"type": "string", "enum": choice_values(options, name)},
        }
    parameters = []
    for name in PARAMETERS:
        parameter = {
            "name": name,
            "in": "query",
            "required": False,
            "description": PARAMETER_DESCRIPTIONS[name],
            "schema": schemas[name],
        }
        if name in MULTIPLE:
            parameter.update(style="form", explode=True)
            parameter["description"] += f" At most {MAX_VALUES_READ} values are read."
        parameters.append(parameter)
    return parameters


class InterventionFilterBackend(BaseFilterBackend):
    """The HTML list's filters and sort orders, with the same parameter names, read strictly."""

    def filter_queryset(self, request, queryset, view):
        filterset = strict_filterset(request.query_params, queryset, request=request)
        # The view's count for the whole published catalogue, read from the counts the
        # database keeps rather than counted: None when any filter narrows it.
        view.known_count = None
        if not filterset.query_pairs():
            view.known_count = published_entry_count()
        return filterset.qs

    def get_schema_operation_parameters(self, view):
        return parameter_schemas(FilterOptions())


class InterventionSlugFilterBackend(BaseFilterBackend):
    """``?intervention=<slug>``: only rows belonging to that published entry."""

    parameter = "intervention"
    lookup = "interventions__slug"
    description = "Slug of a published intervention: only rows belonging to it."

    def filter_queryset(self, request, queryset, view):
        label = "published intervention"
        advice = f"The slugs are listed at {reverse('api:intervention-list')}."
        reader = ParameterReader(request.query_params, strict=True)
        slug = reader.one(self.parameter, label)
        if slug and not Intervention.objects.published().filter(slug=slug).exists():
            reader.add(self.parameter, unknown_choice(label, [slug]), advice=advice)
        with bad_request():
            reader.check()
        return queryset.filter(**{self.lookup: slug}) if slug else queryset

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.parameter,
                "in": "query",
                "required": False,
                "description": f"{self.description} Empty means none is chosen.",
                # Empty is allowed: an empty filter means none, as on every list.
                "schema": {"type": "string", "pattern": "^[-a-zA-Z0-9_]*$"},
            }
        ]


class OutcomeInterventionFilterBackend(InterventionSlugFilterBackend):
    lookup = "intervention__slug"
    description = "Slug of a published intervention: only the figures reported for it."
