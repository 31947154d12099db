import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from submissions.models import Submission

pytestmark = pytest.mark.django_db

SHARE_URL = reverse("submissions:share")


def test_the_submitters_copy_repeats_nothing_they_typed(client, valid_practice):
    valid_practice.update(
        submitter_name="Visit http://spam.example now",
        intervention_name="Cheap watches",
        what_it_does="Buy cheap watches at http://spam.example",
    )
    client.post(SHARE_URL, valid_practice)
    to_submitter = mail.outbox[0]
    assert "spam.example" not in to_submitter.body
    assert "Cheap watches" not in to_submitter.body
    assert "spam.example" not in to_submitter.subject


def test_the_mailbox_copy_escapes_markup_but_keeps_names_readable(client, valid_practice):
    valid_practice.update(
        submitter_name="Siobhan O'Brien",
        intervention_name='<img src=x onerror="alert(1)"> & <b>bold</b>',
    )
    client.post(SHARE_URL, valid_practice)
    body = mail.outbox[1].body
    assert "Siobhan O'Brien" in body
    assert "<img" not in body and "<b>" not in body
    assert '&lt;img src=x onerror="alert(1)"&gt; &amp; &lt;b&gt;bold&lt;/b&gt;' in body


def test_emails_are_plain_text_without_attachments_or_document_content(client, valid_practice):
    from tests.submissions.documents import pdf_upload

    response = client.post(SHARE_URL, {**valid_practice, "files": [pdf_upload()]})
    assert response.status_code == 302
    assert Submission.objects.get().files.count() == 1
    # One copy to the submitter, one notice to the VKPP mailbox: both checked below.
    assert [message.to for message in mail.outbox] == [
        [valid_practice["submitter_email"]],
        [settings.VKPP_MAILBOX],
    ]
    for message in mail.outbox:
        assert message.content_subtype == "plain"
        assert message.attachments == []
        assert not getattr(message, "alternatives", [])
        assert "%PDF" not in message.body
        assert "business-plan.pdf" not in message.body


def test_the_mailbox_copy_leaves_out_the_long_descriptions(client, valid_practice):
    client.post(SHARE_URL, valid_practice)
    body = mail.outbox[1].body
    assert valid_practice["what_it_does"] not in body
    assert valid_practice["funding"] not in body


def test_a_mail_outage_does_not_lose_the_submission(client, valid_practice, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("SMTP server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    response = client.post(SHARE_URL, valid_practice)
    assert response.status_code == 302
    reference = Submission.objects.get().reference
    assert reference in client.get(response["Location"]).content.decode()


def read_email_settings(env):
    clean_env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("EMAIL_")
        and key not in {"DJANGO_SETTINGS_MODULE", "VKPP_MAILBOX", "PRIVATE_STORAGE_ROOT"}
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import vvcp.settings as s; print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, "
            "s.VKPP_MAILBOX, s.PRIVATE_STORAGE_ROOT, sep='|')",
        ],
        env={**clean_env, "DEBUG": "true", **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    return result


def test_email_goes_to_the_console_unless_a_server_is_configured():
    result = read_email_settings({})
    assert result.returncode == 0, result.stderr
    backend, host, _port, mailbox, storage = result.stdout.strip().split("|")
    assert backend == "django.core.mail.backends.console.EmailBackend"
    assert host == ""
    assert mailbox == "vulnerabilityprogramme@college.pnn.police.uk"
    assert storage.endswith("var/submissions")


def test_an_smtp_server_and_mailbox_come_from_the_environment(tmp_path):
    result = read_email_settings(
        {
            "EMAIL_HOST": "smtp.example.org",
            "EMAIL_PORT": "2525",
            "VKPP_MAILBOX": "queue@example.org",
            "PRIVATE_STORAGE_ROOT": str(tmp_path),
        }
    )
    assert result.returncode == 0, result.stderr
    backend, host, port, mailbox, storage = result.stdout.strip().split("|")
    assert backend == "django.core.mail.backends.smtp.EmailBackend"
    assert (host, port, mailbox, storage) == (
        "smtp.example.org",
        "2525",
        "queue@example.org",
        str(tmp_path),
    )


def test_a_malformed_email_port_fails_loudly():
    result = read_email_settings({"EMAIL_PORT": "twenty-five"})
    assert result.returncode != 0
    assert "EMAIL_PORT must be a whole number" in result.stderr
