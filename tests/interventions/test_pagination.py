"""Deep pages are found by their keys first (interventions.pagination.Paginator): each
shows exactly the rows, in the order and with the facts, that reading the list directly
gives, whether its keys are counted from the start of the list or back from its end."""

from urllib.parse import urlencode

import pytest
from django.core import paginator as django_paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interventions.models import EvidenceStage, Intervention, PublicationState
from interventions.pagination import Paginator
from tests.factories import make_intervention, make_outcome, make_rating, make_report

pytestmark = pytest.mark.django_db

ORDERINGS = ["name", "-name", "-updated", "updated", "evidence", "-evidence"]
STAGES = EvidenceStage.values


@pytest.fixture
def catalogue():
    """31 published entries whose names and evidence stages tie, so that the last sort
    keys decide; some with reports and verdicts; drafts that must never show."""
    entries = []
    for number in range(31):
        entry = make_intervention(
            name=f"Entry {number % 7}", evidence_stage=STAGES[number % len(STAGES)]
        )
        if number % 3 == 0:
            make_report([entry])
        if number % 6 == 0:
            make_rating(entry, verdict="mixed")
        entries.append(entry)
    for number in range(5):
        make_intervention(name=f"Entry {number}", state=PublicationState.DRAFT)
    return entries


def card(entry):
    return (entry.pk, entry.name, entry.report_count, entry.verdict)


@pytest.mark.parametrize("ordering", ORDERINGS)
@pytest.mark.parametrize("orphans", [0, 1])
def test_every_page_shows_what_reading_the_list_directly_shows(catalogue, ordering, orphans):
    entries = Intervention.objects.published().with_card_facts().ordered_by(ordering)
    direct = django_paginator.Paginator(entries, 2, orphans=orphans)
    by_keys = Paginator(entries, 2, orphans=orphans)
    by_keys.DIRECT_PAGES = 0
    assert by_keys.num_pages == direct.num_pages
    for number in direct.page_range:
        expected = [card(entry) for entry in direct.page(number).object_list]
        assert [card(entry) for entry in by_keys.page(number).object_list] == expected, number


def test_a_deep_page_reads_whole_rows_for_its_own_entries_only(catalogue):
    entries = Intervention.objects.published().with_card_facts().ordered_by("name")
    pages = Paginator(entries, 2)
    assert pages.num_pages > pages.DIRECT_PAGES
    with CaptureQueriesContext(connection) as queries:
        list(pages.page(pages.DIRECT_PAGES + 1).object_list)
    (statement,) = [query["sql"] for query in queries.captured_queries]
    # The skipped rows are read for their keys alone, in a subquery; the whole rows (and
    # their report counts and verdicts) only for the page's own keys.
    outer, keys = statement.split(" IN (SELECT ", 1)
    assert "OFFSET" not in outer and "report_count" in outer
    assert "OFFSET" in keys and "report_count" not in keys


def test_the_first_pages_are_read_directly(catalogue):
    entries = Intervention.objects.published().with_card_facts().ordered_by("name")
    with CaptureQueriesContext(connection) as queries:
        list(Paginator(entries, 2).page(Paginator.DIRECT_PAGES).object_list)
    assert " IN (SELECT " not in queries.captured_queries[0]["sql"]


@pytest.mark.parametrize(
    "path, query, last",
    [
        ("/interventions/", {}, "last"),
        ("/interventions/", {"ordering": "-updated"}, "last"),
        ("/interventions/", {"q": "entry", "ordering": "relevance"}, "last"),
        ("/api/v1/interventions/", {"page_size": 2}, "16"),
        ("/outcomes/", {}, "last"),
    ],
)
def test_public_pages_show_the_same_deep_pages(client, catalogue, monkeypatch, path, query, last):
    for entry in catalogue:
        make_outcome(entry)
    pages = {}
    for direct_pages in (1000, 0):
        monkeypatch.setattr(Paginator, "DIRECT_PAGES", direct_pages)
        pages[direct_pages] = [
            client.get(f"{path}?{urlencode({**query, 'page': page})}").content
            for page in ("2", last)
        ]
    assert pages[0] == pages[1000]
    assert b"Entry" in pages[0][1]
