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
from django.db import DEFAULT_DB_ALIAS, connections

from tests.browser import support

os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")


@pytest.fixture(scope="session")
def browser(django_db_setup):
    reason = support.why_no_browser()
    if reason:
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"REQUIRE_BROWSER is set but {reason}", pytrace=False)
        pytest.skip(f"browser tests skipped: {reason}")
    from playwright.sync_api import sync_playwright

    # Playwright's synchronous API keeps an event loop in this thread; Django would take the
    # test's own database calls for calls from async code and refuse them.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    migrated_rows = getattr(connections[DEFAULT_DB_ALIAS], "_test_serialized_contents", None)
    with sync_playwright() as playwright:
        # With an event loop in the thread, Django keys its connections by context and opens
        # a new one here; serialized rollback restores from the rows saved on the first.
        if migrated_rows is not None:
            connections[DEFAULT_DB_ALIAS]._test_serialized_contents = migrated_rows
        # launch() starts Chromium on a fresh temporary profile, removed when it closes.
        chromium = playwright.chromium.launch(
            executable_path=str(support.CHROMIUM), headless=True, args=support.CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture(scope="session")
def live_server(browser, live_server):
    """The live server, started after the browser so that it shares the tests' connection."""
    return live_server


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


def _closed(sessions):
    for session in sessions:
        session.context.close()
    problems = [problem for session in sessions for problem in session.problems]
    assert not problems, "\n".join(problems)


@pytest.fixture
def session(browser, site):
    opened = support.open_session(browser, site)
    yield opened
    _closed([opened])


@pytest.fixture
def page(session):
    return session.new_page()


@pytest.fixture
def no_js_page(browser, site):
    opened = support.open_session(browser, site, java_script_enabled=False)
    yield opened.new_page()
    _closed([opened])


@pytest.fixture
def another_browser(browser, site):
    """Opens further, separate browser sessions: another reader, or the same one later."""
    opened = []

    def open_another(**options):
        opened.append(support.open_session(browser, site, **options))
        return opened[-1]

    yield open_another
    _closed(opened)


@pytest.fixture
def curator(site):
    """A member of the Curator group, set up as in production by `setup_roles`."""
    call_command("setup_roles", stdout=StringIO())
    user = User.objects.create_user(
        "cora", "cora@example.org", support.CURATOR_PASSWORD, is_staff=True, first_name="Cora"
    )
    user.groups.add(Group.objects.get(name="Curator"))
    return user


@pytest.fixture
def editor(curator):
    """A member of the Editor group (roles set up by the curator fixture)."""
    user = User.objects.create_user(
        "edith", "edith@example.org", support.CURATOR_PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name="Editor"))
    return user


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
    support.run_report["screenshots"] = folder
    return folder


def pytest_terminal_summary(terminalreporter):
    if support.run_report["screenshots"]:
        terminalreporter.write_line(
            f"Screenshots of the public pages: {support.run_report['screenshots']}"
        )
