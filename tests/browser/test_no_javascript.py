"""With JavaScript off, every public journey still works: the pages promise it."""

import re

import pytest

from interventions.models import Theme
from submissions.models import Submission
from tests.browser.practice import PRACTICE_NAME, fill_in_practice, tiny_pdf
from tests.browser.support import PHONE, checked_boxes, expect, facet_count, result_names

pytestmark = pytest.mark.browser


def test_browsing_from_the_home_page_to_a_theme_and_an_entry_works_without_javascript(
    no_js_page,
):
    page = no_js_page
    page.goto("/")
    page.get_by_role("region", name="Browse by theme").get_by_role(
        "link", name="County lines", exact=True
    ).click()

    expect(page.locator("h1")).to_have_text("County lines")
    expected = Theme.objects.get(slug="county-lines").interventions.published().count()
    assert len(result_names(page)) == expected
    first = result_names(page)[0]
    page.get_by_role("link", name=first, exact=True).click()
    expect(page.locator("h1")).to_have_text(first)


def test_filtering_sorting_and_removing_filters_work_without_javascript(no_js_page):
    page = no_js_page
    page.goto("/interventions/")
    young_adults = facet_count(page, "theme", "young-adults")

    page.locator("#theme-young-adults").check()
    page.get_by_role("button", name="Apply filters").last.click()

    expect(page.locator("#results-heading")).to_have_text(
        f"{young_adults} interventions match: theme Young adults"
    )
    assert checked_boxes(page) == ["theme=young-adults"]
    page.get_by_label("Sort by").select_option("-updated")
    page.get_by_role("button", name="Sort", exact=True).click()
    expect(page).to_have_url(re.compile(r"theme=young-adults.*ordering=-updated"))
    assert len(result_names(page)) == young_adults

    page.get_by_role("link", name="Remove Theme: Young adults").click()
    expect(page.locator("#results-heading")).to_have_text("37 interventions match")


def test_searching_from_the_home_page_works_without_javascript(no_js_page):
    page = no_js_page
    page.goto("/")
    page.get_by_label("Search the catalogue").fill("custody")
    page.get_by_role("search").get_by_role("button", name="Search").click()

    expect(page.locator("h1")).to_have_text("Search results")
    assert result_names(page), "a search for custody finds entries"


def test_on_a_phone_without_javascript_the_folded_filters_open_on_request(no_js_page):
    page = no_js_page
    page.set_viewport_size(PHONE)
    page.goto("/interventions/")
    knife_crime = page.locator("#theme-knife-crime")
    expect(knife_crime).to_be_hidden()

    page.get_by_text("Filters", exact=True).click()
    expect(knife_crime).to_be_visible()


def test_an_entry_shows_its_citation_without_a_copy_button_that_would_not_work(no_js_page):
    page = no_js_page
    page.goto("/interventions/habitual-knife-carriers-project/")

    expect(page.get_by_label("Citation, ready to copy")).to_contain_text(
        "Habitual Knife Carriers Project"
    )
    expect(page.get_by_role("button", name="Copy citation")).to_have_count(0)


def test_sharing_practice_with_a_document_works_without_javascript(no_js_page):
    page = no_js_page
    page.goto("/share-practice/")
    document = {"name": "plan.pdf", "mimeType": "application/pdf", "buffer": tiny_pdf()}

    fill_in_practice(page, attachment=document)
    page.get_by_role("button", name="Send your practice").click()

    expect(page.locator("h1")).to_have_text("Practice sent")
    submission = Submission.objects.get(reference=page.locator(".reference").inner_text())
    assert submission.intervention_name == PRACTICE_NAME
    assert [file.original_name for file in submission.files.all()] == ["plan.pdf"]


def test_without_javascript_ticking_waits_for_apply_and_all_of_the_themes_works(no_js_page):
    page = no_js_page
    page.goto("/interventions/?theme=knife-crime")
    page.locator("#theme-young-adults").check()
    page.get_by_label("all of the themes ticked").check()
    page.wait_for_timeout(300)
    assert "young-adults" not in page.url
    expect(page.get_by_text("Filters apply as you choose them.")).to_have_count(0)

    page.get_by_role("button", name="Apply filters").first.click()

    expect(page).to_have_url(re.compile(r"match=all"))
    expect(page.locator("#results-heading")).to_contain_text("theme Knife crime and Young adults")
    assert checked_boxes(page) == ["theme=knife-crime", "theme=young-adults"]
    expect(page.get_by_label("all of the themes ticked")).to_be_checked()
