"""The list and outcomes pages do not move once drawn: on a phone the filters arrive folded,
and on a wide screen they arrive open beside the results, with or without JavaScript."""

import pytest

from tests.browser.support import DESKTOP, PHONE, expect, open_session

pytestmark = pytest.mark.browser

PAGES = ["/interventions/?theme=knife-crime", "/outcomes/"]
# Every layout shift the page makes while loading, added up, as Core Web Vitals counts it.
MEASURE_LAYOUT_SHIFT = """
window.layoutShift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.layoutShift += entry.value;
  }
}).observe({ type: "layout-shift", buffered: true });
"""
# "Good" in Core Web Vitals is at most 0.1.
GOOD_LAYOUT_SHIFT = 0.1


def layout_shift(page, address):
    page.add_init_script(MEASURE_LAYOUT_SHIFT)
    page.goto(address, wait_until="load")
    page.wait_for_timeout(500)  # anything a script would do after loading
    return page.evaluate("window.layoutShift")


@pytest.mark.parametrize("address", PAGES)
def test_on_a_phone_the_page_does_not_move_once_drawn(browser, site, address):
    session = open_session(browser, site, viewport=PHONE)
    page = session.new_page()
    shift = layout_shift(page, address)
    expect(page.locator("#filter-panel")).not_to_have_attribute("open", "")
    expect(page.locator("#filter-panel .apply").first).to_be_hidden()
    session.context.close()
    assert shift <= GOOD_LAYOUT_SHIFT, f"{address}: layout shift {shift:.3f}"


@pytest.mark.parametrize("java_script_enabled", [True, False], ids=["script", "no-script"])
@pytest.mark.parametrize("address", PAGES)
def test_on_a_wide_screen_the_filters_show_beside_the_results(
    browser, site, address, java_script_enabled
):
    session = open_session(browser, site, viewport=DESKTOP, java_script_enabled=java_script_enabled)
    page = session.new_page()
    if java_script_enabled:
        shift = layout_shift(page, address)
        assert shift <= GOOD_LAYOUT_SHIFT, f"{address}: layout shift {shift:.3f}"
        expect(page.locator("#filter-panel")).to_have_attribute("open", "")
    else:
        page.goto(address)
    expect(page.locator("#filter-panel .apply").first).to_be_visible()
    session.context.close()
