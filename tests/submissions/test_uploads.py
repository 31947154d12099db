import io
import os
import re
import stat
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from submissions.models import Submission, SubmissionFile
from tests.submissions.documents import (
    DECLARED_TYPES,
    WINDOWS_EXECUTABLE,
    office_bytes,
    office_upload,
    pdf_bytes,
    pdf_upload,
    upload,
)
from tests.submissions.pages import field_error

pytestmark = pytest.mark.django_db

SHARE_URL = reverse("submissions:share")
TEN_MB = 10 * 1024 * 1024


def send(client, data, files):
    return client.post(SHARE_URL, {**data, "files": list(files)})


def stored_files(root):
    root = Path(root)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def assert_rejected(response, message, root):
    assert response.status_code == 200
    assert message in (field_error(response.content.decode(), "files") or "")
    assert Submission.objects.count() == 0
    assert stored_files(root) == []
    assert mail.outbox == []


@pytest.mark.parametrize("kind", ["pdf", "docx", "xlsx", "pptx"])
def test_each_accepted_document_type_is_recognised_by_its_content(client, valid_practice, kind):
    document = pdf_upload() if kind == "pdf" else office_upload(kind)
    assert send(client, valid_practice, [document]).status_code == 302
    stored = SubmissionFile.objects.get()
    assert stored.file_type == kind
    assert stored.file.name.endswith(f".{kind}")


def test_office_documents_in_a_large_upload_are_checked_from_temporary_files(
    client, valid_practice
):
    # Uploads over 2.5 MB in all are spooled to disk rather than held in memory.
    files = [pdf_upload(padding=3 * 1024 * 1024), office_upload("pptx"), office_upload("docx")]
    assert send(client, valid_practice, files).status_code == 302
    assert sorted(SubmissionFile.objects.values_list("file_type", flat=True)) == [
        "docx",
        "pdf",
        "pptx",
    ]


def test_size_and_checksum_are_recorded(client, valid_practice):
    import hashlib

    content = pdf_bytes()
    send(client, valid_practice, [upload("plan.pdf", content)])
    stored = SubmissionFile.objects.get()
    assert stored.size_bytes == len(content)
    assert stored.sha256 == hashlib.sha256(content).hexdigest()


def test_an_executable_named_pdf_is_rejected(client, valid_practice, private_storage_root):
    disguised = upload("annual-review.pdf", WINDOWS_EXECUTABLE, "application/pdf")
    response = send(client, valid_practice, [disguised])
    assert_rejected(
        response, "annual-review.pdf is not a PDF or office document", private_storage_root
    )


def test_a_text_file_named_docx_with_a_word_content_type_is_rejected(
    client, valid_practice, private_storage_root
):
    disguised = upload("plan.docx", b"Just some text, honest.", DECLARED_TYPES["docx"])
    response = send(client, valid_practice, [disguised])
    assert_rejected(response, "plan.docx is not a PDF or office document", private_storage_root)


def test_an_html_page_named_docx_is_rejected(client, valid_practice, private_storage_root):
    disguised = upload(
        "plan.docx", b"<html><script>alert(1)</script></html>", DECLARED_TYPES["docx"]
    )
    response = send(client, valid_practice, [disguised])
    assert_rejected(response, "plan.docx is not a PDF or office document", private_storage_root)
    assert "<script>alert(1)" not in response.content.decode()


def zip_of(parts, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in parts:
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (zip_of([("notes.txt", "hello")]), "is a zip archive, not an office document"),
        (
            zip_of([("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w/>")]),
            "is not a Word, Excel or PowerPoint document",
        ),
        (
            zip_of([("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w/>")])[:60],
            "is a damaged or unreadable document",
        ),
        (
            office_bytes("docx", extra_parts=[("word/vbaProject.bin", b"macro")]),
            "contains macros",
        ),
        (
            zip_of(
                [(f"word/part{n}.xml", "") for n in range(2001)] + [("[Content_Types].xml", "")]
            ),
            "has far more parts than an office document",
        ),
        (
            office_bytes("docx", extra_parts=[("word/media/blank.bin", b"\0" * 20_000_000)]),
            "expands to far more than an office document would",
        ),
    ],
    ids=["plain-zip", "no-main-part", "truncated", "macros", "many-parts", "zip-bomb"],
)
def test_archives_that_are_not_safe_office_documents_are_rejected(
    client, valid_practice, private_storage_root, content, message
):
    response = send(client, valid_practice, [upload("plan.docx", content, DECLARED_TYPES["docx"])])
    assert_rejected(response, message, private_storage_root)


def test_an_empty_file_is_rejected(client, valid_practice, private_storage_root):
    response = send(client, valid_practice, [upload("empty.pdf", b"", "application/pdf")])
    assert_rejected(response, "empty.pdf is empty", private_storage_root)


def test_one_bad_file_means_none_are_stored(client, valid_practice, private_storage_root):
    files = [pdf_upload(), upload("virus.pdf", WINDOWS_EXECUTABLE, "application/pdf")]
    response = send(client, valid_practice, files)
    assert_rejected(response, "virus.pdf is not a PDF", private_storage_root)


def test_a_word_document_named_pdf_is_kept_as_word_and_downloads_as_docx(client, valid_practice):
    send(client, valid_practice, [upload("plan.pdf", office_bytes("docx"), "application/pdf")])
    stored = SubmissionFile.objects.get()
    assert stored.file_type == "docx"
    assert stored.original_name == "plan.pdf"
    assert stored.download_name == "plan.pdf.docx"


def test_more_than_five_files_are_refused(client, valid_practice, private_storage_root):
    files = [pdf_upload(f"plan-{n}.pdf") for n in range(6)]
    response = send(client, valid_practice, files)
    assert_rejected(response, "Choose 5 files or fewer (you chose 6)", private_storage_root)


def test_five_files_are_accepted(client, valid_practice):
    files = [pdf_upload(f"plan-{n}.pdf") for n in range(5)]
    assert send(client, valid_practice, files).status_code == 302
    assert SubmissionFile.objects.count() == 5


def test_a_file_of_exactly_ten_megabytes_is_accepted(client, valid_practice):
    response = send(client, valid_practice, [pdf_upload(padding=TEN_MB - len(pdf_bytes()))])
    assert response.status_code == 302
    assert SubmissionFile.objects.get().size_bytes == TEN_MB


def test_a_file_one_byte_over_ten_megabytes_is_refused_and_the_rest_is_kept(
    client, valid_practice, private_storage_root
):
    too_big = pdf_upload("evaluation.pdf", padding=TEN_MB + 1 - len(pdf_bytes()))
    response = send(client, valid_practice, [too_big])
    assert_rejected(response, "evaluation.pdf is larger than 10.0 MB", private_storage_root)
    assert 'value="Sam Patel"' in response.content.decode()


def test_the_oversized_file_is_named_even_beside_a_good_one(client, valid_practice):
    files = [pdf_upload("small.pdf"), pdf_upload("huge.pdf", padding=TEN_MB + 1)]
    message = field_error(send(client, valid_practice, files).content.decode(), "files")
    assert "huge.pdf is larger than" in message
    assert "small.pdf" not in message


def test_a_request_declaring_an_oversized_body_is_refused_before_it_is_read(client, valid_practice):
    body = encode_multipart(BOUNDARY, valid_practice)
    response = client.generic(
        "POST",
        SHARE_URL,
        body,
        content_type=MULTIPART_CONTENT,
        CONTENT_LENGTH=str(5 * TEN_MB + 2 * 1024 * 1024),
    )
    content = response.content.decode()
    assert response.status_code == 413
    assert "Files too large" in content
    assert "up to 5 files, each 10.0\xa0MB or smaller" in content
    assert len(re.findall(r"<h1[ >]", content)) == 1
    assert Submission.objects.count() == 0


def test_the_correction_form_refuses_a_large_body_too(client):
    response = client.generic(
        "POST",
        reverse("submissions:correction"),
        b"a=b",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(5 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "Too much text" in response.content.decode()


def test_a_flood_of_files_gives_the_form_back_with_the_answers(client, valid_practice):
    files = [pdf_upload(f"plan-{n}.pdf") for n in range(11)]
    response = send(client, valid_practice, files)
    content = response.content.decode()
    assert response.status_code == 400
    assert len(re.findall(r"<h1[ >]", content)) == 1
    assert "More files were sent than the form can read at once" in content
    assert "up to 5 files, each 10.0\xa0MB or smaller" in content
    assert 'value="Sam Patel"' in content
    assert "Youth workers meet young people found carrying knives in custody." in content
    assert 'value="dorset" selected' in content
    assert Submission.objects.count() == 0
    assert stored_files(settings.PRIVATE_STORAGE_ROOT) == []


def test_a_malformed_multipart_body_gets_the_form_back_with_a_message(client):
    response = client.generic(
        "POST", SHARE_URL, b"garbage", content_type="multipart/form-data; boundary="
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "Part of what was sent could not be read, so nothing has been saved" in content
    assert f'action="{SHARE_URL}"' in content
    assert Submission.objects.count() == 0


def multipart_with_file_named(data, file_name, content):
    """A browser's multipart body, with a file name no test-client upload could carry."""
    body = encode_multipart(BOUNDARY, data)
    closing = f"--{BOUNDARY}--\r\n".encode()
    assert body.endswith(closing)
    part = (
        f"--{BOUNDARY}\r\n"
        f'Content-Disposition: form-data; name="files"; filename="{file_name}"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    return body[: -len(closing)] + part + content + b"\r\n" + closing


def test_a_file_with_a_very_long_name_keeps_every_typed_answer(client, valid_practice):
    body = multipart_with_file_named(valid_practice, "a" * 1000 + ".pdf", pdf_bytes())
    response = client.generic("POST", SHARE_URL, body, content_type=MULTIPART_CONTENT)
    content = response.content.decode()

    assert response.status_code == 400
    assert "a file's name is very long" in content
    assert "The form could not be read" not in content
    for value in ["Sam Patel", "sam.patel@example.police.uk", "01234 567890", "2019", "10"]:
        assert f'value="{value}"' in content
    assert re.search(
        r">\s*Youth workers meet young people found carrying knives in custody.</textarea>", content
    )
    assert re.search(r'<input[^>]*value="prevention"[^>]*checked', content)
    assert "choose your files again" in content
    assert Submission.objects.count() == 0


def test_a_long_file_name_that_can_be_read_is_stored_cut_short(client, valid_practice):
    name = "Évaluation " * 60 + "final.pdf"
    body = multipart_with_file_named(valid_practice, name, pdf_bytes())
    response = client.generic("POST", SHARE_URL, body, content_type=MULTIPART_CONTENT)
    assert response.status_code == 302
    stored = SubmissionFile.objects.get()
    assert len(stored.original_name) == 255
    assert stored.original_name.startswith("Évaluation Évaluation")
    assert stored.download_name.endswith(".pdf")
    assert stored.file_type == "pdf"


def test_stored_files_can_be_read_only_by_the_server_account(client, valid_practice):
    send(client, valid_practice, [pdf_upload()])
    path = Path(SubmissionFile.objects.get().file.path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_deleting_a_submission_removes_its_files_from_disk(
    client, valid_practice, private_storage_root
):
    send(client, valid_practice, [pdf_upload(), office_upload("xlsx")])
    assert len(stored_files(private_storage_root)) == 2
    Submission.objects.get().delete()
    assert stored_files(private_storage_root) == []
