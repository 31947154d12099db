"""The API list and the CSV download give exactly the entries the HTML list shows, in the
same order, for the same address."""

import csv
import io
import json

import pytest
from django.urls import reverse

from tests.factories import make_intervention, make_report, make_source

pytestmark = pytest.mark.django_db

THEMES = ["county-lines", "knife-crime", "young-adults"]
FORCES = ["merseyside", "kent", "cumbria", "gwent"]
STAGES = ["untested", "early-outcomes", "locally-evaluated", "independently-evaluated"]
STATUSES = ["active", "ended", "pilot"]
WORDS = ["Youth", "Knife", "County", "Street", "School"]
AGES = [(10, 17), (18, 25), (None, None), (14, None)]

COMBINATIONS = [
    {},
    {"theme": "county-lines"},
    {"theme": ["county-lines", "knife-crime"], "region": "north-west"},
    {"q": "youth"},
    {"q": "youth work", "ordering": "name"},
    {"evidence_stage": ["locally-evaluated", "independently-evaluated"], "ordering": "evidence"},
    {"status": "active", "ordering": "-updated"},
    {"age": "15"},
    {"has_report": "true"},
    {"has_report": "false", "purpose": "prevention", "setting": "school"},
    {"source": "source-a", "ordering": "-name"},
    {"force": ["merseyside", "kent"], "ordering": "-evidence"},
    {"region": "wales", "theme": "young-adults", "status": ["ended", "pilot"]},
    {"q": "zebra"},
]


@pytest.fixture
def many_entries(theme, force):
    """Thirty-three entries, varied enough that every filter narrows them and the list
    runs to two pages."""
    source = make_source(slug="source-a")
    entries = []
    for number in range(33):
        age_min, age_max = AGES[number % len(AGES)]
        entry = make_intervention(
            name=f"{WORDS[number % len(WORDS)]} project {number:02}",
            summary="Youth work in the community." if number % 3 == 0 else "Other work.",
            themes=[theme(THEMES[number % 3]), theme(THEMES[(number + 1) % 3])][: number % 2 + 1],
            forces=[force(FORCES[number % 4])],
            purposes=["prevention"] if number % 2 else ["diversion"],
            settings=["school"] if number % 5 < 3 else ["custody"],
            sources=[source] if number % 4 == 0 else [],
            evidence_stage=STAGES[number % 4],
            status=STATUSES[number % 3],
            age_min=age_min,
            age_max=age_max,
        )
        entries.append(entry)
    make_report(entries[::6])
    make_intervention(name="Youth project draft", state="draft", themes=[theme("county-lines")])
    return entries


def html_slugs(client, params):
    slugs, page = [], 1
    while True:
        response = client.get(reverse("catalogue:list"), {**params, "page": page})
        assert response.context["notices"] == []
        slugs += [entry.slug for entry in response.context["interventions"]]
        if page >= response.context["paginator"].num_pages:
            return slugs
        page += 1


def api_slugs(client, params):
    slugs, page = [], 1
    while True:
        body = client.get(reverse("api:intervention-list"), {**params, "page": page}).json()
        slugs += [entry["slug"] for entry in body["results"]]
        if body["next"] is None:
            return slugs
        page += 1


def csv_slugs(client, params):
    response = client.get(reverse("downloads:csv"), params)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return [row["slug"] for row in csv.DictReader(io.StringIO(text))]


def json_slugs(client, params):
    response = client.get(reverse("downloads:json"), params)
    document = json.loads(b"".join(response.streaming_content))
    return [entry["slug"] for entry in document["interventions"]]


@pytest.mark.parametrize("params", COMBINATIONS, ids=lambda params: repr(params))
def test_the_api_lists_what_the_html_list_shows_in_the_same_order(client, many_entries, params):
    shown = html_slugs(client, params)
    assert api_slugs(client, params) == shown


@pytest.mark.parametrize("params", COMBINATIONS, ids=lambda params: repr(params))
def test_the_downloads_hold_what_the_html_list_shows_in_the_same_order(
    client, many_entries, params
):
    shown = html_slugs(client, params)
    assert csv_slugs(client, params) == shown
    assert json_slugs(client, params) == shown


def test_the_combinations_cover_empty_single_page_and_multi_page_results(client, many_entries):
    sizes = [len(html_slugs(client, params)) for params in COMBINATIONS]
    assert 33 in sizes
    assert any(0 < size < 20 for size in sizes)
    assert 0 in sizes
