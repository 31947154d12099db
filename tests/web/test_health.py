from unittest import mock

import pytest
from django.db import OperationalError

from tests.outages import redis_unreachable  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_health_check_reports_a_reachable_database_and_a_local_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "local"}
    assert "no-cache" in response["Cache-Control"]


def test_the_health_check_answers_503_when_the_database_is_down(client):
    with mock.patch("web.health.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["database"] == "unreachable"


@pytest.mark.usefixtures("redis_unreachable")
def test_an_unreachable_redis_is_reported_but_keeps_the_server_in_service(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unreachable"}


@pytest.mark.usefixtures("redis_unreachable")
def test_a_reachable_redis_is_reported(client):
    with mock.patch("redis.Redis.ping", return_value=True):
        response = client.get("/healthz")
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.usefixtures("redis_unreachable")
def test_the_database_decides_the_503_whatever_the_cache(client):
    with mock.patch("web.health.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "unreachable",
        "cache": "unreachable",
    }
