"""A reader narrows the list with filters, and can come back to exactly the same view."""

import re

import pytest

from interventions.models import Intervention
from tests.browser.support import PHONE, checked_boxes, expect, facet_count, result_names

pytestmark = pytest.mark.browser


def tick(page, name, value):
    """Ticks a box; beside the results, with script, that applies it at once."""
    with page.expect_navigation():
        page.locator(f"#{name}-{value}").check()


def apply_filters(page):
    page.get_by_role("button", name="Apply filters").first.click()
    page.wait_for_load_state()


def heading(page):
    return page.locator("#results-heading")


def test_combining_filters_narrows_the_results_to_the_counts_the_options_showed(page):
    page.goto("/interventions/")
    expect(heading(page)).to_have_text("37 interventions match")
    knife_crime = facet_count(page, "theme", "knife-crime")
    london_before = facet_count(page, "region", "london")

    tick(page, "theme", "knife-crime")
    apply_filters(page)

    expect(heading(page)).to_have_text(f"{knife_crime} interventions match: theme Knife crime")
    assert len(result_names(page)) == knife_crime
    london_now = facet_count(page, "region", "london")
    assert london_now < london_before
    assert london_now == (
        Intervention.objects.published()
        .filter(themes__slug="knife-crime", forces__region="london")
        .distinct()
        .count()
    )

    tick(page, "region", "london")
    apply_filters(page)

    expect(heading(page)).to_contain_text(f"{london_now} intervention")
    assert len(result_names(page)) == london_now
    assert checked_boxes(page) == ["region=london", "theme=knife-crime"]
    expect(page.get_by_text("(2 in use)")).to_be_visible()


def test_removing_a_filter_in_use_from_its_chip_widens_the_results_again(page):
    page.goto("/interventions/?theme=knife-crime&region=london")

    page.get_by_role("link", name="Remove Theme: Knife crime").click()

    assert checked_boxes(page) == ["region=london"]
    expect(heading(page)).to_contain_text("match: region London")
    page.get_by_role("link", name="Clear all filters and search").click()
    expect(heading(page)).to_have_text("37 interventions match")
    assert checked_boxes(page) == []


def test_a_bookmarked_filtered_address_reopens_the_same_view(page, another_browser):
    page.goto("/interventions/")
    tick(page, "theme", "gangs-and-youth-violence")
    tick(page, "theme", "knife-crime")
    tick(page, "has_report", "true")
    page.get_by_label("Works with someone aged").fill("15")
    apply_filters(page)
    page.get_by_label("Sort by").select_option(label="Name, A to Z")
    page.get_by_role("button", name="Sort").click()
    page.wait_for_load_state()
    bookmark = page.url
    view = {
        "heading": heading(page).inner_text(),
        "results": result_names(page),
        "ticked": checked_boxes(page),
    }
    assert view["ticked"] == [
        "has_report=true",
        "theme=gangs-and-youth-violence",
        "theme=knife-crime",
    ]

    page.reload()
    assert result_names(page) == view["results"]
    assert checked_boxes(page) == view["ticked"]

    reopened = another_browser().new_page()
    reopened.goto(bookmark)
    assert reopened.url == bookmark
    expect(heading(reopened)).to_have_text(view["heading"])
    assert result_names(reopened) == view["results"]
    assert checked_boxes(reopened) == view["ticked"]
    expect(reopened.get_by_label("Works with someone aged")).to_have_value("15")
    expect(reopened.get_by_label("Sort by")).to_have_value("name")


def test_the_next_page_keeps_the_sort_order(page):
    page.goto("/interventions/?ordering=-name")
    first_page = result_names(page)

    page.get_by_role("navigation", name="Pagination").get_by_role("link", name="Next").click()

    expect(page).to_have_url(re.compile(r"ordering=-name"))
    expect(page.get_by_label("Sort by")).to_have_value("-name")
    second_page = result_names(page)
    z_to_a = Intervention.objects.published().order_by("-name", "pk")
    assert first_page + second_page == [entry.display_name for entry in z_to_a]


def test_on_a_phone_the_filters_start_folded_and_open_on_request(page):
    page.set_viewport_size(PHONE)
    page.goto("/interventions/?theme=knife-crime")
    knife_crime = page.locator("#theme-knife-crime")
    expect(knife_crime).to_be_hidden()
    expect(page.get_by_role("link", name="Remove Theme: Knife crime")).to_be_visible()

    page.get_by_text("Filters", exact=True).click()
    expect(knife_crime).to_be_visible()
    # On a phone the panel covers the results, so ticking waits for the Apply button.
    page.locator("#purpose-prevention").check()
    page.wait_for_timeout(300)
    assert "purpose" not in page.url
    apply_filters(page)

    assert checked_boxes(page) == ["purpose=prevention", "theme=knife-crime"]
    expect(heading(page)).to_contain_text("theme Knife crime")


def test_beside_the_results_a_ticked_box_applies_at_once_and_keeps_the_focus(page):
    page.goto("/interventions/")
    expect(page.get_by_text("Filters apply as you choose them.")).to_be_visible()
    knife_crime = facet_count(page, "theme", "knife-crime")

    tick(page, "theme", "knife-crime")

    expect(page).to_have_url(re.compile(r"\?theme=knife-crime&ordering=name$"))
    expect(heading(page)).to_have_text(f"{knife_crime} interventions match: theme Knife crime")
    expect(page.locator("#theme-knife-crime")).to_be_focused()


def test_all_of_these_themes_keeps_only_entries_filed_under_each(page):
    page.goto("/interventions/?theme=knife-crime")
    tick(page, "theme", "young-adults")
    either = len(result_names(page))
    with page.expect_navigation():
        page.get_by_label("all of the themes ticked").check()

    both = (
        Intervention.objects.published()
        .filter(themes__slug="knife-crime")
        .filter(themes__slug="young-adults")
        .distinct()
    )
    expect(heading(page)).to_contain_text("theme Knife crime and Young adults")
    assert sorted(result_names(page)) == sorted(entry.display_name for entry in both)
    assert len(result_names(page)) < either
    # Each theme's count now says how many would have it too.
    assert facet_count(page, "theme", "knife-crime") == both.count()
    expect(page).to_have_url(re.compile(r"match=all"))


def test_on_a_phone_an_apply_button_is_always_within_reach(page):
    page.set_viewport_size(PHONE)
    page.goto("/interventions/")
    page.get_by_text("Filters", exact=True).click()
    apply_buttons = page.get_by_role("button", name="Apply filters")
    expect(apply_buttons.first).to_be_in_viewport()
    groups = page.locator("#filter-panel .filter-group")
    for number in [3, 6, groups.count() - 1]:
        groups.nth(number).scroll_into_view_if_needed()
        expect(apply_buttons.last).to_be_in_viewport()
