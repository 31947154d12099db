"""The whole published catalogue's counts, kept by the database as entries change, equal
a fresh count after every kind of change a curator or an import makes."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from interventions.facets import FACETS, count_facets
from interventions.filters import InterventionFilterSet
from interventions.models import (
    Force,
    Intervention,
    PublicationState,
    PublishedKeyCount,
    Theme,
)
from tests.factories import make_intervention, make_rating, make_report, make_source

pytestmark = pytest.mark.django_db


def kept():
    counts = PublishedKeyCount.counts(FACETS)
    return dict(counts.options), counts.totals


def recounted():
    published = Intervention.objects.published()
    counts = count_facets(dict.fromkeys(FACETS, published), {"": published})
    return dict(counts.options), {"": counts.totals.get("", 0)}


def assert_counts_current():
    assert kept() == recounted()


@pytest.fixture
def entries():
    county_lines = Theme.objects.get(slug="county-lines")
    knife_crime = Theme.objects.get(slug="knife-crime")
    kent, sussex = Force.objects.get(slug="kent"), Force.objects.get(slug="sussex")
    return [
        make_intervention(themes=[county_lines], forces=[kent], settings=["school"]),
        make_intervention(themes=[county_lines, knife_crime], forces=[kent, sussex]),
        make_intervention(themes=[knife_crime], sources=[make_source(slug="shared")]),
        make_intervention(state=PublicationState.DRAFT, themes=[knife_crime], forces=[sussex]),
    ]


def test_new_entries_are_counted_and_drafts_are_not(entries):
    options, totals = kept()
    assert totals[""] == 3
    theme = Theme.objects.get(slug="knife-crime")
    assert options["theme"][str(theme.pk)] == 2
    assert_counts_current()


def test_publishing_and_unpublishing_an_entry_changes_the_counts(entries):
    draft = entries[3]
    draft.publication_state = PublicationState.PUBLISHED
    draft.save()
    assert kept()[1][""] == 4
    assert_counts_current()
    entries[0].publication_state = PublicationState.DRAFT
    entries[0].save()
    assert kept()[1][""] == 3
    assert_counts_current()


def test_changing_what_an_entry_is_filed_under_moves_its_counts(entries):
    entries[0].themes.set([Theme.objects.get(slug="knife-crime")])
    entries[1].forces.clear()
    entries[2].evidence_stage = "independently-evaluated"
    entries[2].save()
    make_report([entries[2]], is_evaluation=True)
    make_rating(entries[1], verdict="mixed")
    assert_counts_current()


def test_a_drafts_changes_leave_the_counts_alone(entries):
    before = kept()
    entries[3].themes.set([Theme.objects.get(slug="county-lines")])
    entries[3].forces.set([Force.objects.get(slug="kent")])
    assert kept() == before


def test_deleting_entries_and_bulk_changes_keep_the_counts_exact(entries):
    entries[1].delete()
    assert_counts_current()
    Intervention.objects.filter(pk=entries[0].pk).update(publication_state=PublicationState.DRAFT)
    assert kept()[1][""] == 1
    Intervention.objects.update(
        publication_state=PublicationState.PUBLISHED, published_at=timezone.now()
    )
    assert kept()[1][""] == 3
    assert_counts_current()
    Intervention.objects.all().delete()
    assert kept() == ({}, {"": 0})


def test_a_deleted_theme_is_no_longer_counted(entries):
    Theme.objects.get(slug="knife-crime").delete()
    assert_counts_current()


def test_the_theme_index_shows_a_new_count_as_soon_as_an_entry_is_published(client, entries):
    theme = Theme.objects.get(slug="knife-crime")
    assert f"({2}<span" in client.get("/themes/").content.decode()
    draft = entries[3]
    draft.publication_state = PublicationState.PUBLISHED
    draft.save()
    page = client.get("/themes/").content.decode()
    assert "files its 4 published entries" in page
    assert f'{theme.get_absolute_url()}">{theme.name}</a> <span class="count">(3<span' in page


def test_the_unfiltered_lists_counts_are_read_in_one_query_however_many_entries(entries):
    with CaptureQueriesContext(connection) as queries:
        PublishedKeyCount.counts(FACETS)
    assert len(queries) == 1


@pytest.mark.parametrize("query", ["q=intervention", "theme=knife-crime"])
def test_the_total_without_the_only_filter_is_every_published_entry(entries, query):
    facets = InterventionFilterSet.forgiving(QueryDict(query)).facets()
    name = query.split("=")[0]
    assert facets.total_without(name) == 3
    assert (
        facets.total
        == Intervention.objects.published()
        .filter(pk__in=InterventionFilterSet.forgiving(QueryDict(query)).qs.values("pk"))
        .count()
    )
