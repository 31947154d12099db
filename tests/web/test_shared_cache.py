"""What a shared cache in front of the site (a CDN, nginx) is allowed to keep.

Every anonymous public answer may be kept and shared for a short while and revalidated
cheaply; anything tied to a person (a session, a form's token, the admin) never is.
"""

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers

from interventions.models import Intervention, PublicationState
from tests.factories import make_intervention
from tests.test_query_bounds import ADDRESSES
from tests.test_query_bounds import catalogue as catalogue
from web.shared_cache import SharedCacheMiddleware, release_id

pytestmark = pytest.mark.django_db

PUBLIC_ADDRESSES = [
    address
    for address in ADDRESSES
    if not address.startswith(("/share-practice/", "/alerts/")) and address != "/no-such-page/"
]


@pytest.fixture(autouse=True)
def shared_cache_settings(settings):
    settings.SHARED_CACHE_SECONDS = 60
    settings.SHARED_CACHE_STALE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def entries(catalogue):
    catalogue(0, 4)
    return list(Intervention.objects.published().order_by("slug"))


def directives(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


def varies_by(response):
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


def is_private(response):
    return {"private", "no-store"} <= directives(response) and "public" not in directives(response)


@pytest.mark.parametrize("address", PUBLIC_ADDRESSES)
def test_every_public_address_may_be_kept_by_a_shared_cache_for_a_minute(client, entries, address):
    response = client.get(address)
    assert response.status_code == 200, address
    assert {"public", "s-maxage=60", "stale-while-revalidate=300", "max-age=0"} <= directives(
        response
    ), address
    assert response["ETag"], address
    assert "cookie" in varies_by(response), address
    assert not response.cookies, address


def test_api_answers_vary_by_accept_as_their_layout_follows_it(client, entries):
    response = client.get("/api/v1/interventions/")
    assert {"accept", "cookie"} <= varies_by(response)
    assert response.has_header("Last-Modified")
    page = client.get("/interventions/")
    assert "accept" not in varies_by(page)


def test_the_lifetimes_come_from_the_settings(client, entries, settings):
    settings.SHARED_CACHE_SECONDS = 15
    settings.SHARED_CACHE_STALE_SECONDS = 45
    assert {"s-maxage=15", "stale-while-revalidate=45"} <= directives(client.get("/"))


def test_with_no_shared_lifetime_shared_caches_must_ask_every_time(client, entries, settings):
    settings.SHARED_CACHE_SECONDS = 0
    assert directives(client.get("/")) == {"public", "no-cache"}


@pytest.mark.parametrize(
    "address", ["/", "/interventions/entry-000/", "/interventions/download.csv"]
)
def test_an_unchanged_page_is_revalidated_with_an_empty_304(client, entries, address):
    first = client.get(address)
    again = client.get(address, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert "public" in directives(again)
    assert "cookie" in varies_by(again)


def test_a_curators_change_gives_the_page_a_new_etag_and_the_new_content(client, entries):
    entry = entries[0]
    first = client.get(entry.get_absolute_url())
    entry.name = "Renamed by a curator"
    entry.save()
    again = client.get(entry.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert "Renamed by a curator" in again.content.decode()
    assert again["ETag"] != first["ETag"]


def test_a_withdrawn_entry_is_not_revalidated_but_gone(client, entries):
    entry = entries[1]
    first = client.get(entry.get_absolute_url())
    entry.publication_state = PublicationState.DRAFT
    entry.save()
    again = client.get(entry.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 404
    assert is_private(again)


def test_two_addresses_never_share_an_etag(client, entries):
    home = client.get("/")["ETag"]
    listing = client.get("/interventions/")
    assert listing["ETag"] != home
    assert client.get("/interventions/", HTTP_IF_NONE_MATCH=home).status_code == 200


def test_an_etag_for_another_host_is_not_revalidated(client, entries):
    """Pages write absolute addresses, so each host has its own copy."""
    etag = client.get("/", HTTP_HOST="localhost")["ETag"]
    assert client.get("/", HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.parametrize(
    "etag", ["", "*junk*", '"' + "x" * 10_000 + '"', 'W/"\x00"', '"a", "b", W/"c"']
)
def test_a_malformed_or_hostile_etag_gets_the_full_page(client, entries, etag):
    response = client.get("/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "public" in directives(response)


def test_an_api_revalidation_still_counts_against_the_rate(client, entries, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/min"},
    }
    etag = client.get("/api/v1/themes/")["ETag"]
    assert client.get("/api/v1/themes/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    refused = client.get("/api/v1/themes/", HTTP_IF_NONE_MATCH=etag)
    assert refused.status_code == 429
    assert is_private(refused)


# Private: never kept by a shared cache.


def test_a_signed_in_curator_gets_private_pages_everywhere(client, staff_user, entries):
    client.force_login(staff_user)
    for address in ["/", "/interventions/", "/interventions/entry-000/", "/api/v1/themes/"]:
        assert is_private(client.get(address)), address


def test_a_curator_holding_the_anonymous_etag_still_gets_a_fresh_page(client, staff_user, entries):
    etag = client.get("/")["ETag"]
    client.force_login(staff_user)
    response = client.get("/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert is_private(response)


def test_the_admin_and_its_sign_in_page_are_private(client, staff_user):
    sign_in = client.get(reverse("admin:login"))
    assert sign_in.status_code == 200
    assert is_private(sign_in)
    client.force_login(staff_user)
    assert is_private(client.get(reverse("admin:index")))


@pytest.mark.parametrize(
    "address",
    ["/share-practice/", "/share-practice/correction/", "/alerts/?theme=knife-crime"],
)
def test_the_forms_with_their_token_are_private(client, address):
    # A second visit, its CSRF cookie already set, must not make the form public.
    client.get(address)
    response = client.get(address)
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert is_private(response)


def test_a_posted_form_is_private(client):
    response = client.post(reverse("submissions:share"), {"title": "x"})
    assert is_private(response)


def test_a_page_setting_a_cookie_is_private_whatever_its_address(rf):
    def sets_a_cookie(request):
        response = HttpResponse("<h1>A page</h1>")
        response.set_cookie("csrftoken", "token")
        return response

    response = SharedCacheMiddleware(sets_a_cookie)(rf.get("/themes/"))
    assert is_private(response)


def test_a_reader_with_flash_messages_gets_a_private_page(client, entries):
    client.cookies["messages"] = "something"
    assert is_private(client.get("/"))


@pytest.mark.parametrize(
    "address",
    [
        "/interventions/no-such-entry/",
        "/interventions/download.json?theme=no-such-theme",
        "/interventions/download.csv?theme=%00",
        "/api/v1/interventions/no-such-entry/",
        "/healthz",
    ],
)
def test_errors_and_the_health_check_are_never_shared(client, entries, address):
    response = client.get(address)
    assert response.status_code != 200 or address == "/healthz"
    assert "no-store" in directives(response)
    assert "public" not in directives(response)


def test_static_files_keep_their_own_long_lived_headers(client):
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert "public" in directives(response)
    assert "cookie" not in varies_by(response)


def test_a_draft_never_reaches_a_shared_cache(client):
    draft = make_intervention(name="Secret draft", state=PublicationState.DRAFT)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 404
    assert "public" not in directives(response)
    listing = client.get("/interventions/")
    assert "public" in directives(listing)
    assert "Secret draft" not in listing.content.decode()


def test_a_public_answer_keeps_what_its_view_said_it_varies_by(rf):
    def view(request):
        response = HttpResponse("ok")
        patch_vary_headers(response, ["Origin"])
        return response

    response = SharedCacheMiddleware(view)(rf.get("/themes/"))
    assert {"origin", "cookie"} <= varies_by(response)


def test_a_page_of_the_previous_release_is_not_revalidated(client, entries, settings):
    """After a deployment, a shared cache gets the new release's page, not a 304."""
    settings.RELEASE_ID = "release-1"
    release_id.cache_clear()
    etag = client.get("/themes/")["ETag"]
    assert client.get("/themes/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    settings.RELEASE_ID = "release-2"
    release_id.cache_clear()
    try:
        assert client.get("/themes/", HTTP_IF_NONE_MATCH=etag).status_code == 200
    finally:
        release_id.cache_clear()
