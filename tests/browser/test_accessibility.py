"""axe-core checks every key page against WCAG 2.2 A and AA in a real browser."""

import pytest
from django.conf import settings

from evaluations.models import EvaluationReport
from interventions.models import Intervention, PublicationState
from tests.browser.support import (
    CURATOR_PASSWORD,
    PHONE,
    PUBLIC_PAGES,
    accessibility_violations,
    expect,
    sign_in_to_admin,
)
from tests.factories import make_intervention
from tests.submissions.factories import make_submission

pytestmark = pytest.mark.browser


def assert_no_violations(page, where):
    violations = accessibility_violations(page)
    assert not violations, f"axe found {len(violations)} violation(s) on {where}:\n" + "\n".join(
        violations
    )


@pytest.mark.parametrize("path", PUBLIC_PAGES.values(), ids=PUBLIC_PAGES.keys())
def test_a_public_page_has_no_wcag_violations(page, path):
    page.goto(path)
    expect(page.locator("h1")).to_have_count(1)

    assert_no_violations(page, path)


def test_the_filtered_list_on_a_phone_has_no_wcag_violations(page):
    page.set_viewport_size(PHONE)
    page.goto(PUBLIC_PAGES["list with filters"])

    assert_no_violations(page, "the filtered list at 375 px")
    page.get_by_text("Filters", exact=True).click()
    assert_no_violations(page, "the filtered list at 375 px with its filters open")


@pytest.mark.parametrize(
    "path", ["/evidence/gap-map/", "/evidence/gap-map/?region=london&region=atlantis"]
)
def test_the_evidence_and_gap_map_has_no_wcag_violations(page, path):
    page.goto(path)
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("#chart-gap-map")).to_have_count(1)

    assert_no_violations(page, path)
    page.get_by_text("Filters", exact=True).click()
    assert_no_violations(page, f"{path} with its filters open")


def test_the_share_practice_form_with_errors_has_no_wcag_violations(page):
    page.goto("/share-practice/")
    page.get_by_role("button", name="Send your practice").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()

    assert_no_violations(page, "the share-practice form with errors")


def test_the_confirmation_page_has_no_wcag_violations(page):
    page.goto("/share-practice/correction/?entry=operation-deter")
    page.get_by_label("What is wrong, missing or new?").fill("It now also runs in Corby.")
    page.get_by_label("Where can we check it?").fill("https://example.org/annual-report")
    page.get_by_label("Your name").fill("Alex Jones")
    page.get_by_label("Your role").fill("Analyst")
    page.get_by_label("Email address").fill("alex.jones@example.org")
    page.get_by_label("The VKPP may contact me about this submission").check()
    page.get_by_role("button", name="Send your suggestion").click()
    expect(page.locator("h1")).to_have_text("Suggestion sent")

    assert_no_violations(page, "the confirmation page")


def admin_pages():
    """The admin pages of the editorial workflow, by name, as addresses built once the
    seeded catalogue and a submission exist."""
    entry = Intervention.objects.get(slug="habitual-knife-carriers-project")
    report = EvaluationReport.objects.filter(interventions=entry).first()
    submission = make_submission(intervention_name="Operation Harbour")
    admin = f"/{settings.ADMIN_URL}"
    return {
        "the curator's desk": admin,
        "the intervention add page": f"{admin}interventions/intervention/add/",
        "the intervention change page": f"{admin}interventions/intervention/{entry.pk}/change/",
        "the submissions queue": f"{admin}submissions/submission/",
        "a submission": f"{admin}submissions/submission/{submission.pk}/change/",
        "the report change page": f"{admin}evaluations/evaluationreport/{report.pk}/change/",
    }


def test_the_workflow_admin_pages_have_no_wcag_violations(page, curator):
    sign_in_to_admin(page, "cora", CURATOR_PASSWORD)
    found = []
    for name, path in admin_pages().items():
        page.goto(path)
        expect(page.locator("h1")).to_have_count(1)
        found += [f"{name}: {violation}" for violation in accessibility_violations(page)]
    assert not found, "axe found violations in the admin:\n" + "\n".join(found)


def test_the_editor_home_has_no_wcag_violations(page, editor):
    make_intervention(name="Edith's draft", state=PublicationState.DRAFT).history.update(
        history_user=editor
    )
    sign_in_to_admin(page, "edith", CURATOR_PASSWORD)
    page.goto(f"/{settings.ADMIN_URL}")
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    expect(page.get_by_role("link", name="Edith's draft")).to_be_visible()

    assert_no_violations(page, "the editor's home")


def test_the_checker_names_each_violation_it_finds(page):
    page.goto("/")
    page.evaluate(
        """() => {
            const field = document.createElement("input");
            field.id = "unlabelled-field";
            document.querySelector("main").append(field);
        }"""
    )

    violations = accessibility_violations(page)

    assert violations == [
        "label (critical): Form elements must have labels [1 element(s): #unlabelled-field]"
    ]
