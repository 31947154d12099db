import re

import pytest
from django.core import mail
from django.urls import reverse

from submissions.models import Submission
from tests.submissions.documents import pdf_upload

pytestmark = pytest.mark.django_db

SHARE_URL = reverse("submissions:share")
CORRECTION_URL = reverse("submissions:correction")


def send_from(client, address, data, url=SHARE_URL, **extra):
    return client.post(url, data, REMOTE_ADDR=address, **extra)


def test_the_sixth_submission_in_an_hour_is_refused_with_the_answers_kept(client, valid_practice):
    for _ in range(5):
        assert send_from(client, "203.0.113.7", valid_practice).status_code == 302
    response = send_from(client, "203.0.113.7", valid_practice)

    content = response.content.decode()
    assert response.status_code == 429
    assert len(re.findall(r"<h1[ >]", content)) == 1
    assert response["Retry-After"] == "3600"
    assert "<title>Error: Share your practice" in content
    assert "up to 5 submissions an hour from one connection" in content
    assert "nothing has been saved" in content
    assert "vulnerabilityprogramme@college.pnn.police.uk" in content
    assert 'value="Sam Patel"' in content
    assert "Youth workers meet young people found carrying knives in custody." in content
    assert "choose your files again" in content
    assert Submission.objects.count() == 5
    assert len(mail.outbox) == 10


def test_a_refused_correction_keeps_what_was_typed_too(client, valid_practice, valid_correction):
    for _ in range(5):
        send_from(client, "203.0.113.7", valid_practice)
    response = send_from(client, "203.0.113.7", valid_correction, url=CORRECTION_URL)
    content = response.content.decode()
    assert response.status_code == 429
    assert "The project now also runs in Weymouth." in content
    assert 'value="alex.jones@example.org"' in content
    assert Submission.objects.count() == 5


def test_another_client_is_not_held_back(client, valid_practice):
    for _ in range(5):
        send_from(client, "203.0.113.7", valid_practice)
    assert send_from(client, "198.51.100.20", valid_practice).status_code == 302


def test_practice_and_corrections_share_one_allowance(client, valid_practice, valid_correction):
    for _ in range(5):
        send_from(client, "203.0.113.7", valid_practice)
    response = send_from(client, "203.0.113.7", valid_correction, url=CORRECTION_URL)
    assert response.status_code == 429


def test_attempts_with_mistakes_do_not_use_up_the_allowance(client, valid_practice):
    for _ in range(8):
        send_from(client, "203.0.113.7", {**valid_practice, "submitter_name": ""})
    assert send_from(client, "203.0.113.7", valid_practice).status_code == 302


def test_every_post_counts_against_a_larger_hourly_allowance_of_attempts(
    client, valid_practice, settings
):
    assert settings.SUBMISSION_ATTEMPT_LIMIT == 20
    for _ in range(20):
        response = send_from(client, "203.0.113.7", {**valid_practice, "submitter_name": ""})
        assert response.status_code == 200
    response = send_from(client, "203.0.113.7", valid_practice)

    content = response.content.decode()
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "sent more than 20 times in the last hour" in content
    assert 'value="sam.patel@example.police.uk"' in content
    assert Submission.objects.count() == 0
    assert send_from(client, "198.51.100.20", valid_practice).status_code == 302


def test_posts_refused_before_reading_count_as_attempts(client, valid_practice, settings):
    settings.SUBMISSION_ATTEMPT_LIMIT = 3
    for _ in range(3):
        response = client.generic(
            "POST",
            SHARE_URL,
            b"a=b",
            content_type="application/x-www-form-urlencoded",
            CONTENT_LENGTH=str(100 * 1024 * 1024),
            REMOTE_ADDR="203.0.113.7",
        )
        assert response.status_code == 413
    assert send_from(client, "203.0.113.7", valid_practice).status_code == 429


def test_past_the_attempts_allowance_files_are_neither_stored_nor_inspected(
    client, valid_practice, settings, monkeypatch
):
    inspected = []
    monkeypatch.setattr(
        "submissions.forms.inspect_upload", lambda upload: inspected.append(upload.name)
    )
    settings.SUBMISSION_ATTEMPT_LIMIT = 2
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # Every file would be written to a temporary file.
    files = [pdf_upload(f"plan-{number}.pdf", padding=1024 * 1024) for number in range(5)]
    for _ in range(2):
        send_from(client, "203.0.113.7", {**valid_practice, "submitter_name": "", "files": files})
    assert len(inspected) == 10
    written = []
    monkeypatch.setattr(
        "django.core.files.uploadhandler.TemporaryUploadedFile",
        lambda *args, **kwargs: written.append(args) or pytest.fail("a file was stored"),
    )

    response = send_from(client, "203.0.113.7", {**valid_practice, "files": files})
    assert response.status_code == 429
    assert len(inspected) == 10
    assert written == []
    assert 'value="Sam Patel"' in response.content.decode()


def test_bot_submissions_caught_by_the_honeypot_count_too(client, valid_practice):
    for _ in range(5):
        send_from(client, "203.0.113.7", {**valid_practice, "website": "http://spam.example"})
    assert send_from(client, "203.0.113.7", valid_practice).status_code == 429


def test_the_form_itself_can_still_be_read_after_the_limit(client, valid_practice):
    for _ in range(5):
        send_from(client, "203.0.113.7", valid_practice)
    assert client.get(SHARE_URL, REMOTE_ADDR="203.0.113.7").status_code == 200


def test_a_forged_forwarded_address_does_not_escape_the_limit(client, valid_practice):
    for number in range(6):
        response = send_from(
            client, "203.0.113.7", valid_practice, HTTP_X_FORWARDED_FOR=f"10.0.0.{number}"
        )
    assert response.status_code == 429


def test_behind_a_trusted_proxy_the_address_it_saw_is_limited(client, valid_practice, settings):
    settings.NUM_PROXIES = 1
    for number in range(6):
        # The client may forge the left part; the proxy appends the address it saw.
        response = send_from(
            client,
            "10.0.0.1",
            valid_practice,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, 203.0.113.7",
        )
    assert response.status_code == 429
    other = send_from(client, "10.0.0.1", valid_practice, HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert other.status_code == 302
