"""The filter options' rows, read with SQL compiled once per process: the rows the
queryset gives, and public sources only."""

import pytest

from interventions.filters.options import FilterOptions
from interventions.models import PublicationState
from tests.factories import make_intervention, make_source

pytestmark = pytest.mark.django_db


def test_the_rows_are_the_querysets_rows():
    make_intervention(sources=[make_source(slug="cited")])
    assert sorted(FilterOptions._read()) == sorted(FilterOptions._query())
    assert sorted(FilterOptions._read()) == sorted(FilterOptions._query())


def test_only_public_sources_are_options_however_often_they_are_read():
    public = make_source(slug="public-source", title="Public")
    hidden = make_source(slug="hidden-source", title="Hidden")
    make_intervention(sources=[public])
    draft = make_intervention(state=PublicationState.DRAFT, sources=[hidden])
    for _ in range(2):
        slugs = [option.slug for option in FilterOptions().by_name["source"]]
        assert "public-source" in slugs and "hidden-source" not in slugs
    draft.publication_state = PublicationState.PUBLISHED
    draft.save()
    slugs = [option.slug for option in FilterOptions().by_name["source"]]
    assert "hidden-source" in slugs
