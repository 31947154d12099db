"""Screenshots of every public page at desktop and phone widths, for a person to look at.

They are written to BROWSER_SCREENSHOTS_DIR, or test-artifacts/screenshots/<time>/, and the
folder is named at the end of the run.
"""

import re
import struct

import pytest

from tests.browser.practice import fill_in_practice
from tests.browser.support import PUBLIC_PAGES, expect

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": 1280, "phone": 375}


def png_size(path):
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", header[16:24])


def slug(name):
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def capture(page, folder, number, name, width):
    """Saves the whole page; it must fit the window's width, with nothing to scroll sideways."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} is {overflow} px wider than a {width} px window"
    path = folder / f"{number:02d}-{slug(name)}-{width}px.png"
    page.screenshot(path=path, full_page=True)
    saved_width, saved_height = png_size(path)
    assert saved_width == width
    assert saved_height >= page.viewport_size["height"]
    return path


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_every_public_page_is_captured_and_fits_the_screen(page, screenshots_dir, width):
    page.set_viewport_size({"width": width, "height": 900})
    saved = []
    for number, (name, path) in enumerate(PUBLIC_PAGES.items(), start=1):
        page.goto(path)
        expect(page.locator("h1")).to_have_count(1)
        saved.append(capture(page, screenshots_dir, number, name, width))

    page.goto("/share-practice/")
    page.get_by_role("button", name="Send your practice").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    saved.append(capture(page, screenshots_dir, len(saved) + 1, "share practice errors", width))

    fill_in_practice(page)
    page.get_by_role("button", name="Send your practice").click()
    expect(page.locator("h1")).to_have_text("Practice sent")
    saved.append(capture(page, screenshots_dir, len(saved) + 1, "practice sent", width))

    assert len(saved) == len(PUBLIC_PAGES) + 2
