"""What the list says about itself: summary, chips, empty state, pagination and addresses."""

import re

import pytest
from django.urls import reverse

from tests.factories import make_intervention
from tests.pages import canonical_of, meta_description_of, result_names, text_of, title_of

pytestmark = pytest.mark.django_db

LIST = reverse("catalogue:list")


@pytest.fixture
def catalogue(theme, force):
    lines, knives = theme("county-lines"), theme("knife-crime")
    make_intervention(name="Lines in Merseyside", themes=[lines], forces=[force("merseyside")])
    make_intervention(name="Knives in Cumbria", themes=[knives], forces=[force("cumbria")])
    make_intervention(name="Lines in Kent", themes=[lines], forces=[force("kent")])


def test_the_summary_says_how_many_match_and_which_filters(client, catalogue):
    response = client.get(LIST, {"theme": ["knife-crime", "county-lines"], "region": "north-west"})
    assert "2 interventions match: theme County lines or Knife crime; region North West" in text_of(
        response
    )


def test_the_summary_is_announced_as_a_status(client, catalogue):
    content = client.get(LIST, {"theme": "county-lines"}).content.decode()
    assert re.search(r'<div role="status"[^>]*>\s*<h2[^>]*>2 interventions match', content)


def test_a_single_result_is_described_in_the_singular(client, catalogue):
    assert "1 intervention matches: region South East" in text_of(
        client.get(LIST, {"region": "south-east"})
    )


def test_each_filter_value_has_a_chip_that_removes_only_that_value(client, catalogue):
    response = client.get(
        LIST, {"theme": ["county-lines", "knife-crime"], "region": "north-west", "q": "in"}
    )
    chips = {
        (chip.name, chip.value): chip.remove_query for chip in response.context["active_filters"]
    }
    assert chips == {
        ("q", "in"): "theme=county-lines&theme=knife-crime&region=north-west",
        ("theme", "county-lines"): "q=in&theme=knife-crime&region=north-west",
        ("theme", "knife-crime"): "q=in&theme=county-lines&region=north-west",
        ("region", "north-west"): "q=in&theme=county-lines&theme=knife-crime",
    }
    content = response.content.decode()
    assert 'href="/interventions/?q=in&amp;theme=county-lines&amp;region=north-west"' in content
    assert 'Remove </span><span class="chip-group">Theme:</span> Knife crime' in content


def test_following_a_chip_removes_its_value(client, catalogue):
    first = client.get(LIST, {"theme": ["county-lines", "knife-crime"]})
    chip = next(chip for chip in first.context["active_filters"] if chip.value == "knife-crime")
    second = client.get(f"{LIST}?{chip.remove_query}")
    assert sorted(result_names(second)) == ["Lines in Kent", "Lines in Merseyside"]


def test_removing_the_search_also_drops_a_best_match_sort(client, catalogue):
    response = client.get(LIST, {"q": "lines", "ordering": "relevance", "theme": "county-lines"})
    chip = next(chip for chip in response.context["active_filters"] if chip.name == "q")
    assert chip.remove_query == "theme=county-lines"


def test_a_chosen_sort_survives_removing_a_chip(client, catalogue):
    response = client.get(LIST, {"theme": "county-lines", "ordering": "-name"})
    assert [chip.remove_query for chip in response.context["active_filters"]] == ["ordering=-name"]


def test_clear_all_goes_back_to_the_whole_catalogue(client, catalogue):
    content = client.get(LIST, {"theme": "county-lines"}).content.decode()
    assert re.search(r'<a class="chip-clear" href="/interventions/">Clear all', content)


def test_without_filters_there_are_no_chips(client, catalogue):
    response = client.get(LIST)
    assert response.context["active_filters"] == []
    assert "Clear all" not in text_of(response)


def test_the_empty_state_says_which_filter_to_loosen_and_what_that_would_give(client, catalogue):
    response = client.get(LIST, {"theme": "knife-crime", "region": "south-east", "q": "lines"})
    text = text_of(response)
    assert "0 interventions match" in text
    assert "No published intervention matches all of these filters." in text
    # Only the theme is to blame: without it, "lines" in the South East finds Kent's entry.
    assert "Try loosening one: Remove the theme filter: 1 intervention Entries" in text
    content = response.content.decode()
    assert 'href="/interventions/?q=lines&amp;region=south-east">Remove the theme filter' in content


def test_the_empty_state_suggests_clearing_when_no_single_filter_is_to_blame(client, catalogue):
    response = client.get(LIST, {"theme": "knife-crime", "region": "south-east", "status": "ended"})
    assert "Removing any one of them would still find nothing." in text_of(response)


def test_an_empty_catalogue_says_nothing_is_published_yet(client):
    assert "No interventions have been published yet." in text_of(client.get(LIST))


def test_pages_hold_twenty_entries_and_links_keep_the_filters(client, theme):
    for number in range(45):
        make_intervention(name=f"Entry {number:02}", themes=[theme("county-lines")])
    response = client.get(LIST, {"theme": "county-lines", "page": "2"})
    assert result_names(response) == [f"Entry {number:02}" for number in range(20, 40)]
    pagination = response.context["pagination"]
    assert pagination["previous"] == "/interventions/?theme=county-lines"
    assert pagination["next"] == "/interventions/?theme=county-lines&page=3"
    assert [link["url"] for link in pagination["pages"]] == [
        "/interventions/?theme=county-lines",
        "/interventions/?theme=county-lines&page=2",
        "/interventions/?theme=county-lines&page=3",
    ]
    content = response.content.decode()
    assert '<nav class="pagination" aria-label="Pagination">' in content
    assert 'aria-current="page"><span class="visually-hidden">Page </span>2</a>' in content
    assert "Showing 21 to 40." in text_of(response)


def test_the_last_page_holds_the_remainder(client):
    for number in range(41):
        make_intervention(name=f"Entry {number:02}")
    response = client.get(LIST, {"page": "3"})
    assert result_names(response) == ["Entry 40"]
    assert response.context["pagination"]["next"] == ""


def test_a_single_page_shows_no_pagination(client, catalogue):
    assert "Pagination" not in client.get(LIST).content.decode()


def test_the_canonical_address_lists_filters_in_a_stable_order_without_page_one(client, catalogue):
    one = client.get(
        LIST + "?region=north-west&theme=knife-crime&page=1&theme=county-lines&q=lines"
    )
    two = client.get(LIST + "?theme=county-lines&q=lines&theme=knife-crime&region=north-west")
    expected = (
        "http://testserver/interventions/?q=lines&theme=county-lines&theme=knife-crime"
        "&region=north-west"
    )
    assert canonical_of(one) == canonical_of(two) == expected


def test_the_canonical_address_keeps_a_later_page_and_a_chosen_sort(client):
    for number in range(25):
        make_intervention(name=f"Entry {number:02}")
    response = client.get(LIST, {"page": "2", "ordering": "-updated"})
    assert canonical_of(response) == "http://testserver/interventions/?ordering=-updated&page=2"


def test_the_default_sort_is_left_out_of_the_canonical_address(client, catalogue):
    assert (
        canonical_of(client.get(LIST, {"ordering": "name"})) == "http://testserver/interventions/"
    )
    assert (
        canonical_of(client.get(LIST, {"q": "lines", "ordering": "relevance"}))
        == "http://testserver/interventions/?q=lines"
    )


def test_titles_and_descriptions_differ_with_the_filters_and_the_page(client):
    for number in range(25):
        make_intervention(name=f"Entry {number:02}")
    plain = client.get(LIST)
    filtered = client.get(LIST, {"status": "active"})
    second = client.get(LIST, {"status": "active", "page": "2"})
    assert title_of(plain) == "Interventions"
    assert title_of(filtered) == "Interventions: status Reported active"
    assert title_of(second) == "Interventions: status Reported active (page 2)"
    assert meta_description_of(filtered).startswith(
        "25 violence-reduction interventions in England and Wales: status Reported active."
    )


def test_searches_are_not_offered_to_search_engines_but_filtered_lists_are(client, catalogue):
    robots = '<meta name="robots" content="noindex, follow">'
    assert robots in client.get(LIST, {"q": "lines"}).content.decode()
    assert robots not in client.get(LIST, {"theme": "county-lines"}).content.decode()


def test_the_filters_are_grouped_in_fieldsets_with_legends(client, catalogue):
    content = client.get(LIST).content.decode()
    legends = re.findall(r"<legend>(.*?)</legend>", content)
    assert legends == [
        "Theme",
        "Entries with",
        "Region",
        "Police force",
        "Evidence stage",
        "Did it work?",
        "Purpose",
        "Setting",
        "Status",
        "Age",
        "Evaluation report",
        "Source document",
    ]
    for checkbox_id in re.findall(r'<input type="checkbox"[^>]* id="([^"]+)"', content):
        assert f'<label for="{checkbox_id}">' in content


def test_the_list_works_without_javascript_as_a_plain_get_form(client, catalogue):
    content = client.get(LIST).content.decode()
    assert '<form class="catalogue" method="get" action="/interventions/"' in content
    assert '<button type="submit" class="apply">Apply filters</button>' in content


def test_cards_show_stage_status_ages_forces_themes_and_how_many_reports(client, theme, force):
    from tests.factories import make_report

    entry = make_intervention(
        name="Card entry",
        evidence_stage="locally-evaluated",
        status="pilot",
        age_min=10,
        age_max=17,
        themes=[theme("knife-crime")],
        forces=[force("kent")],
    )
    make_report([entry])
    make_report([entry, make_intervention(state="draft")])
    text = text_of(client.get(LIST))
    assert (
        "Card entry Evidence: Locally evaluated Status: Pilot 2 evaluation reports "
        "Summary of intervention" in text
    )
    assert "Police force Kent Police Ages 10 to 17 Theme Knife crime" in text
