"""A search's facet counts read from the kept words and each key's published entries as
bits: the same counts as counting the matching entries' own keys, for every kind of
search the list reads, without reading those entries; and the published entries per word
(PublishedWordCount) kept exact through every kind of change, drafts never counted."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalogue import views as catalogue_views
from interventions import interpretation
from interventions.facets import count_facets
from interventions.filters import InterventionFilterSet
from interventions.interpretation import read_search
from interventions.models import (
    Force,
    Intervention,
    PublicationState,
    PublishedKeyEntries,
    PublishedWord,
    PublishedWordCount,
    PublishedWordEntries,
    Theme,
)
from interventions.pagination import Paginator
from interventions.search import refresh_search_vectors
from tests.factories import make_intervention

pytestmark = pytest.mark.django_db


def kept_counts():
    return dict(PublishedWordCount.objects.values_list("lexeme", "entries"))


def counted_afresh():
    """Each word's published entries, counted from the published entries' vectors."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT word, COUNT(*) FROM interventions_intervention e,
                 unnest(tsvector_to_array(e.search_vector)) AS word
            WHERE e.publication_state = 'published' GROUP BY word
            """
        )
        return dict(cursor.fetchall())


@pytest.fixture
def entries():
    knife = Theme.objects.get(slug="knife-crime")
    kent = Force.objects.get(slug="kent")
    return [
        make_intervention(name="Knife Arches", summary="Arches at school gates.", themes=[knife]),
        make_intervention(name="Street Doctors", summary="Knife wound first aid.", forces=[kent]),
        make_intervention(name="Mentoring", description="Young people who carry a knife."),
        make_intervention(state=PublicationState.DRAFT, name="Draft Zephyrine knife work"),
    ]


def test_each_words_published_entries_are_counted_and_drafts_never(entries):
    counts = kept_counts()
    assert counts == counted_afresh()
    assert counts["knife"] == 3  # the draft's knife is not counted
    assert "zephyrin" not in counts


def test_publishing_editing_unpublishing_and_deleting_keep_the_counts_exact(entries):
    draft = entries[3]
    draft.publication_state = PublicationState.PUBLISHED
    draft.save()
    assert kept_counts()["knife"] == 4
    assert kept_counts()["zephyrin"] == 1
    entries[0].name = "Metal Detecting Arches"
    entries[0].save()
    assert kept_counts() == counted_afresh()
    entries[1].publication_state = PublicationState.DRAFT
    entries[1].save()
    entries[2].delete()
    assert kept_counts() == counted_afresh()
    # A word no published entry has any longer has no row, not a count of nought.
    assert "doctor" not in kept_counts()
    Intervention.objects.update(publication_state=PublicationState.DRAFT)
    assert kept_counts() == {}
    assert not PublishedWord.objects.exists()


def test_bulk_rewrites_keep_the_counts(entries):
    Intervention.objects.filter(pk=entries[0].pk).update(summary="Bleed kits in every school.")
    refresh_search_vectors()
    assert kept_counts() == counted_afresh()
    assert kept_counts()["bleed"] == 1


# The counts of a search: the kept bits give what counting the matches' keys gives.


@pytest.fixture
def generated():
    call_command("generate_catalogue", "--interventions", "150", "--seed", "5", stdout=StringIO())


def counts_both_ways(params):
    """(the counts the list shows, the counts of every matching entry's own keys)."""
    filterset = InterventionFilterSet.forgiving(QueryDict(params))
    shown = filterset.facets().counts
    active = {name for name, _ in filterset.query_pairs() if name != "ordering"} - {"match"}
    counted = count_facets(*filterset.facet_sets(active))
    return filterset, shown, counted


def as_compared(counts):
    options = {
        facet: {k: v for k, v in values.items() if v} for facet, values in counts.options.items()
    }
    return {facet: values for facet, values in options.items() if values}, counts.totals


SEARCHES = [
    "q=knife",
    "q=county+lines",
    "q=knife+robbery",
    "q=stabbing",  # a vocabulary term: its meanings and its themes
    "q=knife+crime+kent",  # a term and an area
    "q=london",
    "q=knife&theme=county-lines",
    "q=school&region=london&evidence_stage=untested",
    "q=robbery&theme=knife-crime&theme=county-lines&match=all",
    "q=the",  # stop words alone
    "q=zzzqqq",  # nowhere in the catalogue
    "q=knfe",  # a typo of a vocabulary word
    "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "q=knife%27%3B+DROP+TABLE+interventions_intervention%3B--",
    "q=" + "knife+" * 40,
]


@pytest.mark.parametrize("params", SEARCHES)
def test_a_searchs_counts_are_what_counting_its_matches_gives(
    broad_from_two, generated, settings, params
):
    settings.CATALOGUE_CACHE_SECONDS = 0
    filterset, shown, counted = counts_both_ways(params)
    assert as_compared(shown) == as_compared(counted)
    assert shown.total() == filterset.qs.count()


@pytest.mark.parametrize("params", ["q=knife", "q=county+lines", "q=stabbing", "q=london"])
def test_a_broad_search_is_counted_without_reading_its_matches(
    broad_from_two, generated, settings, params
):
    settings.CATALOGUE_CACHE_SECONDS = 0
    filterset = InterventionFilterSet.forgiving(QueryDict(params))
    with CaptureQueriesContext(connection) as queries:
        total = filterset.facets().total
    assert total
    (counting,) = [query["sql"] for query in queries if "BIT_COUNT" in query["sql"]]
    assert PublishedKeyEntries._meta.db_table in counting
    assert Intervention._meta.db_table not in counting


def test_a_search_with_a_narrow_word_is_counted_from_its_matches(entries, settings):
    """Its results are no more than the narrow word's entries: fewer to read than the
    strings' constant cost. A single narrow word too."""
    for number in range(3):
        make_intervention(name=f"Harbour Watch {number}", summary="Harbour patrols.")
    make_intervention(name="Harbour Lighthouse Youth Club", summary="Lighthouse visits.")
    reading = read_search("harbour lighthouse")
    assert reading.plain_lexemes == ("harbour", "lighthous")
    assert not reading.counted_from_kept_words()
    assert not read_search("harbour").counted_from_kept_words()
    settings.CATALOGUE_CACHE_SECONDS = 0
    with CaptureQueriesContext(connection) as queries:
        _, shown, counted = counts_both_ways("q=harbour+lighthouse")
    assert not any("BIT_COUNT" in query["sql"] for query in queries)
    assert as_compared(shown) == as_compared(counted)
    assert shown.total() == 1


def test_words_every_one_broad_are_counted_from_the_kept_strings(broad_from_two, entries):
    make_intervention(name="Arches Project")
    assert read_search("knife").counted_from_kept_words()
    assert read_search("knife arches").counted_from_kept_words()  # arches: two entries
    assert not read_search("knife doctors").counted_from_kept_words()  # doctors: one


def test_a_drafts_words_are_never_counted(entries, settings, client):
    settings.CATALOGUE_CACHE_SECONDS = 0
    filterset = InterventionFilterSet.forgiving(QueryDict("q=zephyrine"))
    assert filterset.facets().total == 0
    filterset = InterventionFilterSet.forgiving(QueryDict("q=knife"))
    assert filterset.facets().total == 3
    response = client.get("/interventions/", {"q": "knife work"})
    assert response.status_code == 200
    assert "Zephyrine" not in response.content.decode()


# A search of several plain words: its pages found from the words' kept ranks.


def pages_through_the_kept_ranks(params):
    """Every page's entries in turn, a few a page so that a small catalogue has many."""
    filterset = InterventionFilterSet.forgiving(QueryDict(params))
    total = filterset.facets().total
    paginator = Paginator(filterset.qs, 3, keys=filterset.ranked_page_keys)
    paginator.count = total
    listed = []
    for number in paginator.page_range:
        listed += [entry.pk for entry in paginator.page(number).object_list]
    return filterset, listed


def ranked_every_match(params):
    filterset = InterventionFilterSet.forgiving(QueryDict(params))
    queryset = filterset.apply_filters(filterset.queryset).ordered_by(filterset.sort_order)
    return list(queryset.values_list("pk", flat=True))


@pytest.mark.parametrize("params", ["q=county+lines", "q=county+lines+county", "q=lines+county"])
def test_every_page_of_several_words_lists_what_ranking_every_match_lists(generated, params):
    filterset, listed = pages_through_the_kept_ranks(params)
    assert filterset.ranked_page_keys(0, 20) is not None
    expected = ranked_every_match(params)
    assert len(expected) > 6, "the comparison needs several pages"
    assert listed == expected


def test_a_page_of_several_words_reads_no_entry_to_find_its_keys(generated, settings):
    settings.CATALOGUE_CACHE_SECONDS = 0
    filterset = InterventionFilterSet.forgiving(QueryDict("q=county+lines"))
    assert filterset.reading.ranked_lexemes == ("counti", "line")
    with CaptureQueriesContext(connection) as queries:
        keys = filterset.ranked_page_keys(2, 7)
    (finding,) = [query["sql"] for query in queries]
    assert keys == ranked_every_match("q=county+lines")[2:7]
    assert PublishedWord._meta.db_table in finding
    assert Intervention._meta.db_table not in finding
    assert "ts_rank" not in finding


@pytest.mark.parametrize(
    "params",
    [
        "q=county+lines&theme=knife-crime",  # narrowed: the lists alone do not give it
        "q=county+lines&ordering=name",
        "q=knife",  # one word: read in rank order from its own list
        'q="county+lines"',
        "q=county+or+lines",
        "q=stabbing+knife",  # a vocabulary term
        "q=county+lines+london",  # a named area
    ],
)
def test_other_lists_find_their_pages_by_their_own_query(generated, params):
    filterset, listed = pages_through_the_kept_ranks(params)
    assert filterset.ranked_page_keys(0, 20) is None
    assert listed == list(filterset.qs.values_list("pk", flat=True))


def test_the_list_page_shows_the_ranked_page(generated, client, settings, monkeypatch):
    settings.CATALOGUE_CACHE_SECONDS = 0
    settings.PAGE_CACHE_SECONDS = 0
    monkeypatch.setattr(catalogue_views, "RESULTS_PER_PAGE", 4)
    expected = ranked_every_match("q=county+lines")
    for page, start in ((1, 0), (2, 4), (3, 8)):
        response = client.get("/interventions/", {"q": "county lines", "page": page})
        shown = [entry.pk for entry in response.context["interventions"]]
        assert shown == expected[start : start + 4]


# Broad words' strings (PublishedWordEntries), with the threshold lowered to two entries.


@pytest.fixture
def broad_from_two(monkeypatch):
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE OR REPLACE FUNCTION interventions_broad_word_entries() RETURNS integer "
            "LANGUAGE sql STABLE AS $$ SELECT 2 $$"
        )
    monkeypatch.setattr(interpretation, "BROAD_WORD_ENTRIES", 2)


def kept_strings():
    rows = PublishedWordEntries.objects.values_list("lexeme", "entries")
    return {word: {n for n, bit in enumerate(bits) if bit == "1"} for word, bits in rows}


def assert_strings_current():
    expected = {}
    for word, pk in PublishedWord.objects.values_list("lexeme", "intervention_id"):
        expected.setdefault(word, set()).add(pk)
    kept = kept_strings()
    assert {word for word, ids in expected.items() if len(ids) >= 2} <= set(kept)
    assert all(kept[word] == expected.get(word, set()) for word in kept)
    return kept


def test_broad_words_strings_follow_every_change_and_hold_no_draft(broad_from_two, entries):
    kept = assert_strings_current()
    assert kept["knife"] == {entry.pk for entry in entries[:3]}
    assert "zephyrin" not in kept  # the draft's word
    draft = entries[3]
    draft.publication_state = PublicationState.PUBLISHED
    draft.save()
    assert assert_strings_current()["knife"] == {entry.pk for entry in entries}
    entries[0].summary = "Detector gates."
    entries[0].save()
    entries[1].delete()
    Intervention.objects.filter(pk=entries[2].pk).update(publication_state=PublicationState.DRAFT)
    kept = assert_strings_current()
    assert kept["knife"] == {entries[0].pk, draft.pk}  # its name still says knife
    Intervention.objects.update(publication_state=PublicationState.DRAFT)
    assert kept_strings() == {}


def test_a_bulk_change_builds_strings_afresh_and_a_save_sets_bits(broad_from_two, entries):
    """Publishing several entries at once changes more than half of a word's entries
    (built afresh); one save changes one (a bit set): both give the same strings."""
    more = [
        make_intervention(state=PublicationState.DRAFT, name=f"Knife Bins {n}") for n in range(4)
    ]
    Intervention.objects.filter(pk__in=[entry.pk for entry in more]).update(
        publication_state=PublicationState.PUBLISHED, published_at=timezone.now()
    )
    assert assert_strings_current()["knife"] == {entry.pk for entry in entries[:3] + more}
    more[0].publication_state = PublicationState.DRAFT
    more[0].save()
    assert assert_strings_current()["bin"] == {entry.pk for entry in more[1:]}


def test_strings_of_other_lengths_than_the_keys_are_padded_or_cut(
    broad_from_two, entries, settings
):
    """An entry with a high id lengthens the facet keys' strings, not a word's string it
    lacks; rebuilt, the keys' strings may be shorter than a word's. Counts still agree."""
    settings.CATALOGUE_CACHE_SECONDS = 0

    def lengths():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT (SELECT length(entries) FROM interventions_publishedkeyentries LIMIT 1),"
                " (SELECT length(entries) FROM interventions_publishedwordentries"
                "  WHERE lexeme = 'knife')"
            )
            return cursor.fetchone()

    def agree(*searches):
        for params in searches:
            _, shown, counted = counts_both_ways(params)
            assert as_compared(shown) == as_compared(counted), params

    far = make_intervention(pk=20000, name="Harbour Watch")
    keys, knife = lengths()
    assert keys > 20000 > knife  # the word's string is padded when read
    agree("q=knife", "q=knife+arches&theme=knife-crime")
    farther = make_intervention(pk=30000, name="Knife Harbour Watch")
    assert lengths()[1] > 30000
    agree("q=knife", "q=harbour+knife")
    far.delete()
    farther.delete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT interventions_rebuild_key_entries()")
    keys, knife = lengths()
    assert keys < 20000 < knife  # the word's string is cut when read
    assert_strings_current()
    agree("q=knife", "q=knife+arches")


def test_a_search_counts_from_a_broad_words_kept_string(broad_from_two, entries, settings):
    settings.CATALOGUE_CACHE_SECONDS = 0
    filterset = InterventionFilterSet.forgiving(QueryDict("q=knife"))
    with CaptureQueriesContext(connection) as queries:
        total = filterset.facets().total
    (counting,) = [query["sql"] for query in queries if "BIT_COUNT" in query["sql"]]
    assert PublishedWordEntries._meta.db_table in counting
    assert total == 3
    _, shown, counted = counts_both_ways("q=knife+arches")
    assert as_compared(shown) == as_compared(counted)
