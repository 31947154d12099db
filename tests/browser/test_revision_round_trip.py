"""An editor changes a published figure; readers keep seeing the old one until a curator
approves the change, and then see the new one."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User

from evaluations.models import OutcomeMetric
from interventions.models import PendingRevision
from tests.browser.support import (
    CURATOR_PASSWORD,
    accessibility_violations,
    expect,
    sign_in_to_admin,
)

pytestmark = pytest.mark.browser

NEW_FIGURE = "77.7"


@pytest.fixture
def editor(curator):
    user = User.objects.create_user(
        "edith", "edith@example.org", CURATOR_PASSWORD, is_staff=True, first_name="Edith"
    )
    user.groups.add(Group.objects.get(name="Editor"))
    return user


def test_a_changed_figure_goes_live_only_when_a_curator_approves_it(
    page, another_browser, editor, curator
):
    figure = (
        OutcomeMetric.objects.filter(intervention__publication_state="published", unit="percent")
        .select_related("intervention")
        .order_by("pk")
        .first()
    )
    entry_url = figure.intervention.get_absolute_url()
    reader = another_browser().new_page()
    reader.goto(entry_url)
    expect(reader.locator("main")).to_contain_text(figure.measure)
    assert NEW_FIGURE not in reader.locator("main").inner_text()

    sign_in_to_admin(page, "edith", CURATOR_PASSWORD)
    page.goto(f"/{settings.ADMIN_URL}evaluations/outcomemetric/{figure.pk}/change/")
    expect(page.locator("#held-for-review-notice")).to_be_visible()
    page.locator("#id_value").fill(NEW_FIGURE)
    page.get_by_label("Why this change").fill("The report's table gives 77.7%")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("is waiting for a curator's review")).to_be_visible()

    reader.reload()
    assert NEW_FIGURE not in reader.locator("main").inner_text()

    revision = PendingRevision.objects.get()
    curator_page = another_browser().new_page()
    sign_in_to_admin(curator_page, "cora", CURATOR_PASSWORD)
    curator_page.goto(f"/{settings.ADMIN_URL}interventions/pendingrevision/{revision.pk}/change/")
    expect(curator_page.locator("h1")).to_contain_text("Review the change")
    expect(curator_page.locator(".revision-rows, #revision-fields").first).to_contain_text(
        NEW_FIGURE
    )
    assert accessibility_violations(curator_page) == []
    curator_page.get_by_label("Your reason").fill("Matches table 3 of the report")
    curator_page.get_by_role("button", name="Approve and make it live").click()
    expect(curator_page.get_by_text("is approved and live")).to_be_visible()
    assert accessibility_violations(curator_page) == []

    reader.reload()
    expect(reader.locator("main")).to_contain_text(NEW_FIGURE)
