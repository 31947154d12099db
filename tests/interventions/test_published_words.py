"""The published catalogue's words (PublishedWord), kept by the database as entries change:
equal to a fresh reading of the published entries' vectors after every kind of change; a
search of one word read in rank order from them lists the same entries in the same order
as ranking every match; and a draft's words never show."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from django.utils import timezone

from interventions.filters import InterventionFilterSet
from interventions.filters import filterset as filterset_module
from interventions.interpretation import read_search
from interventions.models import (
    Force,
    Intervention,
    PublicationState,
    PublishedWord,
    Theme,
)
from interventions.search import refresh_search_vectors
from tests.factories import make_intervention, make_organisation

pytestmark = pytest.mark.django_db


def kept():
    return set(PublishedWord.objects.values_list("lexeme", "rank_key", "name", "intervention_id"))


def read_afresh():
    """Every word of every published entry with minus its rank for the word alone, read
    from the vectors as they are now, the rank as a search of the word computes it."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT word, -ts_rank(e.search_vector, quote_literal(word)::tsquery), e.name, e.id
            FROM interventions_intervention e,
                 unnest(tsvector_to_array(e.search_vector)) AS word
            WHERE e.publication_state = 'published'
            """
        )
        return set(cursor.fetchall())


def assert_words_current():
    assert kept() == read_afresh()


def words_of(entry):
    return set(PublishedWord.objects.filter(intervention=entry).values_list("lexeme", flat=True))


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


def test_published_entries_words_are_kept_and_drafts_have_none(entries):
    assert "knife" in words_of(entries[0])
    assert words_of(entries[3]) == set()
    assert not PublishedWord.objects.filter(lexeme="zephyrin").exists()
    assert_words_current()


def test_publishing_unpublishing_and_deleting_add_and_remove_an_entrys_words(entries):
    draft = entries[3]
    draft.publication_state = PublicationState.PUBLISHED
    draft.save()
    assert "zephyrin" in words_of(draft)
    assert_words_current()
    entries[0].publication_state = PublicationState.DRAFT
    entries[0].save()
    assert words_of(entries[0]) == set()
    assert_words_current()
    entries[1].delete()
    assert_words_current()


def test_a_renamed_or_rewritten_entry_has_its_new_words_and_ranks(entries):
    entry = entries[2]
    entry.name = "Knife Mentors"
    entry.description = "Older mentors."
    entry.save()
    assert {"knife", "mentor", "older"} <= words_of(entry)
    assert "carri" not in words_of(entry)
    assert_words_current()


def test_words_from_partners_and_forces_are_kept(entries):
    entries[0].forces.add(Force.objects.get(slug="sussex"))
    unit = make_organisation(name="Quetzal Trust")
    entries[0].partner_roles.create(organisation=unit, role="lead")
    assert {"sussex", "quetzal"} <= words_of(entries[0])
    assert_words_current()
    unit.name = "Ocelot Trust"
    unit.save()
    assert "ocelot" in words_of(entries[0])
    assert_words_current()


def test_bulk_updates_and_refreshes_keep_the_words(entries):
    Intervention.objects.update(summary="Every summary is the same.")
    refresh_search_vectors()
    assert_words_current()
    Intervention.objects.update(
        publication_state=PublicationState.PUBLISHED, published_at=timezone.now()
    )
    assert_words_current()
    Intervention.objects.filter(pk=entries[0].pk).delete()
    assert_words_current()


def row_versions():
    """Each kept row with the transaction that wrote it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT xmin::text, lexeme, intervention_id FROM interventions_publishedword"
        )
        return set(cursor.fetchall())


def test_a_save_that_changes_no_word_writes_no_word(entries):
    before = row_versions()
    entries[1].evidence_stage = "independently-evaluated"
    entries[1].save()
    assert row_versions() == before


# A search of one word: read from the kept words, as ranking every match ranks it.


def ranked_every_match(params):
    """The entries in the order the search gives when every match is ranked."""
    filterset = InterventionFilterSet.forgiving(QueryDict(params))
    queryset = filterset.apply_filters(filterset.queryset).ordered_by(filterset.sort_order)
    return list(queryset.values_list("pk", flat=True))


def listed(params):
    filterset = InterventionFilterSet.forgiving(QueryDict(params))
    return filterset, list(filterset.qs.values_list("pk", flat=True))


@pytest.fixture
def generated():
    call_command("generate_catalogue", "--interventions", "120", "--seed", "3", stdout=StringIO())


@pytest.mark.parametrize(
    "params",
    ["q=knife", "q=robbery", "q=county", "q=Network", "q=schools", "q=navigator"],
)
def test_a_search_of_one_word_lists_what_ranking_every_match_lists(generated, params):
    filterset, entries = listed(params)
    assert filterset.ranked_lexeme() is not None
    assert entries == ranked_every_match(params)
    assert entries, "the comparison needs results"


@pytest.mark.parametrize(
    "params",
    [
        "q=Knife&theme=knife-crime",
        "q=school&region=london",
        "q=school&evidence_stage=untested",
    ],
)
def test_a_narrowed_search_of_one_word_reads_the_kept_words_only_with_many_results(
    generated, params, monkeypatch
):
    expected = ranked_every_match(params)
    assert expected, "the comparison needs results"
    filterset = InterventionFilterSet.forgiving(QueryDict(params))
    assert filterset.ranked_lexeme() is None  # not counted yet
    assert filterset.facets().total == len(expected)
    assert filterset.ranked_lexeme() is None  # too few results to be worth it
    assert list(filterset.qs.values_list("pk", flat=True)) == expected
    monkeypatch.setattr(filterset_module, "RANKED_WALK_LEAST_RESULTS", len(expected))
    filterset = InterventionFilterSet.forgiving(QueryDict(params))
    filterset.facets()
    assert filterset.ranked_lexeme() is not None
    assert list(filterset.qs.values_list("pk", flat=True)) == expected


def test_ties_in_rank_are_listed_by_name_then_id_and_every_page_reaches_every_match(generated):
    filterset, entries = listed("q=school")
    ranks = dict(
        filterset.qs.values_list("pk", "relevance").order_by()  # the ranks as computed
    )
    names = dict(Intervention.objects.values_list("pk", "name"))
    assert len(set(ranks.values())) < len(entries)  # there are ties to break
    assert entries == sorted(entries, key=lambda pk: (-ranks[pk], names[pk], pk))
    assert len(entries) == len(set(entries)) == filterset.facets().total
    pages = [entries[start : start + 20] for start in range(0, len(entries), 20)]
    assert [pk for page in pages for pk in page] == entries


def test_a_word_read_as_the_vocabulary_word_it_is_a_typo_of_is_ranked_as_that_word(generated):
    assert read_search("knfe").corrections == {"knfe": "knife"}
    filterset, entries = listed("q=knfe")
    assert filterset.ranked_lexeme() == "knife"
    assert entries == ranked_every_match("q=knfe") == ranked_every_match("q=knife")


@pytest.mark.parametrize(
    "params",
    ['q="knife crime"', "q=knife -arches", "q=knife or gun", "q=knife schools", "q=Netwrok"],
)
def test_other_searches_still_rank_every_match(generated, params):
    filterset, entries = listed(params)
    assert filterset.ranked_lexeme() is None
    assert entries == ranked_every_match(params)
    assert entries, "the comparison needs results"


def test_a_drafts_words_are_never_found(entries, client):
    reading = read_search("zephyrine")
    assert "zephyrine" in reading.unknown
    response = client.get("/interventions/", {"q": "zephyrine"})
    assert "Draft Zephyrine" not in response.content.decode()
    _, found = listed("q=work")
    assert found == []
    _, found = listed("q=arches")
    assert found == [entries[0].pk]


def test_a_word_of_several_lexemes_is_still_known_when_an_entry_has_it():
    make_intervention(name="O'Brien Outreach")
    reading = read_search("o'brien")
    assert not reading.unknown
    assert reading.ranked_lexeme is None


def test_only_a_search_of_one_plain_word_is_read_from_the_kept_words(entries):
    assert read_search("arches").ranked_lexeme == "arch"
    assert read_search("Doctors").ranked_lexeme == "doctor"
    assert read_search("street doctors").ranked_lexeme is None
    assert read_search('"doctors"').ranked_lexeme is None
    assert read_search("zephyrine").ranked_lexeme is None


# Last: the seeded catalogue stays loaded until the module ends.
def test_the_seeded_catalogue_lists_one_word_searches_as_before(seeded_catalogue):
    searches = ["q=knife", "q=violence", "q=youth", "q=mentoring", "q=police", "q=school"]
    compared = 0
    for params in searches + [f"{params}&ordering=relevance" for params in searches]:
        filterset, entries = listed(params)
        assert entries == ranked_every_match(params), params
        compared += filterset.ranked_lexeme() is not None
    assert compared >= 6
    # A term of the vocabulary also matches its meanings and what is filed under it.
    assert read_search("stabbing").ranked_lexeme is None
