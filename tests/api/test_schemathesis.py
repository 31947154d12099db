"""The API against its own OpenAPI schema, in-process: generated requests, well-formed
and malformed, never get a server error, and every answer matches the schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import make_intervention, make_outcome, make_report
from vvcp.wsgi import application

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
# Every operation of the schema; test_schema.py checks the schema has no others.
OPERATIONS = [
    "/api/v1/interventions/",
    "/api/v1/interventions/{slug}/",
    "/api/v1/themes/",
    "/api/v1/themes/{slug}/",
    "/api/v1/forces/",
    "/api/v1/forces/{slug}/",
    "/api/v1/organisations/",
    "/api/v1/organisations/{slug}/",
    "/api/v1/reports/",
    "/api/v1/reports/{slug}/",
    "/api/v1/outcomes/",
    "/api/v1/outcomes/{id}/",
    "/api/v1/outcomes/{intervention}/{key}/",
    "/api/v1/sources/",
    "/api/v1/sources/{slug}/",
]


@pytest.fixture
def api_schema(theme, force):
    """The schema as the running app serves it, over a small catalogue with a draft."""
    entry = make_intervention(
        slug="knife-work",
        themes=[theme("knife-crime")],
        forces=[force("kent")],
        age_min=10,
        age_max=17,
    )
    make_outcome(entry, key="figure")
    make_report([entry], slug="report")
    make_intervention(slug="secret", state="draft")
    # As Django's test client does: the app must not close the test's database connection
    # (and with it the test's transaction) at the end of each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_the_operations_tested_are_those_the_schema_describes(api_schema):
    described = {result.ok().path for result in api_schema.get_all_operations()}
    assert described == set(OPERATIONS)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("path", OPERATIONS)
def test_the_api_keeps_to_its_schema(api_schema, path, mode):
    operation = api_schema[path]["GET"]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=20,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def keeps_to_schema(case):
        case.call_and_validate(checks=CHECKS)

    keeps_to_schema()
