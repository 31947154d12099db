import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from submissions.models import Submission, SubmissionFile
from tests.submissions.documents import office_bytes, pdf_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def submission_with_file(client, valid_practice):
    valid_practice["intervention_name"] = "Operation Unpublished Idea"
    client.post(
        reverse("submissions:share"),
        {**valid_practice, "files": [upload("Force business plan.pdf", pdf_bytes())]},
    )
    client.cookies.clear()
    return Submission.objects.get()


@pytest.fixture
def document(submission_with_file):
    return submission_with_file.files.get()


def test_anonymous_visitors_are_sent_to_sign_in_for_a_file(client, document):
    response = client.get(document.get_download_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_anonymous_visitors_learn_nothing_about_whether_a_file_exists(client, document):
    missing = client.get(reverse("submissions:file", args=[document.pk + 1000]))
    existing = client.get(document.get_download_url())
    assert missing.status_code == existing.status_code == 302


def test_a_signed_in_member_of_the_public_gets_not_found(client, document, member_of_public):
    client.force_login(member_of_public)
    assert client.get(document.get_download_url()).status_code == 404


def test_staff_without_the_download_permission_are_refused(
    client, document, staff_without_file_permission
):
    client.force_login(staff_without_file_permission)
    assert client.get(document.get_download_url()).status_code == 403


def test_a_curator_downloads_the_file_as_an_attachment(client, document, curator):
    client.force_login(curator)
    response = client.get(document.get_download_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Force business plan.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_unknown_file_is_not_found_even_for_a_curator(client, curator, document):
    client.force_login(curator)
    assert client.get(reverse("submissions:file", args=[document.pk + 1000])).status_code == 404


def test_a_file_missing_from_disk_is_not_found_rather_than_an_error(client, curator, document):
    Path(document.file.path).unlink()
    client.force_login(curator)
    assert client.get(document.get_download_url()).status_code == 404


def test_the_download_view_only_answers_get(client, curator, document):
    client.force_login(curator)
    assert client.post(document.get_download_url()).status_code == 405


def test_an_office_file_is_served_with_its_real_type(client, curator, valid_practice):
    client.post(
        reverse("submissions:share"),
        {**valid_practice, "files": [upload("sheet.xlsx", office_bytes("xlsx"))]},
    )
    client.force_login(curator)
    response = client.get(SubmissionFile.objects.get().get_download_url())
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def test_files_live_outside_the_public_static_and_media_folders(document):
    path = Path(document.file.path).resolve()
    for public in [settings.STATIC_ROOT, settings.MEDIA_ROOT, *settings.STATICFILES_DIRS]:
        if public:
            assert Path(public).resolve() not in path.parents


def test_the_system_check_refuses_a_private_folder_inside_a_public_one(settings):
    settings.PRIVATE_STORAGE_ROOT = Path(settings.BASE_DIR, "static", "uploads")
    with pytest.raises(SystemCheckError, match=r"submissions\.E001"):
        call_command("check", stdout=StringIO(), stderr=StringIO())


def submission_urls(submission):
    document = submission.files.first()
    return [
        reverse("submissions:confirmation"),
        document.get_download_url(),
        reverse("admin:submissions_submission_changelist"),
        reverse("admin:submissions_submission_change", args=[submission.pk]),
        f"{reverse('admin:submissions_submission_changelist')}?q={submission.reference}",
    ]


def test_no_submission_or_file_is_reachable_anonymously(client, submission_with_file):
    for url in submission_urls(submission_with_file):
        response = client.get(url)
        content = response.content.decode() if not response.streaming else ""
        assert response.status_code in {301, 302}, url
        assert submission_with_file.reference not in content, url
        assert "Operation Unpublished Idea" not in content, url


def test_the_public_forms_show_nothing_from_earlier_submissions(client, submission_with_file):
    for url in [reverse("submissions:share"), reverse("submissions:correction")]:
        content = client.get(url).content.decode()
        assert submission_with_file.reference not in content
        assert "Operation Unpublished Idea" not in content
        assert "Sam Patel" not in content


def test_the_confirmation_shows_only_your_own_reference(client, submission_with_file):
    # The fixture's client has dropped its session: another visitor.
    response = client.get(reverse("submissions:confirmation"))
    assert response.status_code == 302
    assert response["Location"] == reverse("submissions:share")


@pytest.mark.parametrize(
    "url",
    [
        reverse("catalogue:home"),
        reverse("catalogue:list"),
        reverse("catalogue:force", args=["dorset"]),
        reverse("catalogue:theme", args=["county-lines"]),
    ],
)
def test_submissions_appear_on_no_public_page(client, submission_with_file, url):
    content = client.get(url).content.decode()
    assert "Operation Unpublished Idea" not in content
    assert submission_with_file.reference not in content
    assert not re.search(r"VKPP-\d{4}-\d{6}", content)


def test_the_file_is_served_under_a_policy_that_lets_nothing_in_it_run(client, document, curator):
    client.force_login(curator)
    response = client.get(document.get_download_url())
    assert response.status_code == 200
    policy = {part.strip() for part in response["Content-Security-Policy"].split(";")}
    assert policy == {"default-src 'none'", "sandbox"}
