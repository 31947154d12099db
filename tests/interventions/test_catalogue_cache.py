import pytest
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from interventions.filters import InterventionFilterSet
from interventions.models import Intervention, PublicationState, Theme
from tests.factories import make_intervention

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalogue_cache_on(settings):
    settings.CATALOGUE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def knife_crime_count(query_string=""):
    facets = InterventionFilterSet.forgiving(QueryDict(query_string)).facets()
    return {option.value: option.count for option in facets.options("theme")}["knife-crime"]


@pytest.fixture
def knife_crime():
    return Theme.objects.get(slug="knife-crime")


def test_facet_counts_are_computed_once_per_catalogue_version(knife_crime):
    make_intervention(themes=[knife_crime])
    assert knife_crime_count() == 1
    with CaptureQueriesContext(connection) as queries:
        assert knife_crime_count() == 1
    # Only the filter's option lists are read again, never the entries.
    assert not [query for query in queries if "interventions_intervention" in query["sql"]]


def test_publishing_an_entry_updates_the_cached_counts_at_once(knife_crime):
    draft = make_intervention(themes=[knife_crime], state=PublicationState.DRAFT)
    assert knife_crime_count() == 0
    draft.publication_state = PublicationState.PUBLISHED
    draft.save()
    assert knife_crime_count() == 1


def test_a_bulk_unpublish_updates_the_cached_counts_at_once(knife_crime, curator):
    entry = make_intervention(themes=[knife_crime])
    assert knife_crime_count() == 1
    Intervention.objects.filter(pk=entry.pk).unpublish(by=curator)
    assert knife_crime_count() == 0


def test_each_filter_has_its_own_cached_counts(knife_crime):
    make_intervention(themes=[knife_crime], status="pilot")
    make_intervention(themes=[knife_crime], status="active")
    assert knife_crime_count() == 2
    assert knife_crime_count("status=pilot") == 1


def test_the_home_page_counts_follow_a_publish_at_once(client, knife_crime):
    draft = make_intervention(themes=[knife_crime], state=PublicationState.DRAFT)
    themes = {theme.slug: theme.entry_count for theme in client.get("/").context["themes"]}
    assert themes["knife-crime"] == 0
    draft.publication_state = PublicationState.PUBLISHED
    draft.save()
    themes = {theme.slug: theme.entry_count for theme in client.get("/").context["themes"]}
    assert themes["knife-crime"] == 1


def test_the_home_page_reuses_its_counts_within_a_catalogue_version(
    client, knife_crime, django_assert_max_num_queries
):
    make_intervention(themes=[knife_crime])
    client.get("/")
    # Only the recently updated entries, with their report counts, themes and forces.
    with django_assert_max_num_queries(3):
        client.get("/")
