"""Whatever is typed into either form gives messages, never a crash or a stored submission."""

import pytest
from django.urls import reverse

from submissions.forms import CorrectionForm, SharePracticeForm
from submissions.models import Submission
from tests.submissions.pages import field_error

pytestmark = pytest.mark.django_db

SHARE_URL = reverse("submissions:share")
CORRECTION_URL = reverse("submissions:correction")
ONE_MEGABYTE = "x" * 1_000_000

HOSTILE = {
    "nul-byte": "Sam\x00Patel",
    "control-characters": "\x01\x07\x08\x1b[31m\x7f\x9b",
    "right-to-left-override": "\u202egnp.exe",
    "markup": '"><script>alert(1)</script></textarea>',
    "negative-number": "-1",
    "huge-number": "9" * 5000,
    "float-overflow": "1e400",
    "sql": "'; DROP TABLE submissions_submission; --",
    "path": "../../../../etc/passwd",
}
# Answered by typing, or chosen: everything but the honeypot and the files.
SHARE_FIELDS = [name for name in SharePracticeForm.base_fields if name not in {"website", "files"}]
CORRECTION_FIELDS = [name for name in CorrectionForm.base_fields if name != "website"]


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_text_in_every_share_field_gives_messages(client, valid_practice, value):
    response = client.post(SHARE_URL, {**valid_practice, **dict.fromkeys(SHARE_FIELDS, value)})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert Submission.objects.count() == 0


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_text_in_every_correction_field_gives_messages(client, valid_correction, value):
    data = {**valid_correction, **dict.fromkeys(CORRECTION_FIELDS, value)}
    response = client.post(CORRECTION_URL, data)
    assert response.status_code == 200
    assert field_error(response.content.decode(), "intervention") == "Choose an entry from the list"
    assert Submission.objects.count() == 0


# A tick box reads any value as ticked, as browsers send it (see test_draft_from_submission).
CHECKBOXES = {"consent_to_contact", "notify_on_publication"}


@pytest.mark.parametrize("field", [name for name in SHARE_FIELDS if name not in CHECKBOXES])
def test_a_megabyte_in_any_share_field_is_named_beside_it(client, valid_practice, field):
    response = client.post(SHARE_URL, {**valid_practice, field: ONE_MEGABYTE})
    assert response.status_code == 200
    assert field_error(response.content.decode(), field)
    assert Submission.objects.count() == 0


@pytest.mark.parametrize(
    "field", [name for name in CORRECTION_FIELDS if name != "consent_to_contact"]
)
def test_a_megabyte_in_any_correction_field_is_named_beside_it(client, valid_correction, field):
    response = client.post(CORRECTION_URL, {**valid_correction, field: ONE_MEGABYTE})
    assert response.status_code == 200
    assert field_error(response.content.decode(), field)
    assert Submission.objects.count() == 0


@pytest.mark.parametrize("field", ["age_min", "age_max", "running_since"])
@pytest.mark.parametrize(
    "value", ["-1", "-2019", "99999999999999999999", "9" * 5000, "1e400", "12abc", "NaN", "½"]
)
def test_numbers_out_of_range_or_not_numbers_are_named(client, valid_practice, field, value):
    response = client.post(SHARE_URL, {**valid_practice, field: value})
    assert response.status_code == 200
    assert field_error(response.content.decode(), field)


@pytest.mark.parametrize(
    "email",
    [
        "sam",
        "@example.org",
        "sam@",
        "sam@@example.org",
        "sam@exa mple.org",
        "sam@example..org",
        "sam@" + "x" * 300 + ".org",
        "sam@example.org\nBcc: everyone@example.org",
        "sam@ex\x00ample.org",
        "sam@-example.org",
    ],
)
@pytest.mark.parametrize("form", ["share", "correction"])
def test_bad_email_addresses_are_named(client, valid_practice, valid_correction, form, email):
    url, data = (
        (SHARE_URL, valid_practice) if form == "share" else (CORRECTION_URL, valid_correction)
    )
    response = client.post(url, {**data, "submitter_email": email})
    assert response.status_code == 200
    assert field_error(response.content.decode(), "submitter_email")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("force", "atlantis"),
        ("force", "dorset\x00"),
        ("force", "1"),
        ("purposes", "crime"),
        ("purposes", "'"),
        ("areas_of_interest", "everything"),
        ("themes", "x" * 300),
        ("sensitive_tactics", "true"),
    ],
)
def test_choices_that_are_not_on_the_form_are_named(client, valid_practice, field, value):
    response = client.post(SHARE_URL, {**valid_practice, field: value})
    assert response.status_code == 200
    assert field_error(response.content.decode(), field)


@pytest.mark.parametrize(
    "entry", ["no-such-entry", "../../etc/passwd", "a" * 5000, "café", "1", "operation-published/"]
)
def test_a_correction_about_an_unknown_entry_is_named(client, valid_correction, entry):
    response = client.post(CORRECTION_URL, {**valid_correction, "intervention": entry})
    assert response.status_code == 200
    assert field_error(response.content.decode(), "intervention") == "Choose an entry from the list"
    assert Submission.objects.count() == 0


def test_control_characters_in_free_text_are_kept_as_typed(client, valid_practice):
    typed = "Line one\tindented\r\nLine two \x1b[31m"
    response = client.post(SHARE_URL, {**valid_practice, "partners": typed})
    assert response.status_code == 302
    assert Submission.objects.get().partners == typed
