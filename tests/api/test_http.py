"""How the API behaves over HTTP: read-only, open to other sites for reading,
revalidated cheaply, throttled, and licensed."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from interventions.models import Theme
from tests.factories import make_intervention, make_outcome

pytestmark = pytest.mark.django_db

LIST = reverse("api:intervention-list")
OGL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


@pytest.fixture
def entry(theme):
    """An entry saved an hour ago, as far as Last-Modified can tell."""
    entry = make_intervention(name="Knife work", slug="knife-work", themes=[theme("knife-crime")])
    entry.history.update(history_date=timezone.now() - timedelta(hours=1))
    return entry


def detail_url(slug="knife-work"):
    return reverse("api:intervention-detail", args=[slug])


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", [LIST, "/api/v1/interventions/knife-work/", "/api/v1/themes/"])
def test_writing_is_not_allowed(client, entry, method, path):
    response = getattr(client, method)(path, data={"name": "Changed"})
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert "not allowed" in response.json()["detail"]


def test_nothing_is_changed_by_a_refused_write(client, entry):
    client.post(LIST, {"name": "New entry", "slug": "new-entry"})
    client.put(detail_url(), {"name": "Changed"}, content_type="application/json")
    entry.refresh_from_db()
    assert entry.name == "Knife work"
    assert not entry.__class__.objects.filter(slug="new-entry").exists()


@pytest.mark.parametrize("method", ["get", "head", "options"])
def test_any_site_may_read_the_api_without_credentials(client, entry, method):
    response = getattr(client, method)(LIST, HTTP_ORIGIN="https://analysis.example.org")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert not response.has_header("Access-Control-Allow-Credentials")


def test_a_preflight_request_is_answered_for_reading_only(client, entry):
    response = client.options(
        LIST,
        HTTP_ORIGIN="https://analysis.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert response.status_code == 200
    assert "POST" not in response["Access-Control-Allow-Methods"]
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]


def test_writes_get_no_cross_origin_permission(client, entry):
    response = client.post(LIST, HTTP_ORIGIN="https://analysis.example.org")
    assert not response.has_header("Access-Control-Allow-Origin")


def test_the_public_pages_are_not_opened_to_other_sites(client, entry):
    response = client.get(reverse("catalogue:list"), HTTP_ORIGIN="https://example.org")
    assert not response.has_header("Access-Control-Allow-Origin")


@pytest.mark.parametrize("path", [LIST, "/api/v1/interventions/knife-work/"])
def test_an_unchanged_answer_is_revalidated_with_304(client, entry, path):
    first = client.get(path)
    assert first["ETag"] and first["Last-Modified"]
    again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["Access-Control-Allow-Origin"] == "*"
    since = client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_a_changed_entry_gets_a_new_etag_and_a_full_answer(client, entry):
    first = client.get(detail_url())
    entry.summary = "A new summary."
    entry.save()
    again = client.get(detail_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again.json()["summary"] == "A new summary."
    assert again["ETag"] != first["ETag"]
    since = client.get(detail_url(), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 200


def test_a_new_figure_moves_last_modified_although_the_entry_is_unchanged(client, entry):
    first = client.get(detail_url())
    make_outcome(entry, measure="Knife offences")
    since = client.get(detail_url(), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 200
    assert since.json()["outcomes"][0]["measure"] == "Knife offences"


def test_unpublishing_an_entry_moves_last_modified_of_the_list(client, entry):
    other = make_intervention(name="Other work")
    other.history.update(history_date=timezone.now() - timedelta(hours=1))
    first = client.get(LIST)
    assert first.json()["count"] == 2
    other.publication_state = "draft"
    other.save()
    since = client.get(LIST, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 200
    assert since.json()["count"] == 1


def test_a_renamed_theme_changes_the_etag_of_lists_naming_it(client, entry):
    first = client.get(reverse("api:theme-detail", args=["knife-crime"]))
    Theme.objects.filter(slug="knife-crime").update(name="Knives and weapons")
    again = client.get(
        reverse("api:theme-detail", args=["knife-crime"]), HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert again.status_code == 200
    assert again.json()["name"] == "Knives and weapons"


def test_a_stale_last_modified_gets_the_full_answer(client, entry):
    response = client.get(detail_url(), HTTP_IF_MODIFIED_SINCE=http_date(0))
    assert response.status_code == 200


def test_every_answer_links_the_licence_and_lists_state_it(client, entry):
    response = client.get(LIST)
    assert response["Link"] == f'<{OGL}>; rel="license"'
    assert response.json()["licence"] == {"name": "Open Government Licence v3.0", "url": OGL}
    assert client.get(detail_url())["Link"] == f'<{OGL}>; rel="license"'


@override_settings(DATA_LICENCE={"name": "CC BY 4.0", "url": "https://example.org/cc-by"})
def test_the_licence_follows_the_setting(client, entry):
    response = client.get(LIST)
    assert response.json()["licence"] == {"name": "CC BY 4.0", "url": "https://example.org/cc-by"}
    assert response["Link"] == '<https://example.org/cc-by>; rel="license"'


@pytest.fixture
def three_a_minute(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/min"},
    }


def test_a_client_over_its_rate_is_told_to_wait(client, entry, three_a_minute):
    for _ in range(3):
        assert client.get(LIST).status_code == 200
    response = client.get(detail_url())
    assert response.status_code == 429
    wait = int(response["Retry-After"])
    assert 0 < wait <= 60
    assert response.json() == {
        "detail": f"Too many requests from this address. Please wait {wait} seconds and try again.",
        "retry_after": wait,
    }
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_rate_is_counted_per_client_address(client, entry, three_a_minute):
    for _ in range(3):
        client.get(LIST, REMOTE_ADDR="192.0.2.1")
    assert client.get(LIST, REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.get(LIST, REMOTE_ADDR="192.0.2.2").status_code == 200


def test_editing_a_draft_does_not_move_last_modified(client, entry):
    draft = make_intervention(name="Unpublished work", state="draft")
    draft.history.update(history_date=timezone.now() - timedelta(hours=2))
    first = client.get(LIST)
    draft.summary = "Still being written."
    draft.save()
    make_outcome(draft, measure="Draft figure")
    again = client.get(LIST)
    assert again["Last-Modified"] == first["Last-Modified"]
    since = client.get(LIST, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_editing_a_once_published_entry_now_a_draft_does_not_move_last_modified(client, entry):
    withdrawn = make_intervention(name="Withdrawn work")
    make_outcome(withdrawn, measure="Withdrawn figure")
    withdrawn.publication_state = "draft"
    withdrawn.save()
    # Published, then unpublished, two hours ago: before the listed entry's last change.
    withdrawn.history.update(history_date=timezone.now() - timedelta(hours=2))
    withdrawn.outcomes.get().history.update(history_date=timezone.now() - timedelta(hours=2))
    first = client.get(LIST)
    assert first.json()["count"] == 1
    withdrawn.summary = "Rewritten while off the site."
    withdrawn.save()
    figure = withdrawn.outcomes.get()
    figure.measure = "Rewritten figure"
    figure.save()
    again = client.get(LIST)
    assert again["Last-Modified"] == first["Last-Modified"]
    since = client.get(LIST, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_republishing_an_entry_moves_last_modified(client, entry):
    withdrawn = make_intervention(name="Withdrawn work", state="draft")
    withdrawn.history.update(history_date=timezone.now() - timedelta(hours=2))
    first = client.get(LIST)
    withdrawn.publication_state = "published"
    withdrawn.save()
    since = client.get(LIST, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 200
    assert since.json()["count"] == 2
