"""The browser tests say why they cannot run, rather than failing obscurely or passing emptily."""

from tests.browser import support


def test_without_chromium_the_browser_tests_name_the_missing_program(monkeypatch, tmp_path):
    monkeypatch.setattr(support, "CHROMIUM", tmp_path / "chromium")

    assert support.why_no_browser() == (
        f"Chromium is not installed at {tmp_path / 'chromium'} (apt-get install chromium)"
    )


def test_without_playwright_the_browser_tests_say_how_to_install_it(monkeypatch):
    monkeypatch.setattr(support, "expect", None)

    assert support.why_no_browser() == (
        "the playwright package is not installed (run `make install`)"
    )


def test_chromium_is_started_headless_without_background_traffic():
    assert support.CHROMIUM_ARGS == [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]
