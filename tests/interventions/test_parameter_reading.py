"""The one reader of query parameters: strict for the API, forgiving for the HTML pages,
with the same words for the same problem in both."""

import pytest
from django.http import QueryDict

from interventions.filters import (
    FilterOptions,
    InterventionFilterSet,
    ParameterReader,
    UnusableParameters,
)
from interventions.filters.reading import MAX_VALUES_READ

THEMES = ["county-lines", "knife-crime"]


def strict(data):
    return ParameterReader(data, strict=True)


def forgiving(data):
    return ParameterReader(data)


def errors_of(reader):
    with pytest.raises(UnusableParameters) as raised:
        reader.check()
    return raised.value.errors


# The same problem in both modes ----------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "read", "reason", "advice", "outcome"),
    [
        (
            {"theme": "bananas"},
            lambda reader: reader.choices("theme", "theme", THEMES),
            "There is no theme “bananas”",
            " Use one of: county-lines, knife-crime.",
            "it was left out",
        ),
        (
            {"age": "ten"},
            lambda reader: reader.whole_number("age", "age", 0, 120),
            "The age “ten” is not a whole number from 0 to 120",
            "",
            "it was left out",
        ),
        (
            {"has_report": "perhaps"},
            lambda reader: reader.true_or_false("has_report", "evaluation report filter"),
            "The evaluation report filter “perhaps” is not true or false",
            "",
            "it was left out",
        ),
        (
            {"q": "x" * 201},
            lambda reader: reader.text("q", "search", 200),
            "The search is longer than 200 characters",
            "",
            "only its beginning was used",
        ),
        (
            {"ordering": ["name", "-name"]},
            lambda reader: reader.choice("ordering", "sort order", ["name", "-name"]),
            "The sort order was given 2 times",
            " Give it once.",
            "the first, “name”, was used",
        ),
        (
            {"theme": [f"t{number}" for number in range(MAX_VALUES_READ + 1)]},
            lambda reader: reader.choices("theme", "theme", [f"t{n}" for n in range(200)]),
            f"The address gave {MAX_VALUES_READ + 1} values where at most {MAX_VALUES_READ} "
            "are read",
            "",
            "the rest were left out",
        ),
    ],
)
def test_a_problem_is_worded_alike_strictly_and_forgivingly(data, read, reason, advice, outcome):
    reader = strict(data)
    read(reader)
    (name,) = data
    assert errors_of(reader) == {name: [f"{reason}.{advice}"]}
    reader = forgiving(data)
    read(reader)
    reader.check()  # a forgiving reader never raises
    assert reader.notices == [f"{reason}, so {outcome}."]


def test_the_caller_can_say_where_a_parameters_values_are_listed():
    reader = ParameterReader(
        {"theme": "bananas"}, strict=True, advice={"theme": "They are listed at /themes/."}
    )
    reader.choices("theme", "theme", THEMES)
    assert errors_of(reader) == {
        "theme": ["There is no theme “bananas”. They are listed at /themes/."]
    }


def test_every_bad_parameter_is_named_at_once():
    reader = strict({"theme": ["knife-crime", "nope", "nada"], "age": "old"})
    reader.choices("theme", "theme", THEMES)
    reader.whole_number("age", "age", 0, 120)
    assert errors_of(reader) == {
        "theme": ["There is no theme “nope”, “nada”. Use one of: county-lines, knife-crime."],
        "age": ["The age “old” is not a whole number from 0 to 120."],
    }


# What can be used is used ----------------------------------------------------------------


def test_usable_values_are_returned_in_the_order_given_each_once():
    reader = forgiving(QueryDict("theme=knife-crime&theme=+county-lines+&theme=knife-crime"))
    assert reader.choices("theme", "theme", THEMES) == ["knife-crime", "county-lines"]
    assert reader.notices == []


def test_blank_values_and_unasked_parameters_are_not_problems():
    reader = strict(QueryDict("theme=&theme=+&age=&utm_source=newsletter"))
    assert reader.choices("theme", "theme", THEMES) == []
    assert reader.whole_number("age", "age", 0, 120) is None
    reader.check()


@pytest.mark.parametrize(
    ("given", "expected"),
    [("true", True), ("YES", True), ("1", True), ("on", True), ("false", False), ("0", False)],
)
def test_true_or_false_reads_what_clients_write(given, expected):
    assert strict({"has_report": given}).true_or_false("has_report", "filter") is expected


def test_a_separator_splits_values_as_one_parameter():
    reader = forgiving({"items": ["a,b", " c ,,"]})
    assert reader.choices("items", "entry", ["a", "b", "c"], separator=",") == ["a", "b", "c"]


# Malformed, oversized and hostile values ---------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "-1",
        "121",
        "1e3",
        "15.5",
        "0x10",
        "\u0661",  # ARABIC-INDIC DIGIT ONE: isdigit(), but not a number we take
        "\uff11",  # FULLWIDTH DIGIT ONE
        "1; DROP TABLE interventions",
        "9" * 5000,  # longer than Python will turn into an int by default
    ],
)
def test_malformed_and_huge_numbers_are_problems_never_errors(value):
    reader = forgiving({"age": value})
    assert reader.whole_number("age", "age", 0, 120) is None
    (notice,) = reader.notices
    assert notice.endswith("is not a whole number from 0 to 120, so it was left out.")
    assert len(notice) < 200


def test_a_huge_page_number_counts_as_beyond_any_page():
    reader = strict({"page": "1" + "0" * 40})
    assert reader.whole_number("page", "page number", 1) == 10**18
    reader.check()


def test_a_nul_byte_is_refused_anywhere_by_the_strict_reader():
    reader = strict({"q": "knife\x00", "theme\x00": "x", "utm": "\x00"})
    assert reader.text("q", "search", 200) == ""
    assert errors_of(reader) == {
        "q": ["Null characters are not allowed."],
        "theme": ["Null characters are not allowed."],
        "utm": ["Null characters are not allowed."],
    }


def test_a_nul_byte_leaves_the_value_out_of_a_forgiving_read():
    reader = forgiving({"theme": ["knife-crime", "\x00evil"], "q": "kni\x00fe"})
    assert reader.choices("theme", "theme", THEMES) == ["knife-crime"]
    assert reader.text("q", "search", 200) == ""
    assert reader.notices == [
        "Null characters are not allowed, so the theme “evil” was left out.",
        "Null characters are not allowed, so the search “kni fe” was left out.",
    ]


def test_other_control_characters_in_text_are_spaces():
    reader = strict({"q": "knife\x07\x1b[31m\r\n\tcrime\x7f"})
    assert reader.text("q", "search", 200) == "knife [31m crime"
    reader.check()


def test_an_oversized_text_keeps_its_beginning_when_forgiven():
    reader = forgiving({"q": "knife " + "x" * 400})
    text = reader.text("q", "search", 200)
    assert text == ("knife " + "x" * 400)[:200]


def test_too_many_words_is_only_a_notice_and_only_forgivingly():
    words = " ".join(f"w{number}" for number in range(12))
    count = str.split
    reader = forgiving({"q": words})
    assert reader.text("q", "search", 200, words=count, max_words=10) == words
    assert reader.notices == ["The search has more than 10 words, so only the first 10 were used."]
    reader = strict({"q": words})
    reader.text("q", "search", 200, words=count, max_words=10)
    reader.check()


@pytest.mark.parametrize(
    "value",
    [
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "knife'); DROP TABLE interventions_intervention; --",
        "caf\u00e9-\u0437\u043d\u0430\u043d\u0438\u0435-\U0001f52a",
        "\u202eevil\u202c",  # right-to-left override
        "a" * 5000,
    ],
)
def test_hostile_values_are_quoted_back_shortened_as_plain_text(value):
    reader = forgiving({"theme": value})
    assert reader.choices("theme", "theme", THEMES) == []
    (notice,) = reader.notices
    assert notice.startswith("There is no theme “")
    assert notice.endswith("”, so it was left out.")
    assert len(notice) <= len("There is no theme “”, so it was left out.") + 60


def test_many_unknown_values_are_named_a_few_at_a_time():
    reader = forgiving({"theme": [f"nope-{number}" for number in range(8)]})
    reader.choices("theme", "theme", THEMES)
    assert reader.notices == [
        "There is no theme “nope-0”, “nope-1”, “nope-2”, “nope-3”, “nope-4” and 3 more, "
        "so they were left out."
    ]


# The list's parameters through the filter set ----------------------------------------------


@pytest.mark.django_db
def test_the_filter_set_reads_strictly_with_every_problem_named(theme):
    theme("knife-crime")
    data = QueryDict("theme=knife-crime&theme=nope&age=200&ordering=price&has_report=maybe")
    with pytest.raises(UnusableParameters) as raised:
        InterventionFilterSet.strict(data)
    themes = ", ".join(value for value, _ in FilterOptions().choices("theme"))
    assert raised.value.errors == {
        "theme": [f"There is no theme “nope”. Use one of: {themes}."],
        "age": ["The age “200” is not a whole number from 0 to 120."],
        "has_report": ["The evaluation report filter “maybe” is not true or false."],
        "ordering": [
            "There is no sort order “price”. Use one of: relevance, name, -name, -updated, "
            "updated, evidence, -evidence."
        ],
    }


@pytest.mark.django_db
def test_the_filter_set_reads_forgivingly_and_applies_the_rest(theme):
    theme("knife-crime")
    data = QueryDict("theme=knife-crime&theme=nope&age=200&ordering=price&has_report=maybe")
    filterset = InterventionFilterSet.forgiving(data)
    assert filterset.is_valid()
    assert filterset.query_pairs() == [("theme", "knife-crime")]
    assert filterset.notices == [
        "There is no theme “nope”, so it was left out.",
        "The age “200” is not a whole number from 0 to 120, so it was left out.",
        "The evaluation report filter “maybe” is not true or false, so it was left out.",
        "There is no sort order “price”, so the default sort was used.",
    ]


@pytest.mark.django_db
def test_the_filter_set_reads_good_values_alike_in_both_modes(theme):
    theme("knife-crime")
    data = QueryDict("q=knife++crime&theme=knife-crime&age=15&has_report=yes&ordering=-name")
    strictly = InterventionFilterSet.strict(data)
    forgivingly = InterventionFilterSet.forgiving(data)
    expected = [
        ("q", "knife crime"),
        ("theme", "knife-crime"),
        ("age", "15"),
        ("has_report", "true"),
        ("ordering", "-name"),
    ]
    assert strictly.query_pairs() == forgivingly.query_pairs() == expected
    assert strictly.notices == forgivingly.notices == []
