"""The API reads match and age_unknown as the list does, and names bad values."""

import pytest
import yaml
from django.urls import reverse

from tests.factories import make_intervention

pytestmark = pytest.mark.django_db

API = "/api/v1/interventions/"


def slugs(response):
    assert response.status_code == 200, response.content
    return sorted(row["slug"] for row in response.json()["results"])


def test_match_all_needs_every_theme(client, theme):
    make_intervention(slug="both", themes=[theme("knife-crime"), theme("county-lines")])
    make_intervention(slug="knives", themes=[theme("knife-crime")])
    make_intervention(
        slug="draft", themes=[theme("knife-crime"), theme("county-lines")], state="draft"
    )
    both = {"theme": ["knife-crime", "county-lines"]}
    assert slugs(client.get(API, {**both, "match": "all"})) == ["both"]
    assert slugs(client.get(API, {**both, "match": "any"})) == ["both", "knives"]
    assert slugs(client.get(API, both)) == ["both", "knives"]


def test_age_unknown_exclude_leaves_out_entries_giving_no_age(client):
    make_intervention(slug="teens", age_min=13, age_max=17)
    make_intervention(slug="no-age")
    assert slugs(client.get(API, {"age": "15"})) == ["no-age", "teens"]
    assert slugs(client.get(API, {"age": "15", "age_unknown": "exclude"})) == ["teens"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"match": "both"}, "There is no choice of themes to match “both”. Use one of: any, all."),
        (
            {"match": ["all", "any"]},
            "The choice of themes to match was given 2 times. Give it once.",
        ),
        (
            {"age_unknown": "no"},
            "There is no choice for entries giving no age “no”. Use one of: include, exclude.",
        ),
        (
            {"age_unknown": "<script>"},
            "There is no choice for entries giving no age “<script>”. "
            "Use one of: include, exclude.",
        ),
    ],
)
def test_bad_values_are_a_400_naming_the_parameter(client, params, message):
    response = client.get(API, params)
    assert response.status_code == 400
    (name,) = params
    assert response.json()["errors"][name] == [message]


def test_a_nul_byte_is_refused(client):
    response = client.get(API, {"match": "all\x00"})
    assert response.status_code == 400


def test_the_schema_documents_both_parameters(client):
    response = client.get(reverse("api:schema"))
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    parameters = {
        parameter["name"]: parameter
        for parameter in schema["paths"]["/api/v1/interventions/"]["get"]["parameters"]
    }
    assert parameters["match"]["schema"]["enum"] == ["any", "all"]
    assert parameters["age_unknown"]["schema"]["enum"] == ["include", "exclude"]
