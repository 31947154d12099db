"""The list's query parameters: their names and order, their labels, and how they are read
(by interventions.filters.reading, strictly or forgivingly)."""

from functools import partial

from django.http import QueryDict

from interventions.models import ORDERINGS, SEARCH_MAX_WORDS, search_words

SEARCH_MAX_LENGTH = 200


AGE_LIMIT = 120


# The order of parameters in canonical and shareable addresses.
PARAMETERS = (
    "q",
    "theme",
    "force",
    "region",
    "purpose",
    "evidence_stage",
    "verdict",
    "status",
    "setting",
    "age",
    "has_report",
    "source",
    "ordering",
)


MULTIPLE = (
    "theme",
    "force",
    "region",
    "purpose",
    "evidence_stage",
    "verdict",
    "status",
    "setting",
    "source",
)


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
    "verdict": "Verdict",
    "status": "Status",
    "setting": "Setting",
    "age": "Works with age",
    "has_report": "Evaluation report",
    "source": "Source document",
    "ordering": "Sort order",
}


# How messages name each parameter: "There is no police force “x”", "The age “x” is not...".
MESSAGE_LABELS = {
    **{name: label.lower() for name, label in GROUP_LABELS.items()},
    "q": "search",
    "age": "age",
    "has_report": "evaluation report filter",
}


HAS_REPORT_LABELS = {True: "Has an evaluation report", False: "No evaluation report yet"}


def read_list_parameters(reader, options):
    """The list's parameters as ``reader`` can use them, as a QueryDict for the filter set.

    ``options`` (FilterOptions) gives the values the vocabularies' filters take.
    """
    usable = QueryDict(mutable=True)
    for name in PARAMETERS:
        label = MESSAGE_LABELS[name]
        if name in MULTIPLE:
            known = [value for value, _ in options.choices(name)]
            usable.setlist(name, reader.choices(name, label, known))
        elif name == "q":
            words = partial(search_words, limit=None)
            value = reader.text(
                name, label, SEARCH_MAX_LENGTH, words=words, max_words=SEARCH_MAX_WORDS
            )
            usable.setlist(name, [value] if value else [])
        elif name == "age":
            age = reader.whole_number(name, label, 0, AGE_LIMIT)
            usable.setlist(name, [] if age is None else [str(age)])
        elif name == "has_report":
            has_report = reader.true_or_false(name, label)
            usable.setlist(name, [] if has_report is None else [str(has_report).lower()])
        elif name == "ordering":
            ordering = reader.choice(
                name, label, list(ORDERINGS), otherwise="the default sort was used"
            )
            usable.setlist(name, [ordering] if ordering else [])
    return usable
