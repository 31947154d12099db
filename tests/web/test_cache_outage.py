"""With Redis unreachable the site keeps serving, uncached, and its rate limits still hold."""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from interventions.models import PublicationState, Theme
from tests.factories import make_intervention, make_outcome, make_report
from tests.outages import redis_unreachable  # noqa: F401
from web.cache import Outage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("redis_unreachable")]


@pytest.fixture
def entry():
    entry = make_intervention(
        name="Served without Redis",
        slug="served-without-redis",
        themes=[Theme.objects.get(slug="knife-crime")],
    )
    make_report([entry], slug="served-report", title="Served report")
    make_outcome(entry, measure="Served figure")
    return entry


PUBLIC_ADDRESSES = [
    "/",
    "/interventions/",
    "/interventions/?theme=knife-crime",
    "/interventions/served-without-redis/",
    "/themes/knife-crime/",
    "/forces/",
    "/outcomes/",
    "/outcomes/download.csv",
    "/interventions/download.csv",
    "/interventions/download.json",
    "/interventions/feed/",
    "/interventions/served-without-redis/cite.ris",
    "/reports/served-report/cite.ris",
    "/compare/?items=served-without-redis",
    "/sitemap.xml",
    "/share-practice/",
    "/api/v1/",
    "/api/v1/interventions/",
    "/api/v1/interventions/served-without-redis/",
    "/api/v1/schema/",
]


@pytest.mark.parametrize("address", PUBLIC_ADDRESSES)
def test_every_public_address_answers_and_is_not_served_from_a_cache(client, entry, address):
    first = client.get(address)
    second = client.get(address)
    assert first.status_code == second.status_code == 200
    assert getattr(second, "cache_status", "bypass") != "hit"


def test_the_outage_is_logged_once_not_on_every_request(client, caplog):
    with caplog.at_level(logging.WARNING, logger="web.cache"):
        make_intervention(name="Saved while Redis is away")
        for _ in range(5):
            assert client.get("/interventions/").status_code == 200
    warnings = [record for record in caplog.records if record.name == "web.cache"]
    assert len(warnings) == 1
    assert "Redis cache unreachable" in warnings[0].getMessage()


def test_an_unpublished_entry_disappears_at_once(entry, curator_client):
    reader = Client()
    assert "Served without Redis" in reader.get("/interventions/").content.decode()
    response = curator_client.post(
        reverse("admin:interventions_intervention_changelist"),
        {"action": "unpublish", "_selected_action": [entry.pk]},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.publication_state == PublicationState.DRAFT
    assert "Served without Redis" not in reader.get("/interventions/").content.decode()
    assert reader.get(entry.get_absolute_url()).status_code == 404
    assert reader.get("/api/v1/interventions/served-without-redis/").status_code == 404


@pytest.fixture
def three_a_minute(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/min"},
    }


@pytest.mark.usefixtures("three_a_minute")
@pytest.mark.parametrize(
    "address", ["/api/v1/interventions/", "/interventions/download.csv", "/outcomes/download.csv"]
)
def test_the_rate_still_holds_counted_in_the_process_own_memory(client, entry, address):
    statuses = [client.get(address).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert int(client.get(address)["Retry-After"]) > 0


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_redis_is_left_alone_for_a_while_then_tried_again(caplog):
    clock = FakeClock()
    outage = Outage(retry_seconds=5, clock=clock)
    with caplog.at_level(logging.INFO, logger="web.cache"):
        outage.started_or_continues(ConnectionError("refused"))
        assert outage.skips_redis()
        clock.now += 5
        assert not outage.skips_redis()
        outage.started_or_continues(ConnectionError("refused"))  # within the minute: quiet
        clock.now += 60
        outage.started_or_continues(ConnectionError("refused"))  # a reminder
        outage.ended()
    assert [record.getMessage().split(" (")[0] for record in caplog.records] == [
        "Redis cache unreachable",
        "Redis cache still unreachable",
        "Redis cache reachable again; back to the shared cache",
    ]
    assert not outage.is_on


def test_a_redis_that_answers_with_errors_is_done_without_too(client, entry, settings, monkeypatch):
    """Redis out of memory (or otherwise refusing commands) answers every write with an
    error reply rather than dropping the connection; readers must not see a 500."""
    import redis
    from django.core.cache.backends.redis import RedisCacheClient

    def refuse(*args, **kwargs):
        raise redis.exceptions.ResponseError(
            "OOM command not allowed when used memory > 'maxmemory'."
        )

    monkeypatch.setattr(RedisCacheClient, "get_client", refuse)
    for address in ("/", "/interventions/", "/api/v1/interventions/", "/healthz"):
        assert client.get(address).status_code == 200, address
