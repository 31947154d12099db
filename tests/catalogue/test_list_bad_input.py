"""The list never fails on a bad address: it uses what it can and says what it could not."""

import pytest
from django.urls import reverse

from tests.factories import make_intervention
from tests.pages import canonical_of, result_names, text_of

pytestmark = pytest.mark.django_db

LIST = reverse("catalogue:list")


@pytest.fixture
def entries(theme, force):
    lines = theme("county-lines")
    return [
        make_intervention(name=f"Entry {number:02}", themes=[lines], forces=[force("kent")])
        for number in range(1, 46)
    ] + [make_intervention(name="Unfiled")]


def notices(response):
    return response.context["notices"]


def test_an_unknown_theme_is_left_out_and_named_and_the_known_one_still_applies(client, entries):
    response = client.get(LIST, {"theme": ["county-lines", "bananas"]})
    assert response.status_code == 200
    assert response.context["paginator"].count == 45
    assert notices(response) == ["There is no theme “bananas”, so it was left out."]
    assert "There is no theme “bananas”" in text_of(response)


@pytest.mark.parametrize(
    ("parameter", "value", "notice"),
    [
        ("force", "atlantis", "There is no police force “atlantis”, so it was left out."),
        ("region", "mars", "There is no region “mars”, so it was left out."),
        ("purpose", "fun", "There is no purpose “fun”, so it was left out."),
        ("setting", "moon", "There is no setting “moon”, so it was left out."),
        ("evidence_stage", "proven", "There is no evidence stage “proven”, so it was left out."),
        ("status", "dormant", "There is no status “dormant”, so it was left out."),
        ("source", "blog", "There is no source document “blog”, so it was left out."),
        ("age", "ten", "The age “ten” is not a whole number from 0 to 120, so it was left out."),
        (
            "age",
            "\u0661",
            "The age “\u0661” is not a whole number from 0 to 120, so it was left out.",
        ),
        ("age", "500", "The age “500” is not a whole number from 0 to 120, so it was left out."),
        ("age", "-3", "The age “-3” is not a whole number from 0 to 120, so it was left out."),
        ("age", "15.5", "The age “15.5” is not a whole number from 0 to 120, so it was left out."),
        (
            "has_report",
            "perhaps",
            "The evaluation report filter “perhaps” is not true or false, so it was left out.",
        ),
        (
            "ordering",
            "price",
            "There is no sort order “price”, so the default sort was used.",
        ),
    ],
)
def test_each_unusable_value_is_named_and_the_other_filters_still_apply(
    client, entries, parameter, value, notice
):
    response = client.get(LIST, {"theme": "county-lines", parameter: value})
    assert response.status_code == 200
    assert notices(response) == [notice]
    assert response.context["paginator"].count == 45
    assert "Unfiled" not in result_names(response)


def test_left_out_values_do_not_reappear_in_links_or_the_canonical_address(client, entries):
    response = client.get(LIST, {"theme": ["county-lines", "bananas"], "age": "x"})
    content = response.content.decode()
    assert canonical_of(response) == "http://testserver/interventions/?theme=county-lines"
    assert "bananas" not in content.replace("“bananas”", "")
    assert "page=2" in response.context["pagination"]["next"]
    assert "bananas" not in response.context["pagination"]["next"]


@pytest.mark.parametrize(
    ("page", "shown", "notice"),
    [
        (
            "abc",
            1,
            "The page number “abc” is not a whole number of at least 1, so page 1 is shown.",
        ),
        ("0", 1, "The page number “0” is not a whole number of at least 1, so page 1 is shown."),
        ("-2", 1, "The page number “-2” is not a whole number of at least 1, so page 1 is shown."),
        (
            "2.5",
            1,
            "The page number “2.5” is not a whole number of at least 1, so page 1 is shown.",
        ),
        ("99", 3, "There is no page 99: there are only 3 pages of results, so page 3 is shown."),
        (
            "9" * 5000,
            3,
            f"There is no page {'9' * 59}…: there are only 3 pages of results, so page 3 is shown.",
        ),
        (
            "1" + "0" * 30,
            3,
            f"There is no page 1{'0' * 30}: there are only 3 pages of results, so page 3 is shown.",
        ),
    ],
)
def test_a_bad_page_number_shows_the_nearest_page_and_says_why(
    client, entries, page, shown, notice
):
    response = client.get(LIST, {"page": page})
    assert response.status_code == 200
    assert response.context["page_obj"].number == shown
    assert notices(response) == [notice]


def test_last_and_blank_page_numbers_are_understood(client, entries):
    assert client.get(LIST, {"page": "last"}).context["page_obj"].number == 3
    blank = client.get(LIST, {"page": ""})
    assert blank.context["page_obj"].number == 1
    assert notices(blank) == []


def test_a_page_beyond_the_end_of_a_filtered_list_shows_its_last_page(client, entries):
    response = client.get(LIST, {"theme": "knife-crime", "page": "4"})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 1
    assert notices(response) == [
        "There is no page 4: there is only 1 page of results, so page 1 is shown."
    ]


def test_an_overlong_search_is_cut_to_200_characters_and_says_so(client):
    make_intervention(name="Knife crime")
    response = client.get(LIST, {"q": "knife " + "x" * 400})
    assert response.status_code == 200
    assert len(response.context["filterset"].search_terms) == 200
    assert notices(response) == [
        "The search is longer than 200 characters, so only its beginning was used."
    ]


def test_a_search_of_many_words_uses_the_first_ten(client):
    make_intervention(name="Alpha bravo")
    words = "alpha bravo " + " ".join(f"w{number}" for number in range(20))
    response = client.get(LIST, {"q": words})
    assert notices(response) == [
        "The search has more than 10 words, so only the first 10 were used."
    ]


@pytest.mark.parametrize(
    "query",
    ["knife\x00", "\x00", "kni\x00fe", "knife\x07\x1b[31m", "knife\r\n\t", "\x7f"],
)
def test_nul_bytes_and_control_characters_in_a_search_are_harmless(client, query):
    make_intervention(name="Knife crime")
    response = client.get(LIST, {"q": query})
    assert response.status_code == 200
    assert "\x00" not in response.content.decode()


@pytest.mark.parametrize("parameter", ["theme", "force", "age", "ordering", "page", "has_report"])
def test_nul_bytes_in_any_other_parameter_are_harmless(client, entries, parameter):
    response = client.get(LIST, {parameter: "\x00evil"})
    assert response.status_code == 200
    assert "\x00" not in response.content.decode()


def test_a_hostile_value_is_escaped_when_quoted_back(client):
    response = client.get(LIST, {"theme": "<script>alert(1)</script>", "q": "<img src=x>"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)" not in content
    assert "<img src=x>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_repeated_single_value_parameters_use_the_first_and_say_so(client, entries):
    response = client.get(
        LIST, {"ordering": ["-name", "name"], "q": ["entry", "other"], "page": ["2", "3"]}
    )
    assert response.status_code == 200
    assert response.context["filterset"].sort_order == "-name"
    assert response.context["filterset"].search_terms == "entry"
    assert response.context["page_obj"].number == 2
    assert notices(response) == [
        "The search was given 2 times, so the first, “entry”, was used.",
        "The sort order was given 2 times, so the first, “-name”, was used.",
        "The page number was given 2 times, so the first, “2”, was used.",
    ]


def test_a_repeated_multi_value_parameter_counts_each_value_once(client, entries):
    response = client.get(LIST, {"theme": ["county-lines", "county-lines"]})
    assert response.context["paginator"].count == 45
    assert len(response.context["active_filters"]) == 1


def test_blank_values_are_ignored_without_complaint(client, entries):
    response = client.get(
        LIST + "?theme=&theme=county-lines&force=&q=&age=&has_report=&ordering=&page="
    )
    assert response.status_code == 200
    assert notices(response) == []
    assert response.context["paginator"].count == 45
    assert canonical_of(response) == "http://testserver/interventions/?theme=county-lines"


def test_unknown_parameters_are_ignored(client, entries):
    response = client.get(LIST, {"utm_source": "newsletter", "theme": "county-lines"})
    assert response.context["paginator"].count == 45
    assert notices(response) == []
    assert canonical_of(response) == "http://testserver/interventions/?theme=county-lines"


def test_hundreds_of_unknown_values_are_read_only_so_far_and_named_in_one_notice(client, entries):
    response = client.get(LIST, {"theme": [f"nope-{number}" for number in range(300)]})
    assert response.status_code == 200
    assert response.context["paginator"].count == 46
    assert notices(response) == [
        "The address gave 300 values where at most 100 are read, so the rest were left out.",
        "There is no theme “nope-0”, “nope-1”, “nope-2”, “nope-3”, “nope-4” "
        "and 95 more, so they were left out.",
    ]


def test_two_unknown_values_of_one_filter_are_named_together(client, entries):
    response = client.get(LIST, {"force": ["atlantis", "county-lines", "kent"]})
    assert response.context["paginator"].count == 45
    assert notices(response) == [
        "There is no police force “atlantis”, “county-lines”, so they were left out."
    ]


def test_an_address_with_too_many_parameters_is_refused_cleanly(client):
    response = client.get(LIST + "?" + "&".join(f"theme=t{number}" for number in range(1500)))
    assert response.status_code == 400


def test_with_unusable_values_the_page_asks_search_engines_not_to_index_it(client, entries):
    response = client.get(LIST, {"theme": "bananas"})
    assert '<meta name="robots" content="noindex, follow">' in response.content.decode()
