"""Unusable parameters give a 400 whose JSON names each one; nothing gives a 500."""

import pytest
from django.urls import reverse

from tests.factories import make_intervention

pytestmark = pytest.mark.django_db

LIST = reverse("api:intervention-list")


@pytest.fixture
def entries(theme):
    for number in range(3):
        make_intervention(name=f"Entry {number}", themes=[theme("knife-crime")])


def errors_of(api, path, params):
    response = api(path, params)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["detail"] == "Some parameters could not be used; see errors."
    return body["errors"]


@pytest.mark.parametrize(
    ("params", "parameter", "message"),
    [
        ({"age": "abc"}, "age", "Enter a whole number from 0 to 120."),
        ({"age": "121"}, "age", "Enter a whole number from 0 to 120."),
        ({"age": "-1"}, "age", "Enter a whole number from 0 to 120."),
        ({"age": "1e3"}, "age", "Enter a whole number from 0 to 120."),
        ({"has_report": "maybe"}, "has_report", "Use true or false."),
        (
            {"ordering": "price"},
            "ordering",
            "Use one of: relevance, name, -name, -updated, updated, evidence, -evidence.",
        ),
        (
            {"ordering": ""},
            "ordering",
            "Use one of: relevance, name, -name, -updated, updated, evidence, -evidence; "
            "or leave ordering out.",
        ),
        (
            {"verdict": "proven"},
            "verdict",
            "There is no verdict “proven”. Use one of: reduced-harm, mixed, increased-harm, "
            "not-yet-known.",
        ),
        (
            {"theme": "no-such-theme"},
            "theme",
            "There is no theme “no-such-theme”. The theme slugs are listed at /api/v1/themes/.",
        ),
        (
            {"region": "mars"},
            "region",
            "There is no region “mars”. Use one of: north-east, north-west, "
            "yorkshire-and-the-humber, east-midlands, west-midlands, east-of-england, london, "
            "south-east, south-west, wales, national.",
        ),
        ({"q": "x" * 201}, "q", "A search can be at most 200 characters long."),
        ({"q": "knife\x00"}, "q", "Null characters are not allowed."),
        ({"theme": "knife\x00crime"}, "theme", "Null characters are not allowed."),
        ({"utm\x00": "x"}, "utm", "Null characters are not allowed."),
        ({"age": ["3", "4"]}, "age", "Give age once; it was given 2 times."),
        ({"page": "two"}, "page", "Enter a whole number of at least 1."),
        ({"page": "0"}, "page", "Enter a whole number of at least 1."),
        ({"page": "\u0661"}, "page", "Enter a whole number of at least 1."),  # Arabic-Indic 1
        ({"page_size": "0"}, "page_size", "Enter a whole number from 1 to 100."),
        ({"page_size": "101"}, "page_size", "Enter a whole number from 1 to 100."),
    ],
)
def test_an_unusable_parameter_is_a_400_naming_it(api, entries, params, parameter, message):
    assert errors_of(api, LIST, params) == {parameter: [message]}


def test_every_unusable_parameter_is_named_at_once(api, entries):
    errors = errors_of(
        api, LIST, {"age": "old", "theme": ["knife-crime", "nope", "nada"], "status": "asleep"}
    )
    assert set(errors) == {"age", "theme", "status"}
    assert errors["theme"] == [
        "There is no theme “nope”, “nada”. The theme slugs are listed at /api/v1/themes/."
    ]


def test_hostile_values_are_quoted_back_shortened_and_escaped_by_json(api, entries):
    errors = errors_of(api, LIST, {"theme": "<script>alert(1)</script>" + "x" * 200})
    (message,) = errors["theme"]
    assert len(message) < 200
    assert "<script>" in message  # JSON carries it as text; nothing renders it as HTML


def test_a_page_beyond_the_last_is_a_404_naming_the_page(api, entries):
    response = api(LIST, {"page": "9"})
    assert response.status_code == 404
    assert response.json() == {
        "detail": "There is no such page.",
        "errors": {"page": ["There is 1 page, so there is no page 9."]},
    }


def test_the_first_page_of_nothing_is_an_empty_list_not_an_error(api):
    body = api(LIST, {"q": "nothing"}).json()
    assert body["count"] == 0 and body["results"] == []


def test_unknown_parameters_are_ignored(api, entries):
    assert api(LIST, {"utm_source": "newsletter"}).json()["count"] == 3


@pytest.mark.parametrize(
    "name", ["report-list", "outcome-list", "theme-list", "force-list", "source-list"]
)
def test_other_lists_reject_bad_pages_and_nul_bytes_too(api, entries, name):
    path = reverse(f"api:{name}")
    assert errors_of(api, path, {"page": "x"}) == {"page": ["Enter a whole number of at least 1."]}
    assert errors_of(api, path, {"q": "\x00"}) == {"q": ["Null characters are not allowed."]}


@pytest.mark.parametrize("name", ["report-list", "outcome-list"])
def test_an_unknown_intervention_filter_is_a_400_naming_it(api, entries, name):
    errors = errors_of(api, reverse(f"api:{name}"), {"intervention": "no-such-entry"})
    assert errors == {
        "intervention": [
            "There is no published intervention “no-such-entry”. "
            "The slugs are listed at /api/v1/interventions/."
        ]
    }


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/interventions/%00/",
        "/api/v1/interventions/caf%C3%A9/",
        "/api/v1/outcomes/99999999999999999999999/",
        "/api/v1/outcomes/a/b/c/",
        "/api/v1/themes/" + "x" * 500 + "/",
    ],
)
def test_malformed_addresses_are_not_found_not_errors(client, entries, path):
    response = client.get(path)
    assert response.status_code == 404


@pytest.mark.parametrize("method", ["get", "options"])
def test_an_address_the_api_does_not_have_names_each_allowed_method_once(client, method):
    response = getattr(client, method)("/api/v1/no-such-endpoint/")
    allowed = [name.strip() for name in response["Allow"].split(",")]
    assert sorted(allowed) == ["GET", "HEAD", "OPTIONS"]
