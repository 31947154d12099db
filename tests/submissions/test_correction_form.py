import html
import re

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse

from submissions.models import Submission, SubmissionKind
from tests.submissions.pages import field_error, summary_links

pytestmark = pytest.mark.django_db

CORRECTION_URL = reverse("submissions:correction")
NOT_FOUND = "We could not find a published entry at that address"


def selected_entry(content):
    match = re.search(r'<option value="([^"]+)" selected>', content)
    return match.group(1) if match else None


def test_the_entry_named_in_the_address_is_pre_selected(client, published_entry):
    response = client.get(CORRECTION_URL, {"entry": published_entry.slug})
    content = response.content.decode()
    assert response.status_code == 200
    assert selected_entry(content) == "operation-published"
    assert NOT_FOUND not in content
    assert len(re.findall(r"<h1[ >]", content)) == 1


def test_the_link_for_entry_pages_opens_the_form_with_that_entry_chosen(client, published_entry):
    link = render_to_string("submissions/_correction_link.html", {"entry": published_entry})
    href = html.unescape(re.search(r'href="([^"]+)"', link).group(1))
    assert "Suggest a correction or update" in link
    assert href == f"{CORRECTION_URL}?entry=operation-published"
    assert selected_entry(client.get(href).content.decode()) == "operation-published"


def test_a_draft_is_neither_pre_selected_nor_named(client, published_entry, draft_entry):
    content = client.get(CORRECTION_URL, {"entry": draft_entry.slug}).content.decode()
    assert selected_entry(content) is None
    assert NOT_FOUND in content
    assert "Secret draft entry" not in content
    assert 'value="secret-draft"' not in content


@pytest.mark.parametrize(
    "entry",
    ["no-such-entry", "<script>alert(1)</script>", "a" * 5000, "null\x00byte", "café"],
)
def test_an_unknown_or_hostile_entry_gives_the_form_and_a_message(client, published_entry, entry):
    response = client.get(CORRECTION_URL, {"entry": entry})
    content = response.content.decode()
    assert response.status_code == 200
    assert NOT_FOUND in content
    assert selected_entry(content) is None
    assert "<script>alert(1)" not in content


def test_without_an_entry_the_form_simply_asks_for_one(client, published_entry):
    content = client.get(CORRECTION_URL).content.decode()
    assert NOT_FOUND not in content
    assert ">Operation Published</option>" in content


def test_the_correction_page_makes_a_constant_number_of_queries(
    client, published_entry, django_assert_num_queries
):
    # The entry named in the address, then the published entries for the list.
    with django_assert_num_queries(2):
        client.get(CORRECTION_URL, {"entry": published_entry.slug})


def test_a_valid_correction_lands_in_the_queue_linked_to_its_entry(
    client, valid_correction, published_entry
):
    response = client.post(CORRECTION_URL, valid_correction)
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.kind == SubmissionKind.CORRECTION
    assert submission.intervention == published_entry
    assert submission.correction_details == "The project now also runs in Weymouth."
    assert submission.correction_source == "https://example.org/annual-report-2024"
    assert submission.consent_to_contact is True

    confirmation = client.get(response["Location"]).content.decode()
    assert "Suggestion sent" in confirmation
    assert submission.reference in confirmation
    assert len(mail.outbox) == 2
    assert "Catalogue entry: Operation Published" in mail.outbox[1].body


def test_a_correction_cannot_be_sent_about_a_draft(client, valid_correction, draft_entry):
    response = client.post(CORRECTION_URL, {**valid_correction, "intervention": "secret-draft"})
    content = response.content.decode()
    assert field_error(content, "intervention") == "Choose an entry from the list"
    assert "Secret draft entry" not in content
    assert Submission.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"intervention": ""}, "intervention", "Choose the entry your correction is about"),
        ({"intervention": "x\x00y"}, "intervention", "Choose an entry from the list"),
        ({"correction_details": ""}, "correction_details", "Enter what is wrong, missing or new"),
        ({"correction_source": ""}, "correction_source", "Enter where we can check it"),
        (
            {"correction_source": "s" * 1001},
            "correction_source",
            "must be 1000 characters or fewer (it has 1001)",
        ),
        ({"submitter_email": "nobody"}, "submitter_email", "Enter an email address"),
        ({"consent_to_contact": ""}, "consent_to_contact", "Tick the box"),
    ],
)
def test_each_problem_with_a_correction_is_named_beside_its_field(
    client, valid_correction, changes, field, message
):
    response = client.post(CORRECTION_URL, {**valid_correction, **changes})
    content = response.content.decode()
    assert response.status_code == 200
    assert message in (field_error(content, field) or "")
    assert message in summary_links(content)[0][1]
    assert Submission.objects.count() == 0


def test_what_was_typed_in_a_correction_is_kept(client, valid_correction):
    content = client.post(
        CORRECTION_URL, {**valid_correction, "submitter_name": ""}
    ).content.decode()
    assert selected_entry(content) == "operation-published"
    assert "The project now also runs in Weymouth." in content
    assert 'value="alex.jones@example.org"' in content
