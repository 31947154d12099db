import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from submissions.models import Submission, SubmissionKind, SubmissionStatus
from tests.submissions.documents import office_upload, pdf_upload

pytestmark = pytest.mark.django_db

SHARE_URL = reverse("submissions:share")


def send(client, data, files=()):
    return client.post(SHARE_URL, {**data, "files": list(files)})


def test_the_form_page_answers_with_one_heading_and_every_question(client):
    response = client.get(SHARE_URL)
    content = response.content.decode()
    assert response.status_code == 200
    assert len(re.findall(r"<h1[ >]", content)) == 1
    for label in [
        "Your name",
        "Your role",
        "Email address",
        "Phone number (optional)",
        "Police force",
        "Name of the intervention",
        "What it does",
        "What kind of intervention is it?",
        "Who it works with",
        "Where it runs",
        "Year it started (optional)",
        "Partners (optional)",
        "Funding (optional)",
        "Evaluation or monitoring (optional)",
        "Supporting documents (optional)",
        "The VKPP may contact me about this submission",
    ]:
        assert label in content, label
    assert 'enctype="multipart/form-data"' in content
    assert "csrfmiddlewaretoken" in content


def test_it_offers_the_purpose_types_areas_of_interest_and_every_force(client):
    content = client.get(SHARE_URL).content.decode()
    for purpose in ["Prevention", "Diversion", "Reoffending", "Location"]:
        assert f">{purpose}:" in content
    for area in [
        "Children and young people",
        "Multiple vulnerabilities",
        "Aligned to national priorities",
        "Online child abuse (sexual or grooming for criminal exploitation)",
        "Knife crime",
        "Gangs",
        "County lines",
        "The criminal exploitation of young people",
    ]:
        assert area in content, area
    assert len(re.findall(r'<option value="[a-z]', content)) == 44


def test_the_form_page_makes_a_constant_number_of_queries(client, django_assert_num_queries):
    # Forces, purposes and themes for the choices.
    with django_assert_num_queries(3):
        client.get(SHARE_URL)


def test_a_valid_submission_is_stored_confirmed_and_emailed(client, valid_practice, dorset):
    response = send(client, valid_practice, [pdf_upload(), office_upload("docx")])

    assert response.status_code == 302
    assert response["Location"] == reverse("submissions:confirmation")
    submission = Submission.objects.get()
    assert submission.kind == SubmissionKind.NEW_PRACTICE
    assert submission.status == SubmissionStatus.NEW
    assert re.fullmatch(r"VKPP-\d{4}-\d{6}", submission.reference)
    assert submission.force == dorset
    assert submission.intervention_name == "Operation Harbour"
    assert sorted(p.slug for p in submission.purposes.all()) == ["diversion", "prevention"]
    assert [t.slug for t in submission.themes.all()] == ["county-lines"]
    assert submission.areas_of_interest == ["knife-crime", "county-lines"]
    assert (submission.age_min, submission.age_max, submission.running_since) == (10, 17, 2019)
    assert submission.sensitive_tactics is False
    assert submission.consent_to_contact is True
    assert sorted(f.file_type for f in submission.files.all()) == ["docx", "pdf"]

    confirmation = client.get(response["Location"])
    assert submission.reference in confirmation.content.decode()

    assert len(mail.outbox) == 2
    to_submitter, to_mailbox = mail.outbox
    assert to_submitter.to == ["sam.patel@example.police.uk"]
    assert submission.reference in to_submitter.subject
    assert submission.reference in to_submitter.body
    assert to_submitter.reply_to == [settings.VKPP_MAILBOX]
    assert to_mailbox.to == ["vulnerabilityprogramme@college.pnn.police.uk"]
    assert "Operation Harbour" in to_mailbox.body
    assert "Supporting documents: 2" in to_mailbox.body
    assert f"/admin/submissions/submission/{submission.pk}/change/" in to_mailbox.body


def test_files_are_stored_privately_under_random_names(client, valid_practice):
    send(client, valid_practice, [pdf_upload("Our business plan.pdf")])
    document = Submission.objects.get().files.get()
    stored = Path(document.file.path)

    assert document.original_name == "Our business plan.pdf"
    assert stored.is_file()
    assert "business" not in stored.name
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", stored.name)
    assert Path(settings.PRIVATE_STORAGE_ROOT).resolve() in stored.parents
    assert Path(settings.BASE_DIR, "static").resolve() not in stored.parents
    with pytest.raises(ValueError, match="no public URL"):
        _ = document.file.url
