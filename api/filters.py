"""Reading the list's parameters strictly, for the API, the exports and the feed.

The HTML list forgives bad input; machines are better told. Every unusable value
gives a ValidationError whose detail maps the parameter's name to what was wrong,
e.g. ``{"age": ["Enter a whole number from 0 to 120."]}``.
"""

from django.http import QueryDict
from django.urls import reverse
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend

from interventions.filters import (
    AGE_LIMIT,
    GROUP_LABELS,
    MULTIPLE,
    ORDERING_LABELS,
    PARAMETERS,
    SEARCH_MAX_LENGTH,
    FilterOptions,
    InterventionFilterSet,
    shown,
    without_control_characters,
)
from interventions.models import ORDERINGS, Intervention

# Where a client finds the values a parameter takes, for those backed by the database.
VALUES_LISTED_AT = {
    "theme": "api:theme-list",
    "force": "api:force-list",
    "source": "api:source-list",
}
NUL = "\x00"
# How many unknown values one error message quotes.
QUOTED_VALUES_LIMIT = 5


def nul_errors(params):
    """Parameters whose name or value holds a NUL byte, which no database column can store."""
    errors = {}
    for name in params:
        values = params.getlist(name)
        if NUL in name or any(NUL in value for value in values):
            errors[shown(name, limit=40) or "parameter"] = ["Null characters are not allowed."]
    return errors


def reject_nul_bytes(params):
    errors = nul_errors(params)
    if errors:
        raise ValidationError(errors)


def single_value_errors(params, names):
    return {
        name: [f"Give {name} once; it was given {len(params.getlist(name))} times."]
        for name in names
        if len(params.getlist(name)) > 1
    }


def tidy_search(params):
    """A copy of ``params`` whose search has control characters and runs of spaces as one space,
    as the HTML list reads it."""
    tidied = params.copy() if isinstance(params, QueryDict) else QueryDict(mutable=True)
    if "q" in tidied:
        tidied["q"] = " ".join(without_control_characters(tidied["q"]).split())
    return tidied


def choice_values(options, name):
    return [value for value, _ in options.choices(name)]


def where_values_are(options, name):
    if name in VALUES_LISTED_AT:
        return f"The {name} slugs are listed at {reverse(VALUES_LISTED_AT[name])}."
    values = choice_values(options, name)
    return f"Use one of: {', '.join(values)}."


def describe_errors(filterset, params):
    """The filter set's errors, reworded so each says what the parameter accepts."""
    errors = {}
    for name in filterset.form.errors:
        if name in MULTIPLE:
            known = set(choice_values(filterset.options, name))
            unknown = [value for value in dict.fromkeys(params.getlist(name)) if value not in known]
            label = GROUP_LABELS[name].lower()
            quoted = ", ".join(f"“{shown(value)}”" for value in unknown[:QUOTED_VALUES_LIMIT])
            if len(unknown) > QUOTED_VALUES_LIMIT:
                quoted += f" and {len(unknown) - QUOTED_VALUES_LIMIT} more"
            errors[name] = [
                f"There is no {label} {quoted}. {where_values_are(filterset.options, name)}"
            ]
        elif name == "age":
            errors[name] = [f"Enter a whole number from 0 to {AGE_LIMIT}."]
        elif name == "has_report":
            errors[name] = ["Use true or false."]
        elif name == "ordering":
            errors[name] = [f"Use one of: {', '.join(ORDERINGS)}."]
        elif name == "q":
            if len(params.get("q", "")) > SEARCH_MAX_LENGTH:
                errors[name] = [f"A search can be at most {SEARCH_MAX_LENGTH} characters long."]
            else:
                errors[name] = list(filterset.form.errors[name])
        else:  # pragma: no cover - every parameter is handled above
            errors[name] = list(filterset.form.errors[name])
    return errors


def strict_filterset(params, queryset=None, *, request=None):
    """The list's filter set for ``params``, or a ValidationError naming each bad parameter."""
    reject_nul_bytes(params)
    errors = single_value_errors(params, [name for name in PARAMETERS if name not in MULTIPLE])
    if "ordering" in params and not params.get("ordering", "").strip():
        # The schema lists the sort keys; an empty one is not among them.
        errors["ordering"] = [f"Use one of: {', '.join(ORDERINGS)}; or leave ordering out."]
    tidied = tidy_search(params)
    filterset = InterventionFilterSet(tidied, queryset, request=request)
    if not filterset.is_valid():
        errors.update(describe_errors(filterset, tidied))
    if errors:
        raise ValidationError(errors)
    return filterset


PARAMETER_DESCRIPTIONS = {
    "q": (
        "Words to search for in the name, short name, summary, description, partner "
        "organisations and lead police forces. Every word must match. At most "
        f"{SEARCH_MAX_LENGTH} characters; only the first 10 words are used."
    ),
    "theme": "Theme slug. Repeat for several themes; entries filed under any of them match.",
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
        "and entries that give no age range."
    ),
    "has_report": (
        "true for entries with at least one report evaluating them, false for none. Annual "
        "and performance reports, earlier reviews and related research do not count."
    ),
    "source": "Source document slug. Repeat for several sources.",
    "ordering": (
        "Sort order: "
        + "; ".join(f"{key} ({label.lower()})" for key, label in ORDERING_LABELS.items())
        + ". relevance applies only with q; the default is relevance with q, else name."
    ),
}


def parameter_schemas(options):
    """OpenAPI descriptions of the list parameters, with the values each accepts today."""
    schemas = {
        "q": {"type": "string", "maxLength": SEARCH_MAX_LENGTH, "pattern": "^[^\\x00]*$"},
        "age": {"type": "integer", "minimum": 0, "maximum": AGE_LIMIT},
        "has_report": {"type": "boolean"},
        "ordering": {"type": "string", "enum": list(ORDERINGS)},
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
        parameters.append(parameter)
    return parameters


class InterventionFilterBackend(BaseFilterBackend):
    """The HTML list's filters and sort orders, with the same parameter names, read strictly."""

    def filter_queryset(self, request, queryset, view):
        return strict_filterset(request.query_params, queryset, request=request).qs

    def get_schema_operation_parameters(self, view):
        return parameter_schemas(FilterOptions())


class InterventionSlugFilterBackend(BaseFilterBackend):
    """``?intervention=<slug>``: only rows belonging to that published entry."""

    parameter = "intervention"
    lookup = "interventions__slug"
    description = "Slug of a published intervention: only rows belonging to it."

    def filter_queryset(self, request, queryset, view):
        params = request.query_params
        errors = single_value_errors(params, [self.parameter])
        if errors:
            raise ValidationError(errors)
        slug = params.get(self.parameter, "").strip()
        if not slug:
            return queryset
        if not Intervention.objects.published().filter(slug=slug).exists():
            raise ValidationError(
                {
                    self.parameter: [
                        f"There is no published intervention “{shown(slug)}”. "
                        f"The slugs are listed at {reverse('api:intervention-list')}."
                    ]
                }
            )
        return queryset.filter(**{self.lookup: slug})

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.parameter,
                "in": "query",
                "required": False,
                "description": self.description,
                "schema": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
            }
        ]


class OutcomeInterventionFilterBackend(InterventionSlugFilterBackend):
    lookup = "intervention__slug"
    description = "Slug of a published intervention: only the figures reported for it."
