"""The filters of the public list and the API (filterset), the parameters they read and how
every surface reads an address (parameters, reading), the values they take (fields) and the
options they offer with counts (options)."""

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
    SEARCH_MAX_LENGTH,
)
from interventions.filters.reading import (
    MAX_VALUES_READ,
    ParameterReader,
    Problem,
    UnusableParameters,
    shown,
)

__all__ = [
    "AGE_LIMIT",
    "AGE_UNKNOWN_LABELS",
    "GROUP_LABELS",
    "HAS_REPORT_LABELS",
    "MATCH_LABELS",
    "MAX_VALUES_READ",
    "MULTIPLE",
    "ORDERINGS_OFFERED",
    "ORDERING_LABELS",
    "PARAMETERS",
    "SEARCH_MAX_LENGTH",
    "ActiveFilter",
    "FacetGroups",
    "FacetOption",
    "FilterOption",
    "FilterOptions",
    "InterventionFilterSet",
    "ParameterReader",
    "Problem",
    "UnusableParameters",
    "shown",
]
