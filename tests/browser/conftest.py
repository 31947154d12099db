"""A real browser against the live test server: Debian's Chromium, driven by Playwright.

The tests never download a browser. Where /usr/bin/chromium or the playwright package is
missing they skip, saying which; with REQUIRE_BROWSER=1 (as CI sets) they fail instead.
"""

import os
from datetime import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.management import call_command

os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

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

_report = {"screenshots": None, "admin_violations": []}


def why_no_browser():
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (run `make install`)"
    if not CHROMIUM.exists():
        return f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = why_no_browser()
    if reason:
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"REQUIRE_BROWSER is set but {reason}", pytrace=False)
        pytest.skip(f"browser tests skipped: {reason}")
    from playwright.sync_api import sync_playwright

    # Playwright's synchronous API keeps an event loop in this thread; Django would take the
    # test's own database calls for calls from async code and refuse them.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        # launch() starts Chromium on a fresh temporary profile, removed when it closes.
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Submission rate limits and cached pages from one test never reach the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def private_storage(settings, tmp_path):
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    return settings.PRIVATE_STORAGE_ROOT


@pytest.fixture
def site(django_db_serialized_rollback, live_server, private_storage):
    """The live server with the real seeded catalogue.

    Serialized rollback brings back the forces, themes and other rows that migrations
    load, which each live-server test's flush removes.
    """
    call_command("seed_catalogue", stdout=StringIO())
    return live_server


class BrowserSession:
    """Opens pages in one browser context and notes what would break them for a reader."""

    def __init__(self, context, base_url):
        self.context = context
        self.base_url = base_url
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


def open_session(browser, live_server, **options):
    context = browser.new_context(
        base_url=live_server.url, viewport=options.pop("viewport", DESKTOP), **options
    )
    return BrowserSession(context, live_server.url)


@pytest.fixture
def session(browser, site):
    opened = open_session(browser, site)
    yield opened
    opened.context.close()
    assert not opened.problems, "\n".join(opened.problems)


@pytest.fixture
def another_browser(browser, site):
    """Opens further, separate browser sessions: another reader, or the same one later."""
    opened = []

    def open_another(**options):
        opened.append(open_session(browser, site, **options))
        return opened[-1]

    yield open_another
    for each in opened:
        each.context.close()
    problems = [problem for each in opened for problem in each.problems]
    assert not problems, "\n".join(problems)


@pytest.fixture
def page(session):
    return session.new_page()


@pytest.fixture
def no_js_page(browser, site):
    opened = open_session(browser, site, java_script_enabled=False)
    yield opened.new_page()
    opened.context.close()
    assert not opened.problems, "\n".join(opened.problems)


@pytest.fixture
def curator(site):
    """A member of the Curator group, set up as in production by `setup_roles`."""
    call_command("setup_roles", stdout=StringIO())
    user = User.objects.create_user(
        "cora", "cora@example.org", CURATOR_PASSWORD, is_staff=True, first_name="Cora"
    )
    user.groups.add(Group.objects.get(name="Curator"))
    return user


def sign_in_to_admin(page, username, password):
    """Signs in through the admin's own form, so sign-in throttling applies as in production."""
    page.goto(f"/{django_settings.ADMIN_URL}login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


@pytest.fixture(scope="session")
def screenshots_dir():
    folder = Path(
        os.environ.get("BROWSER_SCREENSHOTS_DIR")
        or django_settings.BASE_DIR
        / "test-artifacts"
        / "screenshots"
        / datetime.now().strftime("%Y%m%d-%H%M%S")
    )
    folder.mkdir(parents=True, exist_ok=True)
    _report["screenshots"] = folder
    return folder


def note_admin_violations(page_name, violations):
    _report["admin_violations"].extend((page_name, violation) for violation in violations)


def pytest_terminal_summary(terminalreporter):
    if _report["admin_violations"]:
        terminalreporter.section("accessibility of the admin (reported, not enforced)")
        for page_name, violation in _report["admin_violations"]:
            terminalreporter.write_line(f"{page_name}: {violation}")
    if _report["screenshots"]:
        terminalreporter.write_line(f"Screenshots of the public pages: {_report['screenshots']}")
