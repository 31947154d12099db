"""Full-text search: ranking, web-search syntax, typos, snippets, freshness."""

import pytest

from interventions.models import Force, Intervention, Organisation, PartnerRole, PublicationState
from interventions.search import full_text_search, highlighted
from tests.factories import make_intervention

pytestmark = pytest.mark.django_db


def search(terms):
    results = full_text_search(Intervention.objects.published(), terms).order_by("-relevance")
    return [entry.name for entry in results]


@pytest.fixture
def catalogue():
    make_intervention(
        name="Habitual Knife Carriers project",
        summary="Diverts children who carry knives away from future offending.",
    )
    make_intervention(
        name="Youth Work Charter",
        summary="Quality standards for youth work, designed by young people.",
        description="Training also covers knife awareness in schools.",
    )
    make_intervention(
        name="County lines intervention team",
        summary="Visits addresses used by county lines networks to safeguard people.",
    )
    make_intervention(
        name="Rural policing lines",
        summary="Patrols in the county where violence is rising.",
    )
    make_intervention(
        name="Faith Alliance",
        summary="A network of faith groups preventing youth violence.",
    )
    make_intervention(
        name="Knife amnesty draft",
        summary="Not yet published knife work.",
        state=PublicationState.DRAFT,
    )


def test_a_match_in_the_name_ranks_above_a_match_in_the_description(catalogue):
    results = search("knife")
    assert results[0] == "Habitual Knife Carriers project"
    assert "Youth Work Charter" in results


def test_drafts_are_never_found(catalogue):
    assert "Knife amnesty draft" not in search("knife")


def test_a_quoted_phrase_matches_only_the_words_together(catalogue):
    results = search('"county lines"')
    assert results == ["County lines intervention team"]


def test_a_minus_word_excludes_entries_containing_it(catalogue):
    results = search("knife -schools")
    assert results == ["Habitual Knife Carriers project"]


def test_or_finds_either_word(catalogue):
    assert set(search("faith or carriers")) == {"Faith Alliance", "Habitual Knife Carriers project"}


def test_words_match_their_other_forms(catalogue):
    assert "Habitual Knife Carriers project" in search("carrying knives")


def test_a_misspelt_name_still_finds_the_entry(catalogue):
    assert "Habitual Knife Carriers project" in search("habitaul")
    assert "Faith Alliance" in search("Faith Aliance")


def test_snippets_mark_the_matched_words_and_never_pass_markup_through():
    make_intervention(
        name="Escaping test",
        summary="Work on <b>knife</b> crime & robbery <script>alert(1)</script> in towns.",
    )
    entry = full_text_search(Intervention.objects.published(), "knife").get()
    snippet = highlighted(entry.snippet)
    assert "<mark>knife</mark>" in snippet
    assert "&amp; robbery" in snippet
    assert "<b>" not in snippet
    assert "<script" not in snippet


def test_a_new_partner_makes_the_entry_findable_by_its_name():
    entry = make_intervention(name="Navigator service", summary="Support in hospital.")
    partner = Organisation.objects.create(name="Boxwise", slug="boxwise", kind="charity")
    assert search("Boxwise") == []
    PartnerRole.objects.create(intervention=entry, organisation=partner, role="delivery-partner")
    assert search("Boxwise") == ["Navigator service"]
    partner.name = "Renamed Boxing Charity"
    partner.save()
    assert search("Renamed Boxing") == ["Navigator service"]


def test_a_new_lead_force_makes_the_entry_findable_by_the_force():
    entry = make_intervention(name="Panel", summary="A multi-agency panel.")
    assert search("Bedfordshire") == []
    entry.forces.add(Force.objects.get(slug="bedfordshire"))
    assert search("Bedfordshire") == ["Panel"]


def test_hostile_query_syntax_is_harmless(catalogue):
    for terms in ['"', "-", "or", "!!!", "knife & | !", "\\", "' OR 1=1 --", "a" * 500]:
        list(full_text_search(Intervention.objects.published(), terms))


def test_a_typo_match_never_loosens_a_search_that_has_results(catalogue):
    make_intervention(name="Knife arches", summary="Metal detecting arches.")
    assert search("knife schools") == ["Youth Work Charter"]
