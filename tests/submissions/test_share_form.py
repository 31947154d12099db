import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from submissions.models import Submission, SubmissionKind, SubmissionStatus
from tests.submissions.documents import office_upload, pdf_upload
from tests.submissions.pages import field_error, input_tag, summary_links

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
        "Documents to send (optional)",
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


def test_an_organisation_typed_instead_of_a_force_is_enough(client, valid_practice):
    valid_practice.update(force="", organisation_name="Thames Valley Violence Reduction Unit")
    response = send(client, valid_practice)
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.force is None
    assert submission.organisation_name == "Thames Valley Violence Reduction Unit"


def test_sensitive_tactics_are_recorded_with_what_needs_redacting(client, valid_practice):
    valid_practice.update(sensitive_tactics="yes", sensitive_tactics_note="Covert deployments")
    send(client, valid_practice)
    submission = Submission.objects.get()
    assert submission.sensitive_tactics is True
    assert submission.sensitive_tactics_note == "Covert deployments"


NEXT_YEAR_BUT_ONE = str(timezone.localdate().year + 2)

INVALID_INPUT = [
    ({"submitter_name": ""}, "submitter_name", "Enter your name"),
    ({"submitter_role": "   "}, "submitter_role", "Enter your role"),
    ({"submitter_email": ""}, "submitter_email", "Enter your email address"),
    (
        {"submitter_email": "sam at example"},
        "submitter_email",
        "Enter an email address in the correct format, like name@example.org",
    ),
    (
        {"submitter_phone": "call me maybe"},
        "submitter_phone",
        "Enter a phone number using only digits, spaces and + ( ) -, like 01234 567890",
    ),
    (
        {"force": "", "organisation_name": ""},
        "force",
        "Choose your police force, or type the name of your organisation",
    ),
    ({"force": "atlantis"}, "force", "Choose a police force from the list"),
    ({"intervention_name": ""}, "intervention_name", "Enter the intervention's name"),
    ({"what_it_does": ""}, "what_it_does", "Enter what the intervention does"),
    ({"purposes": []}, "purposes", "Choose at least one kind of intervention"),
    ({"purposes": ["punishment"]}, "purposes", "Choose kinds of intervention from the list"),
    (
        {"areas_of_interest": ["fraud"]},
        "areas_of_interest",
        "Choose areas of interest from the list",
    ),
    ({"themes": ["no-such-theme"]}, "themes", "Choose themes from the list"),
    ({"target_group": ""}, "target_group", "Enter who the intervention works with"),
    ({"age_min": "ten"}, "age_min", "Enter the youngest age as a whole number, like 10"),
    ({"age_min": "-1"}, "age_min", "The youngest age must be 0 or more"),
    ({"age_max": "121"}, "age_max", "The oldest age must be 120 or less"),
    (
        {"age_min": "18", "age_max": "12"},
        "age_max",
        "The oldest age must be the same as or above the youngest",
    ),
    ({"where_it_runs": ""}, "where_it_runs", "Enter where the intervention runs"),
    ({"running_since": "1949"}, "running_since", "Enter a year between 1950 and"),
    ({"running_since": NEXT_YEAR_BUT_ONE}, "running_since", "Enter a year between 1950 and"),
    ({"running_since": "2019.5"}, "running_since", "Enter a whole number"),
    (
        {"sensitive_tactics": ""},
        "sensitive_tactics",
        "Say whether it involves sensitive tactics that need redaction",
    ),
    ({"sensitive_tactics": "maybe"}, "sensitive_tactics", "Choose yes or no"),
    (
        {"sensitive_tactics": "yes", "sensitive_tactics_note": ""},
        "sensitive_tactics_note",
        "Say briefly what would need redacting",
    ),
    (
        {"consent_to_contact": ""},
        "consent_to_contact",
        "Tick the box to agree that the VKPP may contact you",
    ),
    (
        {"intervention_name": "x" * 201},
        "intervention_name",
        "The intervention's name must be 200 characters or fewer (it has 201)",
    ),
    (
        {"what_it_does": "y" * 5001},
        "what_it_does",
        "What the intervention does must be 5000 characters or fewer (it has 5001)",
    ),
    ({"submitter_name": "Sam\x00Patel"}, "submitter_name", "hidden null character"),
    ({"partners": "Council\x00"}, "partners", "hidden null character"),
    ({"submitter_email": "sam\x00@example.org"}, "submitter_email", "hidden null character"),
]


@pytest.mark.parametrize(("changes", "field", "message"), INVALID_INPUT)
def test_each_problem_is_named_beside_its_field_and_in_the_summary(
    client, valid_practice, changes, field, message
):
    response = send(client, {**valid_practice, **changes})
    content = response.content.decode()

    assert response.status_code == 200
    assert message in (field_error(content, field) or "")
    [target] = [target for target, text in summary_links(content) if message in text]
    assert target in {f"id_{field}", f"id_{field}_0"}
    assert f'id="{target}"' in content
    assert "<title>Error: Share your practice" in content
    assert Submission.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize("field", ["submitter_name", "what_it_does", "age_min", "force"])
def test_an_errored_input_is_described_by_its_error(client, valid_practice, field):
    broken = {"age_min": "old", "force": "atlantis"}.get(field, "")
    content = send(client, {**valid_practice, field: broken}).content.decode()
    tag = input_tag(content, f"id_{field}")
    assert 'aria-invalid="true"' in tag
    assert f"id_{field}_error" in tag


def test_a_group_of_checkboxes_with_a_problem_is_described_by_its_error(client, valid_practice):
    content = send(client, {**valid_practice, "purposes": []}).content.decode()
    assert re.search(r'<fieldset aria-describedby="[^"]*id_purposes_error', content)


def test_everything_typed_is_kept_when_there_is_a_problem(client, valid_practice):
    content = send(client, {**valid_practice, "consent_to_contact": ""}).content.decode()
    assert 'value="Sam Patel"' in content
    assert 'value="sam.patel@example.police.uk"' in content
    assert 'value="dorset" selected' in content
    assert re.search(
        r">\s*Youth workers meet young people found carrying knives in custody.</textarea>", content
    )
    assert re.search(r'<input[^>]*value="prevention"[^>]*checked', content)
    assert re.search(r'<input[^>]*value="knife-crime"[^>]*checked', content)
    assert re.search(r'<input[^>]*value="county-lines"[^>]*id="id_themes_\d+"[^>]*checked', content)
    assert 'value="10"' in content and 'value="17"' in content
    assert 'value="2019"' in content
    assert re.search(r'<input[^>]*value="no"[^>]*checked', content)


def test_a_form_with_problems_says_beside_the_file_field_that_files_must_be_chosen_again(
    client, valid_practice
):
    content = send(
        client, {**valid_practice, "submitter_name": ""}, [pdf_upload()]
    ).content.decode()
    hint = re.search(r'id="id_files_helptext">(.*?)</div>', content, re.DOTALL).group(1)
    assert "choose your files again" in hint
    assert "id_files_helptext" in input_tag(content, "id_files")


def test_a_blank_form_does_not_warn_about_files(client):
    assert "choose your files again" not in client.get(SHARE_URL).content.decode()


def test_hostile_text_is_stored_as_typed_and_never_rendered_as_markup(client, valid_practice):
    script = '<script>alert("x")</script>'
    valid_practice.update(submitter_name=script, intervention_name=f"Op {script}")
    content = send(client, {**valid_practice, "consent_to_contact": ""}).content.decode()
    assert script not in content
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in content

    response = send(client, valid_practice)
    assert response.status_code == 302
    assert Submission.objects.get().submitter_name == script
    assert script not in client.get(response["Location"]).content.decode()
    for message in mail.outbox:
        assert "<script>" not in message.body
        assert "<script>" not in message.subject


def test_very_long_text_in_every_field_gives_messages_not_a_crash(client, valid_practice):
    flood = {
        name: "z" * 20_000
        for name in valid_practice
        if name not in {"purposes", "themes", "website"}
    }
    response = send(client, {**valid_practice, **flood})
    assert response.status_code == 200
    assert len(summary_links(response.content.decode())) >= 10
    assert Submission.objects.count() == 0


def test_the_form_refuses_a_post_without_a_csrf_token_and_says_how_to_recover(valid_practice):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(SHARE_URL, valid_practice)
    content = response.content.decode()
    assert response.status_code == 403
    assert "The form could not be sent" in content
    assert "Back button: what you typed should still be there" in content
    assert len(re.findall(r"<h1[ >]", content)) == 1
    assert Submission.objects.count() == 0


def test_a_csrf_protected_post_with_its_token_is_accepted(valid_practice):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.get(SHARE_URL)
    token = browser.cookies["csrftoken"].value
    response = browser.post(SHARE_URL, {**valid_practice, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Submission.objects.count() == 1


def test_the_confirmation_page_has_one_heading_and_is_not_indexed(client, valid_practice):
    response = client.get(send(client, valid_practice)["Location"])
    content = response.content.decode()
    assert len(re.findall(r"<h1[ >]", content)) == 1
    assert "Practice sent" in content
    assert '<meta name="robots" content="noindex">' in content


def test_the_form_page_is_not_framed_by_other_sites(client):
    assert client.get(SHARE_URL)["X-Frame-Options"] == "DENY"
