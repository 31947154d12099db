"""When a form cannot be saved, people keep what the server could read and are told the rest."""

import re

import pytest
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from submissions.models import Submission
from tests.submissions.documents import pdf_upload

pytestmark = pytest.mark.django_db

SHARE_URL = reverse("submissions:share")
CORRECTION_URL = reverse("submissions:correction")


def headings(content):
    return re.findall(r"<h1[ >]", content)


def test_a_share_form_over_the_size_limit_says_what_was_lost_and_what_is_allowed(
    client, valid_practice
):
    response = client.generic(
        "POST",
        SHARE_URL,
        encode_multipart(BOUNDARY, valid_practice),
        content_type=MULTIPART_CONTENT,
        CONTENT_LENGTH=str(60 * 1024 * 1024),
    )
    content = response.content.decode()
    assert response.status_code == 413
    assert len(headings(content)) == 1
    assert "Files too large" in content
    assert "your answers could not be kept" in content
    assert "up to 5 files, each 10.0\xa0MB or smaller, and 51.0\xa0MB in all" in content
    assert "send fewer or smaller files" in content
    assert f'<a href="{SHARE_URL}">Go back to the form</a>' in content
    assert Submission.objects.count() == 0


def test_a_correction_over_the_size_limit_says_what_was_lost(client):
    response = client.generic(
        "POST",
        CORRECTION_URL,
        b"a=b",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(5 * 1024 * 1024),
    )
    content = response.content.decode()
    assert response.status_code == 413
    assert "Too much text" in content
    assert "your answers could not be kept" in content
    assert f'<a href="{CORRECTION_URL}">Go back to the form</a>' in content


def test_answers_too_long_to_read_come_back_as_far_as_they_were_read(client, valid_practice):
    # Each answer is within the request's size, but together they pass the text limit.
    data = {**valid_practice, "partners": "p" * 1_500_000, "funding": "f" * 1_500_000}
    response = client.post(SHARE_URL, data)
    content = response.content.decode()
    assert response.status_code == 413
    assert "Your answers are longer than the form can take" in content
    assert 'value="Sam Patel"' in content
    assert "Youth workers meet young people found carrying knives in custody." in content
    assert Submission.objects.count() == 0


def test_a_correction_form_that_cannot_be_read_comes_back_with_a_message(
    client, valid_correction, settings
):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    response = client.post(CORRECTION_URL, valid_correction)
    content = response.content.decode()
    assert response.status_code == 400
    assert len(headings(content)) == 1
    assert "Part of what was sent could not be read" in content
    assert "Check them and send the form again" in content
    assert Submission.objects.count() == 0


def without_token(data, url=SHARE_URL, **extra):
    return Client(enforce_csrf_checks=True).post(url, data, **extra)


def test_a_failed_csrf_check_explains_and_offers_the_typed_text_to_copy(valid_practice):
    response = without_token({**valid_practice, "files": [pdf_upload("secret-plan.pdf")]})
    content = response.content.decode()

    assert response.status_code == 403
    assert len(headings(content)) == 1
    assert "The form could not be sent" in content
    assert "the page was open for a long time" in content
    assert "blocks cookies" in content
    assert f'<a href="{SHARE_URL}">open the form again</a>' in content
    for label, value in [
        ("Your name", "Sam Patel"),
        ("Email address", "sam.patel@example.police.uk"),
        ("What it does", "Youth workers meet young people found carrying knives in custody."),
        ("Youngest age (optional)", "10"),
    ]:
        match = re.search(
            rf'<label class="field-label" for="(typed-\d+)">{re.escape(label)}</label>\s*'
            rf'<textarea id="\1" rows="\d" readonly>{re.escape(value)}</textarea>',
            content,
        )
        assert match, label
    assert "secret-plan.pdf" not in content
    assert "csrfmiddlewaretoken" not in content
    assert "<form" not in content.split("<main", 1)[-1]
    assert "no-store" in response["Cache-Control"]
    assert Submission.objects.count() == 0


def test_text_shown_back_after_a_failed_csrf_check_is_never_markup(valid_practice):
    hostile = "</textarea><script>alert(1)</script>"
    response = without_token({**valid_practice, "submitter_name": hostile})
    content = response.content.decode()
    assert hostile not in content
    assert "&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_a_failed_csrf_check_on_a_correction_offers_its_text(valid_correction):
    response = without_token(valid_correction, url=CORRECTION_URL)
    content = response.content.decode()
    assert response.status_code == 403
    assert "The project now also runs in Weymouth." in content
    assert "https://example.org/annual-report-2024" in content
    assert f'<a href="{CORRECTION_URL}">open the form again</a>' in content


def test_an_expired_token_gives_the_same_help(valid_practice):
    browser = Client(enforce_csrf_checks=True)
    browser.get(SHARE_URL)
    browser.cookies["csrftoken"] = "x" * 32  # A new cookie: the page's token no longer matches.
    response = browser.post(SHARE_URL, {**valid_practice, "csrfmiddlewaretoken": "y" * 32})
    assert response.status_code == 403
    assert "Sam Patel" in response.content.decode()


def test_other_pages_never_have_their_fields_shown_back_after_a_failed_check():
    response = without_token(
        {"username": "cora", "password": "correct horse battery staple"},
        url=reverse("admin:login"),
    )
    content = response.content.decode()
    assert response.status_code == 403
    assert "The form could not be sent" in content
    assert "correct horse battery staple" not in content
    assert "cora" not in content
