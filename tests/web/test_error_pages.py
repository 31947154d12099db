import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from tests.pages import text_of
from web.errors import server_error

pytestmark = pytest.mark.django_db


def test_the_500_page_is_helpful_and_needs_no_database():
    request = RequestFactory().get("/interventions/")
    with CaptureQueriesContext(connection) as queries:
        response = server_error(request)
    assert len(queries) == 0
    assert response.status_code == 500
    text = text_of(response)
    assert "Sorry, something went wrong" in text
    assert "Please try again in a few minutes" in text
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert '<a class="skip-link" href="#main">' in content
    assert "{%" not in content and "{{" not in content


def test_the_500_template_uses_no_template_logic():
    from pathlib import Path

    from django.conf import settings

    source = (Path(settings.BASE_DIR) / "templates" / "500.html").read_text()
    assert "{%" not in source and "{{" not in source


def test_an_unexpected_error_in_a_view_gives_the_500_page(client, monkeypatch):
    from catalogue import views

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.HomeView, "get_context_data", explode)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "Sorry, something went wrong" in text_of(response)
    assert "boom" not in response.content.decode()


def test_the_404_page_offers_a_search_and_asks_not_to_be_indexed(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    content = response.content.decode()
    assert '<meta name="robots" content="noindex">' in content
    assert 'rel="canonical"' not in content
    assert '<label for="not-found-q">' in content
