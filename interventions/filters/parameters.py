"""The list's query parameters: their names and order, their labels, and how raw values
are tidied before they are validated."""

import unicodedata

from django.http import QueryDict
from django.utils.text import Truncator

from interventions.models import (
    SEARCH_MAX_WORDS,
    search_words,
)

SEARCH_MAX_LENGTH = 200


# A notice quotes at most this many unusable values of one parameter.
QUOTED_VALUES_LIMIT = 5


AGE_LIMIT = 120


# The order of parameters in canonical and shareable addresses.
PARAMETERS = (
    "q",
    "theme",
    "match",
    "force",
    "region",
    "purpose",
    "evidence_stage",
    "status",
    "setting",
    "age",
    "age_unknown",
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
    "match": "Themes to match",
    "force": "Police force",
    "region": "Region",
    "purpose": "Purpose",
    "evidence_stage": "Evidence stage",
    "status": "Status",
    "setting": "Setting",
    "age": "Works with age",
    "age_unknown": "Age given",
    "has_report": "Evaluation report",
    "source": "Source document",
    "ordering": "Sort order",
}


SINGLE_VALUE_NAMES = {
    "q": "search",
    "match": "choice of themes to match",
    "age": "age",
    "age_unknown": "choice for entries giving no age",
    "has_report": "evaluation report choice",
    "ordering": "sort order",
}


# match: whether entries need any of the themes ticked (the default) or all of them.
MATCH_LABELS = {"any": "Any of these themes", "all": "All of these themes"}


# age_unknown: whether entries that give no age range stay in (the default) or are left out.
AGE_UNKNOWN_LABELS = {
    "include": "Include entries that give no age",
    "exclude": "Leave out entries that give no age",
}


HAS_REPORT_LABELS = {True: "Has an evaluation report", False: "No evaluation report yet"}


def without_control_characters(text):
    """Replaces control characters (NUL included) with spaces; they mean nothing in a search."""
    return "".join(" " if unicodedata.category(char) == "Cc" else char for char in text)


def shown(value, limit=60):
    """A value as it can be safely quoted back to the reader."""
    return Truncator(" ".join(without_control_characters(value).split())).chars(limit)


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
