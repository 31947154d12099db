"""A curator signs in through the admin's form, publishes a draft, and readers find it."""

import re

import pytest
from django.conf import settings

from interventions.models import Force, PublicationState, Theme
from tests.browser.support import CURATOR_PASSWORD, expect, result_names, sign_in_to_admin
from tests.factories import make_intervention

pytestmark = pytest.mark.browser

DRAFT_NAME = "Operation Lighthouse"


@pytest.fixture
def draft(site):
    return make_intervention(
        name=DRAFT_NAME,
        slug="operation-lighthouse",
        summary="Detached youth workers patrol the seafront on summer evenings.",
        state=PublicationState.DRAFT,
        themes=[Theme.objects.get(slug="knife-crime")],
        forces=[Force.objects.get(slug="dorset")],
    )


def search_the_catalogue(page, words):
    page.goto("/interventions/")
    page.get_by_label("Search interventions").fill(words)
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_load_state()


def test_a_curator_publishes_a_draft_and_readers_find_it_on_the_public_list(
    page, another_browser, curator, draft
):
    reader = another_browser().new_page()
    search_the_catalogue(reader, DRAFT_NAME)
    expect(reader.locator("#results-heading")).to_contain_text(DRAFT_NAME)
    assert DRAFT_NAME not in result_names(reader)
    assert reader.goto(draft.get_absolute_url()).status == 404

    sign_in_to_admin(page, "cora", CURATOR_PASSWORD)
    expect(page.get_by_role("banner")).to_contain_text("Welcome, Cora")
    page.get_by_role("link", name="Interventions", exact=True).first.click()
    draft_row = page.get_by_role("row").filter(has_text=DRAFT_NAME)
    expect(draft_row).to_contain_text("Draft")
    draft_row.get_by_role("checkbox").check()
    page.get_by_label("Action:").select_option(label="Publish selected entries")
    page.get_by_role("button", name="Go").click()

    expect(page.get_by_text("1 entry published.")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text=DRAFT_NAME)).to_contain_text("Published")

    search_the_catalogue(reader, DRAFT_NAME)
    assert result_names(reader) == [DRAFT_NAME]
    reader.get_by_role("link", name=DRAFT_NAME, exact=True).click()
    expect(reader.locator("h1")).to_have_text(DRAFT_NAME)
    reader.goto("/themes/knife-crime/")
    assert DRAFT_NAME in result_names(reader)


def test_a_curator_who_mistypes_the_password_too_often_is_paused_even_with_the_right_one(
    page, curator
):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in_to_admin(page, "cora", "wrong password")
        expect(page.get_by_text("Please enter the correct username and password")).to_be_visible()

    sign_in_to_admin(page, "cora", "wrong password")
    expect(page.get_by_text(re.compile("signing in is paused for 15 minutes"))).to_be_visible()

    sign_in_to_admin(page, "cora", CURATOR_PASSWORD)
    expect(page.get_by_text(re.compile("signing in is paused"))).to_be_visible()
    expect(page.get_by_text("Welcome, Cora")).to_have_count(0)
