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
    "match",
    "force",
    "region",
    "purpose",
    "evidence_stage",
    "verdict",
    "status",
    "setting",
    "age",
    "age_unknown",
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
    "match": "Themes to match",
    "force": "Police force",
    "region": "Region",
    "purpose": "Purpose",
    "evidence_stage": "Evidence stage",
    "verdict": "Verdict",
    "status": "Status",
    "setting": "Setting",
    "age": "Works with age",
    "age_unknown": "Age given",
    "has_report": "Evaluation report",
    "source": "Source document",
    "ordering": "Sort order",
}


# How messages name each parameter: "There is no police force “x”", "The age “x” is not...".
MESSAGE_LABELS = {
    **{name: label.lower() for name, label in GROUP_LABELS.items()},
    "q": "search",
    "match": "choice of themes to match",
    "age": "age",
    "age_unknown": "choice for entries giving no age",
    "has_report": "evaluation report filter",
}


# match: whether entries need any of the themes ticked (the default) or all of them.
MATCH_LABELS = {"any": "Any of these themes", "all": "All of these themes"}


# age_unknown: whether entries that give no age range stay in (the default) or are left out.
AGE_UNKNOWN_LABELS = {
    "include": "Include entries that give no age",
    "exclude": "Leave out entries that give no age",
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
        elif name == "match":
            match = reader.choice(
                name, label, list(MATCH_LABELS), otherwise="entries with any of them are shown"
            )
            usable.setlist(name, [match] if match else [])
        elif name == "age_unknown":
            age_unknown = reader.choice(
                name, label, list(AGE_UNKNOWN_LABELS), otherwise="they are included"
            )
            usable.setlist(name, [age_unknown] if age_unknown else [])
        elif name == "ordering":
            ordering = reader.choice(
                name, label, list(ORDERINGS), otherwise="the default sort was used"
            )
            usable.setlist(name, [ordering] if ordering else [])
    return usable
