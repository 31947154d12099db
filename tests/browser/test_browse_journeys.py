"""A reader finds interventions from the home page: by theme, by force, and by searching."""

import re

import pytest

from interventions.interpretation import read_search
from interventions.models import Force, Intervention, Theme
from tests.browser.support import checked_boxes, expect, result_names

pytestmark = pytest.mark.browser


def published_names(queryset):
    return sorted(entry.display_name for entry in queryset.published())


def test_a_reader_browses_from_the_home_page_to_a_theme_and_opens_an_entry(page):
    knife_crime = Theme.objects.get(slug="knife-crime")
    expected = published_names(knife_crime.interventions.all())
    page.goto("/")
    themes = page.get_by_role("region", name="Browse by theme")
    expect(themes.get_by_role("listitem").filter(has_text="Knife crime")).to_contain_text(
        f"({len(expected)} published entries)"
    )

    themes.get_by_role("link", name="Knife crime", exact=True).click()

    expect(page).to_have_url(re.compile(r"/themes/knife-crime/$"))
    expect(page.locator("h1")).to_have_text("Knife crime")
    expect(page.get_by_role("heading", level=2).first).to_have_text(
        f"{len(expected)} published interventions"
    )
    assert sorted(result_names(page)) == expected

    first = result_names(page)[0]
    page.get_by_role("link", name=first, exact=True).click()
    expect(page.locator("h1")).to_have_text(first)
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Home").click()
    expect(page.locator("h1")).to_have_text("Violence reduction interventions in England and Wales")


def test_a_reader_browses_from_the_home_page_to_a_force_and_on_to_the_filtered_list(page):
    thames_valley = Force.objects.get(slug="thames-valley")
    expected = published_names(thames_valley.interventions.all())
    page.goto("/")
    regions = page.get_by_role("region", name="Browse by region and police force")

    regions.get_by_role("link", name="Thames Valley Police", exact=True).click()

    expect(page.locator("h1")).to_have_text("Thames Valley Police")
    expect(page.get_by_text("Region: South East.")).to_be_visible()
    count_heading = page.get_by_role("heading", name=f"{len(expected)} published interventions")
    expect(count_heading).to_be_visible()
    assert sorted(result_names(page)) == expected

    page.get_by_role("link", name="Filter these interventions further").click()

    expect(page.locator("#results-heading")).to_have_text(
        f"{len(expected)} interventions match: police force Thames Valley Police"
    )
    assert checked_boxes(page) == ["force=thames-valley"]
    assert sorted(result_names(page)) == expected


def test_a_force_without_entries_invites_its_practice(page):
    page.goto("/forces/cheshire/")

    expect(page.locator("h1")).to_have_text("Cheshire Constabulary")
    expect(page.get_by_role("heading", name="0 published interventions")).to_be_visible()
    page.get_by_role("link", name="share your practice with us").click()
    expect(page.locator("h1")).to_have_text("Share your practice")


def test_a_reader_searches_from_the_home_page_and_opens_a_result(page):
    # Read as the list reads it: with the search vocabulary (hospital, A&E, ...).
    reading = read_search("hospital")
    expected = sorted(
        entry.display_name
        for entry in Intervention.objects.published().search("hospital", reading=reading)
    )
    assert expected, "the seeded catalogue has entries about hospitals"
    page.goto("/")

    page.get_by_label("Search the catalogue").fill("hospital")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/interventions/\?q=hospital$"))
    expect(page.locator("h1")).to_have_text("Search results")
    expect(page.get_by_label("Search interventions")).to_have_value("hospital")
    assert sorted(result_names(page)) == expected

    chosen = result_names(page)[0]
    page.get_by_role("link", name=chosen, exact=True).click()
    expect(page.locator("h1")).to_have_text(chosen)


def test_a_reader_reaches_an_organisation_from_an_entry(page):
    page.goto("/interventions/west-yorkshire-ae-navigator-programme/")
    organisation = "West Yorkshire Violence Reduction Partnership"

    page.get_by_role("link", name=organisation, exact=True).first.click()

    expect(page.locator("h1")).to_have_text(organisation)
    assert "A&E Navigator Programme" in result_names(page)


def test_an_entry_offers_its_citation_with_a_working_copy_button(page, session):
    session.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/interventions/habitual-knife-carriers-project/")
    citation = page.get_by_label("Citation, ready to copy")
    expect(citation).to_contain_text("Habitual Knife Carriers Project")

    page.get_by_role("button", name="Copy citation").click()

    expect(page.get_by_role("status").filter(has_text="Copied")).to_have_text(
        "Copied to the clipboard."
    )
    assert page.evaluate("navigator.clipboard.readText()") == citation.input_value()
