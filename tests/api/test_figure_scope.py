"""Whom a figure counts, in the API, its schema and the downloads, on the seeded catalogue."""

import csv
import io
import json

import pytest
import yaml
from django.urls import reverse

pytestmark = pytest.mark.django_db

SUSSEX = "habitual-knife-carriers-project"


@pytest.fixture
def seeded(seeded_catalogue):
    pass


def body_of(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_the_api_gives_each_figure_its_scope_caveat_and_section(api, seeded):
    entry = api(reverse("api:intervention-detail", args=[SUSSEX])).json()
    figures = {figure["key"]: figure for figure in entry["outcomes"]}
    wide = figures["sussex-public-place-serious-violence"]
    assert wide["scope"] == "area"
    assert wide["scope_caveat"].startswith("Area-wide figure: it counts everyone in the area")
    assert wide["scope_section"].startswith("Case study 3: Sussex")
    assert figures["vrp-individuals-reached"]["scope"] == "programme"
    own = figures["offending-occurrences"]
    assert (own["scope"], own["scope_caveat"]) == ("participants", "")


def test_the_schema_declares_the_scope_fields_and_their_choices(client):
    schema = yaml.safe_load(client.get(reverse("api:schema")).content)
    outcome = schema["components"]["schemas"]["Outcome"]["properties"]
    assert {"scope", "scope_caveat", "scope_section"} <= set(outcome)
    scope = outcome["scope"]
    if "$ref" in scope:
        scope = schema["components"]["schemas"][scope["$ref"].rsplit("/", 1)[1]]
    elif "allOf" in scope:
        scope = schema["components"]["schemas"][scope["allOf"][0]["$ref"].rsplit("/", 1)[1]]
    assert set(scope["enum"]) == {"participants", "area", "programme", "not-stated"}


def test_the_csv_download_marks_wider_figures_in_the_outcomes_cell(client, seeded):
    body = body_of(client.get(reverse("downloads:csv"))).decode("utf-8").removeprefix("\ufeff")
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(body))}
    outcomes = rows[SUSSEX]["outcomes"]
    assert "[Area-wide figure]" in outcomes
    assert "[Whole programme or unit]" in outcomes
    own = next(part for part in outcomes.split("; ") if part.startswith("Occurrences"))
    assert "[" not in own


def test_the_json_download_gives_the_scope_of_each_figure(client, seeded):
    body = json.loads(body_of(client.get(reverse("downloads:json"))))
    entry = next(item for item in body["interventions"] if item["slug"] == SUSSEX)
    scopes = {figure["key"]: figure["scope"] for figure in entry["outcomes"]}
    assert scopes["brighton-hove-fewer-offences"] == "area"
