import pytest
from django.urls import reverse

from interventions.models import Intervention, PublicationState, search_words
from tests.factories import make_intervention, make_organisation
from tests.pages import result_names

pytestmark = pytest.mark.django_db


def search(terms):
    return list(Intervention.objects.published().search(terms))


def test_a_word_is_found_in_the_name_whatever_its_case():
    entry = make_intervention(name="Operation Divan")
    make_intervention(name="Something else")
    assert search("DIVAN") == [entry]


@pytest.mark.parametrize(
    "fields",
    [
        {"short_name": "CIRV"},
        {"summary": "Works with CIRV graduates."},
        {"description": "Modelled on CIRV in Glasgow."},
    ],
)
def test_a_word_is_found_in_the_short_name_summary_or_description(fields):
    entry = make_intervention(**fields)
    make_intervention()
    assert search("cirv") == [entry]


def test_a_word_is_found_in_a_partner_organisations_name_or_acronym():
    unit = make_organisation(name="Merseyside Violence Reduction Partnership", short_name="MVRP")
    entry = make_intervention(partners=[(unit, "lead")])
    make_intervention()
    assert search("partnership") == [entry]
    assert search("mvrp") == [entry]


def test_a_word_is_found_in_a_lead_forces_name(force):
    entry = make_intervention(forces=[force("northamptonshire")])
    make_intervention(forces=[force("kent")])
    assert search("northamptonshire") == [entry]
    assert search("Northamptonshire Police") == [entry]


def test_every_word_must_be_found_somewhere():
    both = make_intervention(name="Knife crime", summary="Lessons in schools.")
    make_intervention(name="Knife arches")
    make_intervention(name="Schools programme")
    assert search("knife schools") == [both]


def test_an_entry_with_two_matching_partners_is_listed_once():
    one = make_organisation(name="Youth Trust North")
    two = make_organisation(name="Youth Trust South")
    entry = make_intervention(partners=[(one, "lead"), (two, "delivery-partner")])
    assert search("youth trust") == [entry]


def test_a_match_in_the_name_ranks_above_a_match_in_the_summary_and_elsewhere(force):
    elsewhere = make_intervention(name="Alpha", description="Hospital navigators.")
    in_summary = make_intervention(name="Beta", summary="Navigators in hospital.")
    in_name = make_intervention(name="Hospital navigators")
    results = list(
        Intervention.objects.published().search("hospital").order_by("-relevance", "name")
    )
    assert results == [in_name, in_summary, elsewhere]
    assert results[0].relevance > results[1].relevance > results[2].relevance


def test_the_whole_phrase_in_the_name_ranks_above_its_words_scattered():
    scattered = make_intervention(name="County partnership", summary="Tackling county lines.")
    phrase = make_intervention(name="Rescue and response county lines")
    results = list(Intervention.objects.published().search("county lines").order_by("-relevance"))
    assert results == [phrase, scattered]


def test_percent_and_underscore_are_matched_literally():
    literal = make_intervention(name="Cut knife crime by 50%")
    make_intervention(name="Fifty projects")
    assert search("50%") == [literal]
    assert search("_") == []


def test_surrounding_quotes_and_punctuation_are_ignored():
    entry = make_intervention(name="Op Deter")
    assert search('"deter",') == [entry]


def test_an_empty_search_matches_everything_with_no_relevance():
    entries = [make_intervention(), make_intervention()]
    results = Intervention.objects.published().search("   ")
    assert set(results) == set(entries)
    assert {entry.relevance for entry in results} == {0}


def test_search_of_published_entries_leaves_drafts_out():
    make_intervention(name="Draft knife project", state=PublicationState.DRAFT)
    published = make_intervention(name="Published knife project")
    assert search("knife") == [published]


def test_search_words_are_distinct_lower_cased_and_capped_at_ten():
    assert search_words("Knife KNIFE crime") == ["knife", "crime"]
    many = " ".join(f"word{number}" for number in range(15))
    assert len(search_words(many)) == 10
    assert len(search_words(many, limit=None)) == 15


def test_the_list_sorts_a_search_by_relevance_unless_asked_otherwise(client):
    make_intervention(name="Alpha", summary="Hospital navigators.")
    make_intervention(name="Hospital navigators")
    url = reverse("catalogue:list")
    assert result_names(client.get(url, {"q": "hospital"})) == ["Hospital navigators", "Alpha"]
    assert result_names(client.get(url, {"q": "hospital", "ordering": "name"})) == [
        "Alpha",
        "Hospital navigators",
    ]


def test_the_search_box_keeps_what_was_searched_for(client):
    response = client.get(reverse("catalogue:list"), {"q": "county lines"})
    assert 'value="county lines"' in response.content.decode()
