"""The filters of the public list and the API (filterset), the values their parameters take
(fields, parameters) and the options they offer with counts (options)."""

from interventions.filters.filterset import ActiveFilter, InterventionFilterSet
from interventions.filters.options import FacetGroups, FacetOption, FilterOption, FilterOptions
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
    QUOTED_VALUES_LIMIT,
    SEARCH_MAX_LENGTH,
    SINGLE_VALUE_NAMES,
    shown,
    tidy_parameters,
    without_control_characters,
)

__all__ = [
    "AGE_LIMIT",
    "AGE_UNKNOWN_LABELS",
    "GROUP_LABELS",
    "HAS_REPORT_LABELS",
    "MATCH_LABELS",
    "MULTIPLE",
    "ORDERINGS_OFFERED",
    "ORDERING_LABELS",
    "PARAMETERS",
    "QUOTED_VALUES_LIMIT",
    "SEARCH_MAX_LENGTH",
    "SINGLE_VALUE_NAMES",
    "ActiveFilter",
    "FacetGroups",
    "FacetOption",
    "FilterOption",
    "FilterOptions",
    "InterventionFilterSet",
    "shown",
    "tidy_parameters",
    "without_control_characters",
]
