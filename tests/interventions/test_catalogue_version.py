"""A withdrawn entry leaves every app server within CATALOGUE_VERSION_CHECK_SECONDS, even
when the shared cache could not be told about the change."""

from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import web.cache
from interventions import catalogue_cache
from interventions.catalogue_cache import DatabaseVersion
from interventions.models import CatalogueVersion, PublicationState
from tests.factories import make_intervention
from tests.outages import UNREACHABLE_REDIS
from web.cache import DegradingRedisCache

pytestmark = pytest.mark.django_db

CHECK_SECONDS = 5


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture(autouse=True)
def page_cache_on(settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 300
    settings.CATALOGUE_CACHE_SECONDS = 300
    settings.CATALOGUE_VERSION_CHECK_SECONDS = CHECK_SECONDS
    monkeypatch.setattr(web.cache, "_outages", {})
    cache.clear()
    yield
    cache.clear()


class AppServer:
    """One app server's own state: its copy of the database's version and its way to the
    shared cache (Django's default cache stands for Redis here)."""

    def __init__(self, clock, shared_cache=None):
        self.database_version = DatabaseVersion(clock=clock)
        self.shared_cache = shared_cache

    @contextmanager
    def serving(self, monkeypatch):
        with monkeypatch.context() as patch:
            patch.setattr(catalogue_cache, "database_version", self.database_version)
            if self.shared_cache is not None:
                patch.setattr(catalogue_cache, "cache", self.shared_cache)
            yield


def unreachable_redis():
    return DegradingRedisCache(UNREACHABLE_REDIS, {"KEY_PREFIX": "vvcp"})


def test_a_withdrawn_entry_leaves_the_other_server_once_it_checks_the_database(
    curator_client, clock, monkeypatch
):
    entry = make_intervention(name="Withdrawn while Redis was away")
    # Server A's curator unpublishes while A cannot reach Redis; server B reaches it fine.
    server_a = AppServer(clock, shared_cache=unreachable_redis())
    server_b = AppServer(clock)
    reader = Client()
    with server_b.serving(monkeypatch):
        assert reader.get(entry.get_absolute_url()).status_code == 200
        assert reader.get(entry.get_absolute_url()).cache_status == "hit"

    clock.now += 1
    with server_a.serving(monkeypatch):
        response = curator_client.post(
            reverse("admin:interventions_intervention_changelist"),
            {"action": "unpublish", "_selected_action": [entry.pk]},
        )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.publication_state == PublicationState.DRAFT

    with server_b.serving(monkeypatch):
        # Redis never heard of the change, so B keeps its copy until its next check...
        clock.now += CHECK_SECONDS - 1.1
        assert reader.get(entry.get_absolute_url()).cache_status == "hit"
        # ...which comes CATALOGUE_VERSION_CHECK_SECONDS after its last one, at the latest.
        clock.now += 0.2
        assert reader.get(entry.get_absolute_url()).status_code == 404
        assert (
            "Withdrawn while Redis was away" not in reader.get("/interventions/").content.decode()
        )
        assert reader.get("/api/v1/interventions/").json()["count"] == 0


def test_every_change_counts_the_database_version_up_in_its_own_transaction(curator_client):
    entry = make_intervention(name="Counted")
    before = CatalogueVersion.current()
    curator_client.post(
        reverse("admin:interventions_intervention_changelist"),
        {"action": "unpublish", "_selected_action": [entry.pk]},
    )
    assert CatalogueVersion.current() > before


def test_a_server_reads_the_database_version_once_per_interval(client, clock, monkeypatch):
    make_intervention(name="Read rarely")
    server = AppServer(clock)

    def version_reads(addresses):
        with CaptureQueriesContext(connection) as queries:
            for address in addresses:
                assert client.get(address).status_code == 200
        return sum("interventions_catalogueversion" in query["sql"] for query in queries)

    with server.serving(monkeypatch):
        assert version_reads(["/", "/interventions/", "/api/v1/interventions/", "/"]) == 1
        clock.now += CHECK_SECONDS - 0.5
        assert version_reads(["/themes/knife-crime/", "/interventions/?page=1"]) == 0
        clock.now += 1
        assert version_reads(["/forces/", "/outcomes/"]) == 1
