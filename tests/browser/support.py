"""What the browser tests share: the browser's set-up, axe-core, and reading a page.

Importing this module works without Playwright installed, so the tests can be collected
and then skipped with a reason by the ``browser`` fixture.
"""

from pathlib import Path

from django.conf import settings

try:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips every test that would use them
    Axe = expect = None

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
# Long enough for a slow CI machine, short enough that a missing element fails quickly.
TIMEOUT_MS = 10_000
CURATOR_PASSWORD = "correct horse battery staple"

# Told at the end of the run: where the screenshots went, and what axe found in the admin.
run_report = {"screenshots": None, "admin_violations": []}


def why_no_browser():
    """Why the browser tests cannot run here, or None when they can."""
    if expect is None:
        return "the playwright package is not installed (run `make install`)"
    if not CHROMIUM.exists():
        return f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    return None


class BrowserSession:
    """Opens pages in one browser context and notes what would break them for a reader."""

    def __init__(self, context):
        self.context = context
        self.problems = []

    def new_page(self):
        page = self.context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        page.on("console", self._note_console_error)
        return page

    def _note_console_error(self, message):
        # A blocked inline style or script shows only here, as a console error.
        if message.type == "error" and "Content Security Policy" in message.text:
            self.problems.append(f"{message.text} ({message.location.get('url')})")


def open_session(browser, live_server, viewport=DESKTOP, **options):
    return BrowserSession(
        browser.new_context(base_url=live_server.url, viewport=viewport, **options)
    )


def sign_in_to_admin(page, username, password):
    """Signs in through the admin's own form, so sign-in throttling applies as in production."""
    page.goto(f"/{settings.ADMIN_URL}login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def note_admin_violations(page_name, violations):
    run_report["admin_violations"].extend((page_name, violation) for violation in violations)


# The public pages, as readers reach them: one of each kind, and the states they can be in.
PUBLIC_PAGES = {
    "home": "/",
    "list": "/interventions/",
    "list with filters": "/interventions/?theme=knife-crime&region=london&has_report=true",
    "search results": "/interventions/?q=hospital",
    "list with no match": "/interventions/?theme=hotspot-policing&region=wales",
    "detail": "/interventions/habitual-knife-carriers-project/",
    "how we rate evidence": "/about/evidence-ratings/",
    "theme": "/themes/knife-crime/",
    "force": "/forces/thames-valley/",
    "force without entries": "/forces/cheshire/",
    "organisation": "/organisations/west-yorkshire-vrp/",
    "share practice": "/share-practice/",
    "suggest a correction": "/share-practice/correction/?entry=operation-deter",
    "page not found": "/no-such-page/",
}

# WCAG 2.0, 2.1 and 2.2 at levels A and AA, as axe-core tags its rules.
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def accessibility_violations(page):
    """axe-core's WCAG A and AA violations on the page as it is now, one readable line each."""
    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_AA_TAGS},
            "resultTypes": ["violations"],
        },
    )
    return [describe(violation) for violation in results.response["violations"]]


TARGETS_NAMED = 10


def describe(violation):
    targets = [" ".join(node["target"]) for node in violation["nodes"]]
    named = "; ".join(targets[:TARGETS_NAMED])
    if len(targets) > TARGETS_NAMED:
        named += f"; and {len(targets) - TARGETS_NAMED} more"
    return (
        f"{violation['id']} ({violation['impact']}): {violation['help']}"
        f" [{len(targets)} element(s): {named}]"
    )


def checked_boxes(page, form_selector="#catalogue-form"):
    """The name=value of every ticked checkbox in the form, sorted."""
    return sorted(
        page.locator(f"{form_selector} input[type=checkbox]:checked").evaluate_all(
            "boxes => boxes.map(box => box.name + '=' + box.value)"
        )
    )


def result_names(page):
    """The names of the entries listed on a page of results, in order."""
    return page.locator(".cards .card-title").all_inner_texts()


def facet_count(page, name, value):
    """The number shown beside a filter option, e.g. 7 for 'Knife crime (7 matches)'."""
    text = page.locator(f"label[for='{name}-{value}'] .count").inner_text()
    return int(text.strip("()").split()[0])
