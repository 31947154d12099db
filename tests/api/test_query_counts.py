"""Queries per API answer stay the same whatever the number of rows."""

import pytest
from django.urls import reverse

from interventions.models import Force, Theme
from tests.factories import (
    make_funding,
    make_intervention,
    make_organisation,
    make_outcome,
    make_report,
    make_session,
    make_source,
    shared_across_tests,
)

pytestmark = pytest.mark.django_db

SIZES = [5, 200]


@pytest.fixture(scope="module", params=SIZES)
def size(request):
    return request.param


@pytest.fixture(scope="module")
def entries(size, django_db_setup, django_db_blocker):
    """``size`` richly linked entries, each with a report, figures, funding and a session.

    Built once per size for the module.
    """
    with shared_across_tests(django_db_blocker):
        source = make_source(slug="shared-source")
        themes = [Theme.objects.get(slug="county-lines"), Theme.objects.get(slug="knife-crime")]
        forces = [Force.objects.get(slug="kent"), Force.objects.get(slug="sussex")]
        partner = make_organisation(slug="shared-partner", force_area=forces[0])
        entries = []
        for number in range(size):
            entry = make_intervention(
                name=f"Entry {number:03}",
                themes=themes,
                forces=forces,
                purposes=["prevention"],
                settings=["school", "community"],
                sources=[source],
                partners=[(partner, "lead"), (partner, "funder")],
            )
            report = make_report([entry], source=source, evaluator=partner, publisher=partner)
            make_outcome(entry, source=source, report=report)
            make_funding(entry, source=source, funder=partner)
            entries.append(entry)
        make_session(entries, source=source)
        make_intervention(state="draft", themes=themes, forces=forces)
        yield entries


# The option lists the filters are checked against; the count; the page of entries;
# their related rows (themes, forces, purposes and settings with their reports' published
# entries; partners, funding, reports, figures, seminar sessions and sources), sent
# together in one round trip; the time of the latest change: one query each.
INTERVENTION_LIST_QUERIES = 5


def test_a_page_of_interventions_takes_the_same_queries_for_any_catalogue(
    client, entries, size, django_assert_num_queries
):
    with django_assert_num_queries(INTERVENTION_LIST_QUERIES):
        response = client.get(reverse("api:intervention-list"), {"page_size": 100})
    assert response.json()["count"] == size


def test_a_filtered_searched_sorted_page_takes_the_same_queries(
    client, entries, size, django_assert_num_queries
):
    params = {
        "q": "entry",
        "theme": ["county-lines", "knife-crime"],
        "region": "south-east",
        "setting": "school",
        "has_report": "true",
        "age": "14",
        "ordering": "evidence",
        "page_size": "100",
    }
    # A search also checks once whether its words match as typed.
    with django_assert_num_queries(INTERVENTION_LIST_QUERIES + 1):
        response = client.get(reverse("api:intervention-list"), params)
    assert response.json()["count"] == size


def test_one_intervention_takes_three_queries(client, entries, size, django_assert_num_queries):
    entry = entries[0]
    # The entry; the lists it nests, in one round trip (as above); the latest change.
    with django_assert_num_queries(3):
        response = client.get(reverse("api:intervention-detail", args=[entry.slug]))
    assert response.json()["slug"] == entry.slug


# Count, page, published entries, latest change. Organisations add their force areas
# and reports their sources and organisations to the page's query; figures need no
# second list.
OTHER_LIST_QUERIES = {
    "theme": 4,
    "force": 4,
    "source": 4,
    "organisation": 4,
    "report": 4,
    "outcome": 3,
}


def test_other_lists_take_the_same_queries_for_any_catalogue(
    client, entries, size, django_assert_num_queries
):
    for name, queries in OTHER_LIST_QUERIES.items():
        with django_assert_num_queries(queries):
            response = client.get(reverse(f"api:{name}-list"), {"page_size": 100})
        assert response.status_code == 200, name
