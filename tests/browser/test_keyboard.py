"""With a keyboard alone, a reader reaches, ticks and applies the filters, seeing the focus."""

import re

import pytest

from tests.browser.support import PHONE, checked_boxes, expect

pytestmark = pytest.mark.browser

# Where the focus is, and whether a sighted keyboard user can see it.
FOCUS = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const label = element.labels && element.labels.length ? element.labels[0].innerText : "";
    return {
        element: `${element.tagName.toLowerCase()}#${element.id} ${element.name || ""} `
            + (label || element.innerText || "").trim().slice(0, 40),
        id: element.id,
        focusVisible: element.matches(":focus-visible"),
        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
        boxShadow: style.boxShadow !== "none",
    };
}"""
MAX_TAB_STOPS = 150


def focused(page):
    return page.evaluate(FOCUS)


def assert_focus_is_visible(focus):
    assert focus["focusVisible"], f"{focus['element']} is focused but not :focus-visible"
    assert focus["outline"] or focus["boxShadow"], (
        f"{focus['element']} shows no outline or box-shadow when focused"
    )


def tab_to(page, element_id):
    """Presses Tab until the element has the focus, checking every stop on the way is visible."""
    stops = []
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        focus = focused(page)
        assert_focus_is_visible(focus)
        stops.append(focus["element"])
        if focus["id"] == element_id:
            return stops
    raise AssertionError(f"#{element_id} never got the focus; the Tab stops were: {stops}")


def test_the_first_tab_stop_skips_to_the_main_content(page):
    page.goto("/interventions/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    assert_focus_is_visible(focused(page))

    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Search interventions")).to_be_focused()


def test_a_keyboard_user_ticks_a_filter_with_space_and_applies_it_with_enter(page):
    page.goto("/interventions/")

    tab_to(page, "theme-knife-crime")
    # Beside the results a ticked box applies at once, and the new page gives the focus
    # back to the box, so the reader carries on from where they were.
    with page.expect_navigation():
        page.keyboard.press("Space")
    expect(page.locator("#theme-knife-crime")).to_be_checked()
    expect(page.locator("#theme-knife-crime")).to_be_focused()
    tab_to(page, "region-london")
    with page.expect_navigation():
        page.keyboard.press("Space")
    expect(page.locator("#region-london")).to_be_checked()
    expect(page.locator("#region-london")).to_be_focused()

    apply_button = page.get_by_role("button", name="Apply filters").last
    apply_button.evaluate("button => button.id = 'apply-filters'")
    tab_to(page, "apply-filters")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"theme=knife-crime"))
    expect(page.locator("#results-heading")).to_contain_text("theme Knife crime; region London")
    assert checked_boxes(page) == ["region=london", "theme=knife-crime"]


def test_the_skip_link_in_the_filters_moves_the_focus_to_the_results(page):
    page.goto("/interventions/?theme=knife-crime")

    skip = page.get_by_role("link", name="Skip to the results")
    skip.evaluate("link => link.id = 'skip-to-results'")
    tab_to(page, "skip-to-results")
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")

    expect(page.locator("#results")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Remove Theme: Knife crime")).to_be_focused()


def test_on_a_phone_the_folded_filters_open_from_the_keyboard(page):
    page.set_viewport_size(PHONE)
    page.goto("/interventions/")
    summary = page.locator("#filter-panel > summary")
    summary.evaluate("summary => summary.id = 'filter-summary'")
    expect(page.locator("#theme-knife-crime")).to_be_hidden()

    tab_to(page, "filter-summary")
    page.keyboard.press("Enter")

    expect(page.locator("#filter-panel")).to_have_attribute("open", "")
    tab_to(page, "theme-child-sexual-abuse-and-exploitation")
    page.keyboard.press("Space")
    expect(page.locator("#theme-child-sexual-abuse-and-exploitation")).to_be_checked()
