"""The published entries' facet keys kept apart (PublishedFacetKeys) follow every kind of
change a curator or an import makes, and the filtered list's counts read from them equal
a fresh count over the entries themselves."""

from collections import Counter

import pytest
from django.http import QueryDict
from django.utils import timezone

from interventions.facet_index import SEPARATOR, refresh_facet_keys
from interventions.facets import FACETS
from interventions.filters import InterventionFilterSet
from interventions.models import (
    Force,
    Intervention,
    PublicationState,
    PublishedFacetKeys,
    Theme,
)
from tests.factories import make_intervention, make_rating, make_report, make_source

pytestmark = pytest.mark.django_db


def kept():
    """Every kept row, with each facet's own column."""
    columns = ["facet_keys", *(PublishedFacetKeys.column(name) for name in FACETS)]
    return {row[0]: list(row[1:]) for row in PublishedFacetKeys.objects.values_list("id", *columns)}


def expected():
    """The published entries' keys as the entries' own rows hold them."""
    rows = {}
    for pk, keys in Intervention.objects.published().values_list("pk", "facet_keys"):
        keys = keys or []
        rows[pk] = [
            keys,
            *([key for key in keys if key.startswith(f"{name}{SEPARATOR}")] for name in FACETS),
        ]
    return rows


def assert_kept_current():
    assert kept() == expected()


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


def test_published_entries_are_kept_and_drafts_are_not(entries):
    assert set(kept()) == {entry.pk for entry in entries[:3]}
    theme = Theme.objects.get(slug="knife-crime")
    row = PublishedFacetKeys.objects.get(pk=entries[2].pk)
    assert row.theme_keys == [f"theme:{theme.pk}"]
    assert row.has_report_keys == ["has_report:false"]
    assert_kept_current()


def test_publishing_and_unpublishing_an_entry_adds_and_removes_its_row(entries):
    draft = entries[3]
    draft.publication_state = PublicationState.PUBLISHED
    draft.save()
    assert draft.pk in kept()
    assert_kept_current()
    entries[0].publication_state = PublicationState.DRAFT
    entries[0].save()
    assert entries[0].pk not in kept()
    assert_kept_current()


def test_changing_what_an_entry_is_filed_under_changes_its_row(entries):
    entries[0].themes.set([Theme.objects.get(slug="knife-crime")])
    entries[1].forces.clear()
    entries[2].evidence_stage = "independently-evaluated"
    entries[2].save()
    make_report([entries[2]], is_evaluation=True)
    make_rating(entries[1], verdict="mixed")
    assert PublishedFacetKeys.objects.get(pk=entries[1].pk).force_keys == []
    assert PublishedFacetKeys.objects.get(pk=entries[2].pk).has_report_keys == ["has_report:true"]
    assert_kept_current()


def test_a_drafts_changes_leave_the_rows_alone(entries):
    before = kept()
    entries[3].themes.set([Theme.objects.get(slug="county-lines")])
    entries[3].forces.set([Force.objects.get(slug="kent")])
    assert kept() == before


def test_deletes_bulk_updates_and_bulk_refreshes_keep_the_rows_exact(entries):
    entries[1].delete()
    assert_kept_current()
    Intervention.objects.filter(pk=entries[0].pk).update(publication_state=PublicationState.DRAFT)
    assert set(kept()) == {entries[2].pk}
    Intervention.objects.update(
        publication_state=PublicationState.PUBLISHED, published_at=timezone.now()
    )
    assert set(kept()) == {entries[0].pk, entries[2].pk, entries[3].pk}
    assert_kept_current()
    Intervention.objects.update(facet_keys=None)
    assert all(row[0] == [] for row in kept().values())
    refresh_facet_keys()
    assert_kept_current()
    Intervention.objects.all().delete()
    assert kept() == {}


def test_a_deleted_theme_leaves_no_row_behind_with_it(entries):
    Theme.objects.get(slug="knife-crime").delete()
    assert_kept_current()


# The list's counts ----------------------------------------------------------------------

QUERIES = [
    "theme=county-lines",
    "theme=county-lines&theme=knife-crime",
    "theme=county-lines&theme=knife-crime&match=all",
    "theme=knife-crime&force=kent&setting=school",
    "region=south-east&has_report=false",
    "source=shared&status=active",
    "evidence_stage=untested&verdict=not-yet-known",
    # A search or an age reads the entries' own rows: the same counts either way.
    "q=intervention&theme=knife-crime",
    "age=15&force=sussex",
]


def counted_afresh(filterset):
    """Each facet counted over the published entries the other filters leave, from the
    entries' own keys, one entry at a time."""
    published = Intervention.objects.published()
    kept_in = {"theme"} if filterset.theme_match == "all" else set()
    options = {}
    for name in FACETS:
        entries = filterset.apply_filters(published, excluding=None if name in kept_in else name)
        counted = Counter(
            key.split(SEPARATOR, 1)[1]
            for keys in entries.values_list("facet_keys", flat=True)
            for key in keys or []
            if key.startswith(f"{name}{SEPARATOR}")
        )
        if counted:
            options[name] = dict(counted)
    return options, filterset.apply_filters(published).count()


@pytest.mark.parametrize("query_string", QUERIES)
def test_the_filtered_lists_counts_equal_a_fresh_count_after_every_change(
    entries, settings, query_string
):
    settings.CATALOGUE_CACHE_SECONDS = 0

    def assert_counts_fresh():
        filterset = InterventionFilterSet.forgiving(QueryDict(query_string))
        counts = filterset.facets().counts
        options = {name: dict(values) for name, values in counts.options.items() if values}
        assert (options, counts.total()) == counted_afresh(filterset)

    assert_counts_fresh()
    entries[3].publication_state = PublicationState.PUBLISHED
    entries[3].save()
    assert_counts_fresh()
    entries[0].themes.add(Theme.objects.get(slug="knife-crime"))
    entries[1].forces.set([Force.objects.get(slug="sussex")])
    make_report([entries[0]], is_evaluation=True)
    assert_counts_fresh()
    Intervention.objects.filter(pk=entries[2].pk).update(publication_state=PublicationState.DRAFT)
    entries[1].delete()
    assert_counts_fresh()
