import pytest
from django.core.cache import cache

from interventions.models import Intervention, PublicationState, Theme
from tests.factories import make_intervention

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def test_an_anonymous_page_is_served_from_the_cache_the_second_time(client, caplog):
    make_intervention(name="Cached entry")
    first = client.get("/interventions/")
    second = client.get("/interventions/")
    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert second.cache_status == "hit"


def test_publishing_an_entry_shows_on_the_very_next_request(client):
    draft = make_intervention(name="Newly published entry", state=PublicationState.DRAFT)
    assert "Newly published entry" not in client.get("/interventions/").content.decode()
    draft.publication_state = PublicationState.PUBLISHED
    draft.save()
    assert "Newly published entry" in client.get("/interventions/").content.decode()


def test_unpublishing_an_entry_removes_it_on_the_very_next_request(client):
    entry = make_intervention(name="Soon withdrawn")
    assert client.get(entry.get_absolute_url()).status_code == 200
    assert "Soon withdrawn" in client.get("/").content.decode()
    entry.publication_state = PublicationState.DRAFT
    entry.save()
    assert "Soon withdrawn" not in client.get("/").content.decode()
    assert client.get(entry.get_absolute_url()).status_code == 404


def test_editing_a_theme_link_invalidates_cached_pages(client):
    entry = make_intervention(name="Re-themed entry")
    client.get("/themes/county-lines/")
    entry.themes.add(Theme.objects.get(slug="county-lines"))
    response = client.get("/themes/county-lines/")
    assert response.cache_status == "miss"


def test_signed_in_staff_always_get_a_fresh_page(client, staff_user):
    client.force_login(staff_user)
    client.get("/")
    assert getattr(client.get("/"), "cache_status", "bypass") == "bypass"


def test_error_pages_are_not_cached(client):
    client.get("/interventions/missing/")
    assert getattr(client.get("/interventions/missing/"), "cache_status", "bypass") == "bypass"


def test_a_bulk_publish_from_the_admin_shows_on_the_very_next_request(client, curator):
    draft = make_intervention(name="Bulk published entry", state=PublicationState.DRAFT)
    assert "Bulk published entry" not in client.get("/interventions/").content.decode()
    Intervention.objects.filter(pk=draft.pk).publish(by=curator)
    assert "Bulk published entry" in client.get("/interventions/").content.decode()


def test_a_bulk_unpublish_removes_the_entry_on_the_very_next_request(client, curator):
    entry = make_intervention(name="Bulk withdrawn entry")
    assert "Bulk withdrawn entry" in client.get("/interventions/").content.decode()
    Intervention.objects.filter(pk=entry.pk).unpublish(by=curator)
    assert "Bulk withdrawn entry" not in client.get("/interventions/").content.decode()


@pytest.fixture
def three_a_minute(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/min"},
    }


API_LIST = "/api/v1/interventions/"


def test_an_api_answer_is_served_from_the_cache_the_second_time(client):
    make_intervention(name="Cached in the API")
    first = client.get(API_LIST)
    second = client.get(API_LIST)
    assert second.cache_status == "hit"
    assert second.json() == first.json()
    assert second["Access-Control-Allow-Origin"] == "*"
    assert second["ETag"] == first["ETag"]


def test_an_api_answer_is_kept_as_its_body_not_the_data_it_was_rendered_from(client, monkeypatch):
    # Every hit unpickles what was kept: the data behind a page of entries is thousands of
    # objects, the body one string.
    make_intervention(name="Kept as bytes")
    kept = {}

    class Recording:
        def get(self, key):
            return cache.get(key)

        def set(self, key, value, timeout):
            kept[key] = value
            cache.set(key, value, timeout)

    monkeypatch.setattr("web.middleware.cache", Recording())
    first = client.get(API_LIST)
    assert first.data["count"] == 1  # the fresh answer itself is left whole
    (answer,) = kept.values()
    assert answer.data is None
    second = client.get(API_LIST)
    assert second.cache_status == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_a_cached_api_answer_still_counts_against_the_rate(client, three_a_minute):
    make_intervention(name="Counted")
    statuses = [client.get(API_LIST).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get(API_LIST)
    assert refused.json()["retry_after"] > 0
    assert refused["Retry-After"] == str(refused.json()["retry_after"])
    assert refused["Access-Control-Allow-Origin"] == "*"


def test_a_fresh_api_answer_is_counted_once(client, three_a_minute):
    make_intervention(name="Counted once")
    # Three different addresses, all misses: the page cache and the API each see them.
    for page_size in (10, 20, 30):
        assert client.get(API_LIST, {"page_size": page_size}).status_code == 200
    assert client.get(API_LIST, {"page_size": 40}).status_code == 429


def test_a_cached_feed_still_counts_against_the_rate(client, three_a_minute):
    make_intervention(name="In the feed")
    statuses = [client.get("/interventions/feed/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_a_conditional_request_for_a_cached_api_answer_gets_a_304(client):
    make_intervention(name="Unchanged")
    etag = client.get(API_LIST)["ETag"]
    assert client.get(API_LIST).cache_status == "hit"
    response = client.get(API_LIST, HTTP_IF_NONE_MATCH=etag, HTTP_ORIGIN="https://example.org")
    assert response.status_code == 304
    # A script on another site can still read it.
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert 'rel="license"' in response["Link"]


def test_a_json_download_over_the_rate_is_refused_in_json(client, three_a_minute):
    make_intervention(name="Downloaded")
    for _ in range(3):
        assert client.get("/interventions/download.json").status_code == 200
    refused = client.get("/interventions/download.json")
    assert refused.status_code == 429
    assert refused.json()["retry_after"] > 0


def test_an_api_answer_asked_for_indented_is_not_served_to_others(client):
    make_intervention(name="Indented")
    indented = client.get(API_LIST, HTTP_ACCEPT="application/json; indent=4")
    plain = client.get(API_LIST, HTTP_ACCEPT="application/json")
    assert b"\n    " in indented.content
    assert b"\n" not in plain.content.strip()
    assert plain.cache_status == "miss"


def test_a_made_up_forwarded_address_does_not_buy_a_fresh_allowance(client, three_a_minute):
    """Without trusted proxies (NUM_PROXIES=0) only the connection's address counts."""
    make_intervention(name="Spoofed")
    for number in range(3):
        client.get(API_LIST, HTTP_X_FORWARDED_FOR=f"203.0.113.{number}")
    assert client.get(API_LIST, HTTP_X_FORWARDED_FOR="203.0.113.99").status_code == 429


def test_publishing_an_entry_shows_in_the_api_on_the_very_next_request(client):
    draft = make_intervention(name="Soon in the API", state=PublicationState.DRAFT)
    assert client.get(API_LIST).json()["count"] == 0
    draft.publication_state = PublicationState.PUBLISHED
    draft.save()
    assert [entry["name"] for entry in client.get(API_LIST).json()["results"]] == [
        "Soon in the API"
    ]


def test_an_answer_fetched_over_http_is_not_served_over_https(client, settings):
    """Its addresses are absolute, so the scheme is part of the answer (with
    SECURE_SSL_REDIRECT off, as on a private test host, both reach the cache)."""
    settings.SECURE_SSL_REDIRECT = False
    make_intervention(name="Either scheme", slug="either-scheme")
    plain = client.get(API_LIST)
    secure = client.get(API_LIST, secure=True)
    assert plain.json()["results"][0]["url"].startswith("http://")
    assert secure.cache_status == "miss"
    assert secure.json()["results"][0]["url"] == "https://testserver/interventions/either-scheme/"
    page = client.get("/interventions/", secure=True)
    assert page.cache_status == "miss"
    assert 'href="https://testserver/interventions/"' in page.content.decode()
