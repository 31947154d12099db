"""A practitioner shares their practice, with a document, and gets a reference to quote."""

import re

import pytest

from submissions.models import Submission
from tests.browser.practice import PRACTICE_NAME, fill_in_practice, tiny_pdf
from tests.browser.support import expect, result_names

pytestmark = pytest.mark.browser

REFERENCE = re.compile(r"^VKPP-\d{4}-\d{6}$")


def business_plan():
    return {"name": "business-plan.pdf", "mimeType": "application/pdf", "buffer": tiny_pdf()}


def test_a_practitioner_shares_practice_with_a_document_and_sees_its_reference(page):
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Share your practice"
    ).click()
    expect(page.locator("h1")).to_have_text("Share your practice")

    fill_in_practice(page, attachment=business_plan())
    page.get_by_role("button", name="Send your practice").click()

    expect(page.locator("h1")).to_have_text("Practice sent")
    reference = page.locator(".reference").inner_text()
    assert REFERENCE.match(reference), reference
    submission = Submission.objects.get(reference=reference)
    assert submission.intervention_name == PRACTICE_NAME
    assert submission.force.slug == "dorset"
    assert [theme.slug for theme in submission.themes.all()] == ["knife-crime"]
    [document] = submission.files.all()
    assert document.original_name == "business-plan.pdf"
    assert document.file_type == "pdf"
    assert document.size_bytes == len(tiny_pdf())


def test_a_submission_never_reaches_the_public_catalogue(page):
    page.goto("/share-practice/")
    fill_in_practice(page)
    page.get_by_role("button", name="Send your practice").click()
    expect(page.locator("h1")).to_have_text("Practice sent")

    page.get_by_role("link", name="Browse the catalogue").click()
    page.get_by_label("Search interventions", exact=True).fill(PRACTICE_NAME)
    page.get_by_role("button", name="Search", exact=True).click()

    expect(page.locator("#results-heading")).to_contain_text("Operation Harbour")
    assert PRACTICE_NAME not in result_names(page)


def test_a_form_with_mistakes_says_what_to_fix_and_keeps_what_was_typed(page):
    page.goto("/share-practice/")
    fill_in_practice(page, attachment=business_plan())
    page.get_by_label("Your role", exact=True).fill("")
    page.get_by_label("Email address", exact=True).fill("sam.patel-at-example")

    page.get_by_role("button", name="Send your practice").click()

    expect(page).to_have_title(re.compile("^Error: Share your practice"))
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary.get_by_role("link")).to_have_text(
        ["Enter your role", re.compile("email address", re.I)]
    )
    expect(page.get_by_label("Your name", exact=True)).to_have_value("Sam Patel")
    expect(page.get_by_label("What it does", exact=True)).to_have_value(
        "Youth workers meet young people found carrying knives in custody."
    )
    expect(page.get_by_role("checkbox", name="Prevention:")).to_be_checked()
    expect(page.get_by_text("choose your files again")).to_be_visible()
    assert Submission.objects.count() == 0

    summary.get_by_role("link", name="Enter your role").click()
    expect(page.get_by_label("Your role", exact=True)).to_be_focused()
    page.keyboard.type("Detective Inspector")
    page.get_by_label("Email address", exact=True).fill("sam.patel@example.police.uk")
    page.get_by_label("Documents to send (optional)", exact=True).set_input_files(business_plan())
    page.get_by_role("button", name="Send your practice").click()

    expect(page.locator("h1")).to_have_text("Practice sent")
    assert Submission.objects.get().files.count() == 1
