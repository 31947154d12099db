"""A reader follows a filtered list by email, keyboard and screen reader friendly."""

import pytest

from alerts import tokens
from alerts.models import Subscription
from tests.browser.support import accessibility_violations, expect

pytestmark = pytest.mark.browser


def assert_no_violations(page, where):
    violations = accessibility_violations(page)
    assert not violations, f"axe found {len(violations)} violation(s) on {where}:\n" + "\n".join(
        violations
    )


def test_a_reader_asks_for_alerts_from_a_filtered_list(page):
    page.goto("/interventions/?theme=knife-crime&region=london")
    page.get_by_role("link", name="Get email alerts for these results").click()

    expect(page.locator("h1")).to_have_text("Get email alerts for these results")
    expect(page.get_by_text("Theme Knife crime; region London")).to_be_visible()
    assert_no_violations(page, "the subscribe page")

    page.get_by_role("button", name="Send me a confirmation email").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_no_violations(page, "the subscribe page with errors")

    page.get_by_label("Email address").fill("reader@example.org")
    page.get_by_label("As soon as there is something new").check()
    page.get_by_role("button", name="Send me a confirmation email").click()

    expect(page.locator("h1")).to_have_text("Check your email")
    assert_no_violations(page, "the check-your-email page")
    subscription = Subscription.objects.get()
    assert (subscription.search, subscription.frequency) == (
        "theme=knife-crime&region=london",
        "instant",
    )
    assert not subscription.is_confirmed

    page.goto(f"/alerts/confirm/{tokens.confirm_token(subscription)}/")
    expect(page.locator("h1")).to_have_text("Confirm your email alert")
    assert_no_violations(page, "the confirm page")
    subscription.refresh_from_db()
    assert not subscription.is_confirmed

    page.get_by_role("button", name="Confirm this alert").click()
    expect(page.locator("h1")).to_have_text("Your email alert is on")
    assert_no_violations(page, "the alert-is-on page")
    subscription.refresh_from_db()
    assert subscription.is_confirmed
