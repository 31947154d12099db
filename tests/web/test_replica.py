"""Which database answers: the read replica for anonymous public reads, the primary for
writes, for what follows a write, and for staff (who must see their own changes).

The replica here is the test database itself, read through a connection of its own
(TEST MIRROR), so each test sees which connection ran the queries.
"""

import contextvars

import pytest
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alerts import sending
from alerts.models import Subscription
from interventions.models import CatalogueVersion, Intervention, Theme
from web import replica
from web.replica import ReplicaRouter

pytestmark = pytest.mark.django_db(databases=["default", "replica"])


@pytest.fixture(autouse=True)
def replica_on(settings):
    settings.READ_REPLICA = "replica"
    # Each test starts as an anonymous reader's request would, whatever a fixture wrote.
    token = replica._on_primary.set(False)
    yield
    replica._on_primary.reset(token)
    # Its own connection, which would otherwise keep the test database from being dropped.
    connections["replica"].close()


class Queries:
    def __init__(self):
        self.primary = CaptureQueriesContext(connections["default"])
        self.replica = CaptureQueriesContext(connections["replica"])

    def __enter__(self):
        self.primary.__enter__()
        self.replica.__enter__()
        return self

    def __exit__(self, *exc):
        self.replica.__exit__(*exc)
        self.primary.__exit__(*exc)

    @property
    def on_primary(self):
        return [query["sql"] for query in self.primary.captured_queries]

    @property
    def on_replica(self):
        return [query["sql"] for query in self.replica.captured_queries]


@pytest.mark.parametrize(
    "address", ["/", "/interventions/", "/themes/knife-crime/", "/api/v1/themes/", "/sitemap.xml"]
)
def test_an_anonymous_reader_is_served_from_the_replica(client, address):
    with Queries() as queries:
        response = client.get(address)
    assert response.status_code == 200
    assert queries.on_replica
    assert not queries.on_primary


def test_a_signed_in_curator_reads_the_primary(client, staff_user):
    client.force_login(staff_user)
    with Queries() as queries:
        assert client.get("/interventions/").status_code == 200
        assert client.get(reverse("admin:index")).status_code == 200
    assert queries.on_primary
    assert not queries.on_replica


def test_the_admins_sign_in_page_and_the_forms_read_the_primary(client):
    with Queries() as queries:
        client.get(reverse("admin:login"))
        client.get(reverse("submissions:share"))
        client.post(reverse("submissions:share"), {"title": "x"})
    assert not queries.on_replica


def test_writes_go_to_the_primary_and_what_follows_them_reads_it():
    router = ReplicaRouter()
    assert router.db_for_read(Theme) == "replica"
    theme = Theme.objects.first()
    with Queries() as queries:
        theme.save()
        Intervention.objects.count()
    assert router.db_for_write(Theme) == "default"
    assert queries.on_primary
    assert not queries.on_replica


def test_a_request_after_a_write_elsewhere_starts_on_the_replica_again(client):
    Theme.objects.first().save()
    with Queries() as queries:
        client.get("/themes/")
    assert queries.on_replica
    assert not queries.on_primary


def test_without_a_replica_everything_reads_the_primary(client, settings):
    settings.READ_REPLICA = None
    with Queries() as queries:
        client.get("/interventions/")
    assert queries.on_primary
    assert not queries.on_replica


def test_migrations_run_only_on_the_primary():
    router = ReplicaRouter()
    assert router.allow_migrate("default", "interventions")
    assert not router.allow_migrate("replica", "interventions")
    assert MigrationExecutor(connections["default"]).loader.graph.leaf_nodes()


def test_the_catalogue_version_is_read_where_readers_read_even_for_a_curator():
    """A number read from the primary could run ahead of a lagging replica's pages."""
    replica._on_primary.set(True)
    with Queries() as queries:
        CatalogueVersion.current()
    assert queries.on_replica
    assert not queries.on_primary


def test_outside_a_request_everything_reads_the_primary():
    """Commands, the shell and the alerts worker run outside any request."""
    with Queries() as queries:
        contextvars.Context().run(lambda: list(Theme.objects.all()))
    assert queries.on_primary
    assert not queries.on_replica


def test_the_alerts_worker_reads_a_new_alert_from_the_primary(mailoutbox):
    """A confirmation is queued the moment the alert is saved: a lagging replica would
    not have it yet, and the reader would never get the email."""
    subscription = Subscription.objects.create(
        email="reader@example.org", search="theme=knife-crime"
    )
    with Queries() as queries:
        sent = contextvars.Context().run(
            sending.send_confirmation, subscription.pk, progress=lambda line: None
        )
    assert sent
    assert len(mailoutbox) == 1
    assert queries.on_primary
    assert not queries.on_replica


def test_the_alert_pages_read_the_primary(client):
    with Queries() as queries:
        client.get("/alerts/?theme=knife-crime")
    assert queries.on_primary
    assert not queries.on_replica
