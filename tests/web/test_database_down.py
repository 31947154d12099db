"""With PostgreSQL unreachable: 503 with Retry-After, in JSON for the API and the JSON
download, the site's own page elsewhere, and never a traceback. Other unexpected errors in
the API answer 500 in JSON."""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client

from api import views as api_views
from tests.factories import make_intervention
from tests.pages import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    client.raise_request_exception = False
    return client


@pytest.fixture(params=[OperationalError, InterfaceError])
def database_down(request):
    """Every query fails, as when PostgreSQL refuses connections or drops them."""
    failure = request.param("connection to server at 127.0.0.1 failed: Connection refused")
    return mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=failure)


@pytest.fixture
def entry():
    return make_intervention(name="Down entry", slug="down-entry")


JSON_ADDRESSES = [
    "/api/v1/interventions/",
    "/api/v1/interventions/down-entry/",
    "/api/v1/themes/",
    "/api/v1/schema/",
    "/interventions/download.json",
]
HTML_ADDRESSES = [
    "/",
    "/interventions/",
    "/interventions/down-entry/",
    "/themes/knife-crime/",
    "/outcomes/",
    "/share-practice/",
]


@pytest.mark.parametrize("page_cache_seconds", [0, 300])
@pytest.mark.parametrize("address", JSON_ADDRESSES)
def test_json_addresses_answer_503_in_json(
    client, entry, database_down, settings, address, page_cache_seconds
):
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    with database_down:
        response = client.get(address)
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert int(response["Retry-After"]) > 0
    assert "try again" in response.json()["detail"]
    assert "127.0.0.1" not in response.content.decode()
    if address.startswith("/api/"):
        assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("page_cache_seconds", [0, 300])
@pytest.mark.parametrize("address", HTML_ADDRESSES)
def test_pages_answer_the_sites_own_503_page(
    client, entry, database_down, settings, address, page_cache_seconds
):
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    with database_down:
        response = client.get(address)
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert '<a class="skip-link" href="#main">' in content
    assert "The catalogue is unavailable just now" in text_of(response)
    assert "Traceback" not in content and "127.0.0.1" not in content


def test_a_form_sent_while_the_database_is_down_says_it_was_not_sent(
    client, database_down, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    with database_down:
        response = client.post("/share-practice/", {"submitter_name": "Sam"})
    assert response.status_code == 503
    assert "it has not been sent yet" in text_of(response)


def test_an_unexpected_error_in_the_api_answers_500_in_json(client, entry, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("secret detail")

    monkeypatch.setattr(api_views.InterventionViewSet, "list", explode)
    response = client.get("/api/v1/interventions/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert "secret detail" not in response.content.decode()
    assert response.json()["detail"]
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("address", ["/api/", "/api/v2/interventions/", "/api/v1/nowhere/"])
def test_an_api_address_that_does_not_exist_answers_404_in_json(client, address):
    response = client.get(address)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_an_api_address_answers_405_in_json_to_a_write(client, entry):
    response = client.post("/api/v1/interventions/")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"


NON_DRF_JSON_ADDRESSES = ["/api/v1/docs/", "/interventions/download.json"]


@pytest.mark.parametrize("address", NON_DRF_JSON_ADDRESSES)
@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_a_write_to_a_json_address_answers_405_in_json(client, entry, address, method):
    response = getattr(client, method)(address)
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert "GET" in response.json()["detail"]
    assert "GET" in response["Allow"]


@pytest.mark.parametrize("address", NON_DRF_JSON_ADDRESSES)
def test_a_post_without_a_csrf_token_to_a_json_address_answers_403_in_json(entry, address):
    client = Client(enforce_csrf_checks=True)
    response = client.post(address, {"q": "knife"})
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


def test_a_post_without_a_csrf_token_to_a_page_still_gets_the_sites_page(entry):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/interventions/", {"q": "knife"})
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
