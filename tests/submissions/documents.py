"""Small, real documents of each accepted type, and disguised files that only look like one."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

OFFICE = "application/vnd.openxmlformats-officedocument"
MAIN_PARTS = {
    "docx": ("word/document.xml", f"{OFFICE}.wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", f"{OFFICE}.spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/presentation.xml", f"{OFFICE}.presentationml.presentation.main+xml"),
}
DECLARED_TYPES = {
    "pdf": "application/pdf",
    "docx": f"{OFFICE}.wordprocessingml.document",
    "xlsx": f"{OFFICE}.spreadsheetml.sheet",
    "pptx": f"{OFFICE}.presentationml.presentation",
}


def pdf_bytes(padding=0):
    return b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n" + b" " * padding + b"\n%%EOF\n"


def office_bytes(kind, extra_parts=()):
    part, content_type = MAIN_PARTS[kind]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            f'2006/content-types"><Override PartName="/{part}" ContentType="{content_type}"/>'
            "</Types>",
        )
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr(part, "<document>Business plan</document>")
        for name, data in extra_parts:
            archive.writestr(name, data)
    return buffer.getvalue()


def upload(name, content, declared_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=declared_type)


def pdf_upload(name="business-plan.pdf", padding=0):
    return upload(name, pdf_bytes(padding), DECLARED_TYPES["pdf"])


def office_upload(kind, name=None):
    return upload(name or f"plan.{kind}", office_bytes(kind), DECLARED_TYPES[kind])


WINDOWS_EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
