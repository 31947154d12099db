"""The home page's counts: the whole published catalogue, by theme, force, region, source
and evidence stage, from the same counts as the unfiltered list."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interventions import catalogue_cache
from tests.factories import make_intervention, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(theme, force):
    source = make_source(slug="counted-source")
    # Two entries in the south east, one led by two of its forces: the region counts 2.
    make_intervention(
        themes=[theme("county-lines"), theme("knife-crime")],
        forces=[force("kent"), force("sussex")],
        sources=[source],
        evidence_stage="locally-evaluated",
    )
    make_intervention(themes=[theme("knife-crime")], forces=[force("kent")])
    make_intervention(themes=[theme("county-lines")], forces=[force("metropolitan")])
    make_intervention(
        state="draft",
        themes=[theme("county-lines")],
        forces=[force("kent")],
        sources=[source],
        evidence_stage="locally-evaluated",
    )


def home(client):
    return client.get(reverse("catalogue:home")).context


def test_home_counts_every_published_entry_once_per_theme_force_region_and_source(
    client, catalogue
):
    context = home(client)
    themes = {theme.slug: theme.entry_count for theme in context["themes"]}
    assert themes["county-lines"] == 2 and themes["knife-crime"] == 2
    regions = {region["value"]: region for region in context["regions"]}
    assert regions["south-east"]["entry_count"] == 2
    assert regions["london"]["entry_count"] == 1
    forces = {
        force.slug: force.entry_count for region in regions.values() for force in region["forces"]
    }
    assert forces["kent"] == 2 and forces["sussex"] == 1 and forces["dorset"] == 0
    sources = {source.slug: source.entry_count for source in context["sources"]}
    assert sources["counted-source"] == 1
    assert context["entry_count"] == 3


def test_the_unfiltered_list_reuses_the_home_pages_filter_options(client, catalogue, settings):
    settings.CATALOGUE_CACHE_SECONDS = 300

    def list_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("catalogue:list"))
        assert response.context["facets"].total == 3
        return len(queries)

    # The catalogue's version is read from the database once per interval, not per request:
    # read it now so that neither count below includes it.
    catalogue_cache.database_version.get()
    cache.clear()
    counted_afresh = list_queries()
    cache.clear()
    home(client)
    # Everything but the query that reads the filter options, which the home page kept for
    # this catalogue version. The counts are never counted: one small read of the counts
    # the database keeps (interventions.PublishedKeyCount), on every request.
    assert list_queries() == counted_afresh - 1
    cache.clear()
