"""A saved search: the public list's filters, read strictly and kept in one normal form."""

from urllib.parse import urlencode

from django.http import QueryDict

from alerts.models import SEARCH_MAX_LENGTH
from interventions.filters import PARAMETERS, InterventionFilterSet, UnusableParameters
from interventions.filters.reading import null_characters, unknown_parameters

# Parameters of the list that say how to show it, not what it holds.
NOT_PART_OF_A_SEARCH = {"ordering", "page"}
EVERY_ENTRY = "every published entry in the catalogue"


class UnfollowableSearch(ValueError):
    """The search cannot be followed; the message says why, in words for the reader."""


def read_search(data):
    """The filter set of a list address (a QueryDict, or a query string), read strictly.

    Raises UnfollowableSearch naming every unusable parameter.
    """
    if isinstance(data, str):
        if len(data) > SEARCH_MAX_LENGTH:
            raise UnfollowableSearch(
                f"The search is longer than {SEARCH_MAX_LENGTH} characters, too long to follow."
            )
        data = QueryDict(data)
    data = data.copy()
    for name in NOT_PART_OF_A_SEARCH:
        data.pop(name, None)
    # The list ignores parameters it does not know; a search kept for months must not.
    unknown = [name for name in data if name not in PARAMETERS]
    if any("\x00" in name for name in unknown):
        raise UnfollowableSearch(f"{null_characters()}.")
    if unknown:
        raise UnfollowableSearch(f"{unknown_parameters(unknown)}.")
    try:
        return InterventionFilterSet.strict(data)
    except UnusableParameters as problems:
        raise UnfollowableSearch(
            " ".join(problem.message for problem in problems.problems)
        ) from None


def normal_form(filterset):
    """The query string kept for a filter set: its filters in the list's order, no sort."""
    query = urlencode(
        [pair for pair in filterset.query_pairs() if pair[0] not in NOT_PART_OF_A_SEARCH]
    )
    if len(query) > SEARCH_MAX_LENGTH:
        raise UnfollowableSearch(
            f"The search is longer than {SEARCH_MAX_LENGTH} characters, too long to follow."
        )
    return query


def describe(filterset):
    """The search in words, as the list describes its filters."""
    return filterset.description() or EVERY_ENTRY
