"""The API, the feed and every bulk download count against one rate per client address,
cached or not, signed in or not; the (N+1)th request in the window answers 429."""

import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import make_intervention, make_outcome, make_report

pytestmark = pytest.mark.django_db

RATE = 2


@pytest.fixture(autouse=True)
def low_rate(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": f"{RATE}/min"},
    }
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def entry():
    entry = make_intervention(name="Rated entry", slug="rated-entry")
    make_report([entry], slug="rated-report", title="Rated report")
    make_outcome(entry, measure="Rated figure")
    return entry


# Each counted address, and whether its 429 is in JSON.
COUNTED = [
    ("/outcomes/download.csv", False),
    ("/outcomes/download.csv?direction=reduction", False),
    ("/interventions/download.csv", False),
    ("/interventions/download.json", True),
    ("/interventions/feed/", False),
    ("/api/v1/interventions/", True),
    ("/api/v1/schema/", True),
]


@pytest.mark.parametrize("page_cache_seconds", [0, 300])
@pytest.mark.parametrize(("address", "in_json"), COUNTED)
def test_the_request_after_the_rate_is_refused_in_the_addresses_format(
    client, entry, settings, address, in_json, page_cache_seconds
):
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    for _ in range(RATE):
        assert client.get(address).status_code == 200
    refused = client.get(address)
    assert refused.status_code == 429
    wait = int(refused["Retry-After"])
    assert 0 < wait <= 60
    if in_json:
        assert refused.json()["retry_after"] == wait
    else:
        assert refused["Content-Type"] == "text/plain; charset=utf-8"
        assert f"Please wait {wait} second" in refused.content.decode()


def test_the_outcomes_download_shares_the_apis_rate(client, entry):
    assert client.get("/api/v1/interventions/").status_code == 200
    assert client.get("/interventions/download.csv").status_code == 200
    assert client.get("/outcomes/download.csv").status_code == 429


def test_a_signed_in_reader_is_counted_too(client, entry, staff_user):
    client.force_login(staff_user)
    statuses = [client.get("/outcomes/download.csv").status_code for _ in range(RATE + 1)]
    assert statuses == [200] * RATE + [429]


def test_another_address_has_its_own_rate(client, entry):
    for _ in range(RATE + 1):
        client.get("/outcomes/download.csv", REMOTE_ADDR="192.0.2.1")
    assert Client().get("/outcomes/download.csv", REMOTE_ADDR="192.0.2.2").status_code == 200


@pytest.mark.parametrize(
    "address",
    [
        "/interventions/rated-entry/cite.ris",
        "/reports/rated-report/cite.ris",
        "/interventions/rated-entry/",
        "/outcomes/",
    ],
)
def test_pages_and_single_citations_are_not_counted(client, entry, address):
    statuses = {client.get(address).status_code for _ in range(RATE + 3)}
    assert statuses == {200}
