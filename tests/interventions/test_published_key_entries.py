"""Each facet key's published entries kept as bits (PublishedKeyEntries) follow every kind
of change, never hold a draft, and give the filtered list the same counts as counting the
entries themselves."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from interventions.facet_index import refresh_facet_keys
from interventions.filters import InterventionFilterSet
from interventions.models import (
    Force,
    Intervention,
    PublicationState,
    PublishedFacetKeys,
    PublishedKeyEntries,
    Theme,
)
from tests.factories import make_intervention, make_report, make_source

pytestmark = pytest.mark.django_db


def kept():
    """Every key's entries as the bits hold them, and the strings' lengths."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, entries::text FROM {PublishedKeyEntries._meta.db_table}")
        rows = cursor.fetchall()
    entries = {key: {n for n, bit in enumerate(bits) if bit == "1"} for key, bits in rows}
    return {key: ids for key, ids in entries.items() if ids}, {len(bits) for _, bits in rows}


def expected():
    """Each key's published entries, from the entries' own keys."""
    entries = {}
    for pk, keys in Intervention.objects.published().values_list("pk", "facet_keys"):
        for key in keys or []:
            entries.setdefault(key, set()).add(pk)
    return entries


def assert_kept_current():
    entries, lengths = kept()
    assert entries == expected()
    # One length for every string, past the highest id: AND and OR need it.
    assert len(lengths) <= 1
    highest = Intervention.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    assert all(length > highest for length in lengths)


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


def test_published_entries_have_their_bits_and_drafts_have_none(entries):
    assert_kept_current()
    draft = entries[3]
    assert not any(draft.pk in ids for ids in kept()[0].values())


def test_curators_changes_and_bulk_writes_keep_the_bits_exact(entries):
    entries[3].publication_state = PublicationState.PUBLISHED
    entries[3].save()
    assert_kept_current()
    entries[0].themes.set([Theme.objects.get(slug="knife-crime")])
    entries[1].forces.clear()
    make_report([entries[2]], is_evaluation=True)
    assert_kept_current()
    entries[0].publication_state = PublicationState.DRAFT
    entries[0].save()
    assert_kept_current()
    entries[1].delete()
    assert_kept_current()
    Intervention.objects.update(facet_keys=None)
    assert kept()[0] == {}
    refresh_facet_keys()
    assert_kept_current()
    Theme.objects.get(slug="knife-crime").delete()
    assert_kept_current()
    Intervention.objects.all().delete()
    assert kept()[0] == {}


def test_an_entry_past_the_strings_length_lengthens_every_string(entries):
    length = next(iter(kept()[1]))
    make_intervention(pk=length + 5, themes=[Theme.objects.get(slug="county-lines")])
    assert_kept_current()
    assert next(iter(kept()[1])) > length + 5


def test_rebuilding_every_string_gives_the_bits_kept_change_by_change(entries):
    entries[1].themes.clear()
    before = kept()[0]
    with connection.cursor() as cursor:
        cursor.execute("SELECT interventions_rebuild_key_entries()")
    assert kept()[0] == before
    assert_kept_current()


def test_a_statement_changing_many_entries_rebuilds_the_strings(entries):
    """A bulk write over the kept keys rewrites each string once, not bit by bit: the
    result is the same."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {PublishedFacetKeys._meta.db_table} SET facet_keys = facet_keys || "
            "ARRAY(SELECT 'force:' || n FROM generate_series(1, 8000) AS n)"
        )
        # Three entries' 8,000 keys each: over the rebuild threshold.
        entries_now, lengths = kept()
    assert len(lengths) == 1
    for pk in (entry.pk for entry in entries[:3]):
        assert pk in entries_now["force:7999"]
    assert entries[3].pk not in entries_now["force:7999"]


def options(query):
    filterset = InterventionFilterSet.forgiving(QueryDict(query))
    counts = filterset.facets().counts
    return {name: dict(values) for name, values in counts.options.items() if values}, dict(
        counts.totals
    )


def test_a_drafts_theme_is_counted_nowhere(entries, settings):
    settings.CATALOGUE_CACHE_SECONDS = 0
    only_in_draft = Theme.objects.create(name="Only in a draft", slug="only-in-a-draft")
    entries[3].themes.add(only_in_draft)
    counted, totals = options("region=south-east&theme=only-in-a-draft")
    assert totals[""] == 0
    assert str(only_in_draft.pk) not in counted.get("theme", {})
    counted, totals = options("theme=only-in-a-draft&theme=knife-crime&match=all")
    assert totals[""] == 0


def test_every_theme_needs_every_key_even_one_no_entry_has(entries, settings):
    settings.CATALOGUE_CACHE_SECONDS = 0
    Theme.objects.create(name="Unused", slug="unused")
    counted, totals = options("theme=knife-crime&theme=unused&match=all&force=kent")
    assert totals == {"": 0, "force": 0, "theme": 2}
    assert "force" not in counted
    counted, totals = options("theme=knife-crime&theme=unused&force=kent")
    assert counted["force"] == {
        str(Force.objects.get(slug="kent").pk): 1,
        str(Force.objects.get(slug="sussex").pk): 1,
    }
    assert totals == {"": 1, "force": 2, "theme": 2}


@pytest.mark.parametrize(
    "query",
    [
        "theme=no-such-theme&region=london",
        "region=atlantis&evidence_stage=%3Cscript%3E",
        "has_report=maybe&theme=knife-crime&force=kent",
        "source=shared&source=shared&theme=knife-crime&match=all",
        "theme=knife-crime&theme=knife-crime&match=all&match=any",
    ],
)
def test_unusable_values_give_the_list_not_an_error(entries, settings, client, query):
    settings.CATALOGUE_CACHE_SECONDS = 0
    assert client.get(f"/interventions/?{query}").status_code == 200


def test_a_list_filtered_by_facets_alone_counts_from_the_kept_bits(entries, settings):
    """Not from the entries' keys, a row each of every entry the filters leave."""
    settings.CATALOGUE_CACHE_SECONDS = 0
    query = "theme=knife-crime&region=south-east&evidence_stage=untested"
    with CaptureQueriesContext(connection) as queries:
        InterventionFilterSet.forgiving(QueryDict(query)).facets()
    (counting,) = [query["sql"] for query in queries if "BIT_COUNT" in query["sql"]]
    assert PublishedKeyEntries._meta.db_table in counting
    assert PublishedFacetKeys._meta.db_table not in counting
    assert Intervention._meta.db_table not in counting
