"""The OpenAPI schema describes every operation, parameter and field; the docs page
presents it to people."""

import json
from urllib.parse import urlencode

import pytest
import yaml
from django.urls import reverse

from tests.pages import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    response = client.get(reverse("api:schema"))
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def walk_properties(schema, where):
    """(place, property schema) for every property of every object schema, nested too."""
    for name, prop in schema.get("properties", {}).items():
        yield f"{where}.{name}", prop
        yield from walk_properties(prop, f"{where}.{name}")
        if "items" in prop:
            yield from walk_properties(prop["items"], f"{where}.{name}[]")


def test_the_schema_is_openapi_3_with_the_licence(schema):
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["license"]["name"] == "Open Government Licence v3.0"


def test_every_endpoint_of_the_issue_is_described(schema):
    assert {
        "/api/v1/interventions/", "/api/v1/interventions/{slug}/",
        "/api/v1/themes/", "/api/v1/themes/{slug}/", "/api/v1/forces/", "/api/v1/forces/{slug}/",
        "/api/v1/organisations/", "/api/v1/organisations/{slug}/",
        "/api/v1/reports/", "/api/v1/reports/{slug}/", "/api/v1/outcomes/",
        "/api/v1/outcomes/{id}/", "/api/v1/outcomes/{intervention}/{key}/",
        "/api/v1/sources/", "/api/v1/sources/{slug}/",
    } <= set(schema["paths"])  # fmt: skip


def test_only_reading_is_described(schema):
    for path, operations in schema["paths"].items():
        assert set(operations) == {"get"}, path


def test_every_field_of_every_component_is_described(schema):
    undescribed = [
        place
        for name, component in schema["components"]["schemas"].items()
        for place, prop in walk_properties(component, name)
        if not prop.get("description") and "$ref" not in prop
    ]
    assert undescribed == []


def test_every_parameter_is_described(schema):
    undescribed = [
        f"{path} {parameter['name']}"
        for path, operations in schema["paths"].items()
        for parameter in operations["get"].get("parameters", [])
        if not parameter.get("description")
    ]
    assert undescribed == []


def test_the_list_parameters_are_the_html_lists(schema):
    parameters = {
        parameter["name"]: parameter
        for parameter in schema["paths"]["/api/v1/interventions/"]["get"]["parameters"]
    }
    assert set(parameters) == {
        "q", "theme", "match", "force", "region", "purpose", "evidence_stage", "verdict",
        "status", "setting", "age", "age_unknown", "has_report", "source", "ordering", "page",
        "page_size",
    }  # fmt: skip
    assert parameters["theme"]["schema"]["type"] == "array"
    assert parameters["theme"]["explode"] is True
    assert "county-lines" in parameters["theme"]["schema"]["items"]["enum"]
    # Empty means the default order, as the API answers it.
    assert parameters["ordering"]["schema"]["enum"] == [
        "", "relevance", "name", "-name", "-updated", "updated", "evidence", "-evidence",
    ]  # fmt: skip


def test_errors_are_described_for_every_list(schema):
    for path, operations in schema["paths"].items():
        responses = operations["get"]["responses"]
        assert {"200", "404", "429"} <= set(responses), path
        if "{" not in path:
            assert "400" in responses, path


def test_the_docs_page_lists_endpoints_parameters_and_fields(client):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    text = text_of(response)
    assert "GET /api/v1/interventions/" in text
    assert "Theme slug. Repeat for several themes" in text
    assert "File size exactly as the source document writes it, e.g. '184.53 KB'" in text
    assert "Open Government Licence v3.0" in text
    assert "<script" not in page.split("</head>")[1]


def test_the_docs_page_loads_nothing_from_other_sites(client):
    page = client.get(reverse("api:docs")).content.decode()
    assert "cdn" not in page.lower()
    assert 'src="http' not in page and 'href="https://fonts' not in page


JSON_ASKED = [
    ({"format": "json"}, {}),
    ({}, {"HTTP_ACCEPT": "application/json"}),
    ({}, {"HTTP_ACCEPT": "application/vnd.oai.openapi+json"}),
    ({"format": "json"}, {"HTTP_ACCEPT": "application/yaml"}),
]


@pytest.mark.parametrize(("params", "headers"), JSON_ASKED)
def test_the_schema_is_json_when_asked_for_json(client, params, headers):
    response = client.get(reverse("api:schema"), params, **headers)
    assert response.status_code == 200
    assert "json" in response["Content-Type"]
    assert json.loads(response.content)["openapi"].startswith("3.")


@pytest.mark.parametrize("params", [{}, {"format": "yaml"}])
def test_the_schema_is_yaml_otherwise(client, params):
    response = client.get(reverse("api:schema"), params)
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    assert yaml.safe_load(response.content)["openapi"].startswith("3.")


def test_an_unknown_schema_format_is_a_bad_request_naming_the_choices(client):
    response = client.get(reverse("api:schema"), {"format": "xml"})
    assert response.status_code == 400
    assert "Use yaml or json." in response.content.decode()


def test_the_cached_schema_keeps_each_format_apart(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    address = reverse("api:schema")
    for params, headers in [({}, {}), *JSON_ASKED, ({"format": "yaml"}, {}), ({}, {})]:
        first = client.get(address, params, **headers)
        again = client.get(address, params, **headers)
        assert again.cache_status == "hit"
        assert again.content == first.content
        wants_json = params.get("format") == "json" or "json" in headers.get("HTTP_ACCEPT", "")
        assert ("json" in again["Content-Type"]) is wants_json, (params, headers)


@pytest.mark.parametrize(
    ("method", "params", "headers", "status"),
    [
        ("get", {"format": "xml"}, {}, 400),
        ("get", {"format": "\x00"}, {}, 400),
        ("get", {"format": "xml"}, {"HTTP_ACCEPT": "application/yaml"}, 400),
        ("get", {}, {"HTTP_ACCEPT": "text/csv"}, 406),
        ("post", {}, {}, 405),
        ("delete", {}, {}, 405),
    ],
)
def test_schema_errors_are_json_like_every_api_error(client, method, params, headers, status):
    address = reverse("api:schema")
    if params:
        address = f"{address}?{urlencode(params)}"
    response = getattr(client, method)(address, **headers)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["detail"]
