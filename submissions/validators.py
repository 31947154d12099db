"""Recognise supporting documents by what they contain, never by their name or declared type."""

import hashlib
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
CONTENT_TYPES_PART = "[Content_Types].xml"

# A real office document has a few hundred parts at most and compresses text about ten to
# one. Far more parts, or a much higher ratio, is the shape of a zip bomb.
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_ZIP_RATIO = 100
MAX_CONTENT_TYPES_BYTES = 512 * 1024

# Office Open XML: the folder its main part lives in, and the content type that part declares.
OFFICE_FORMATS = {
    "docx": (
        "word/",
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    "xlsx": (
        "xl/",
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
    "pptx": (
        "ppt/",
        b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    ),
}

ACCEPTED_FORMATS = "PDF, Word (.docx), Excel (.xlsx) or PowerPoint (.pptx)"


@dataclass(frozen=True)
class InspectedFile:
    file_type: str
    size: int
    sha256: str


def _not_accepted(name, reason):
    return ValidationError(
        "%(name)s %(reason)s. Send a %(formats)s file.",
        code="invalid_file_type",
        params={"name": name, "reason": reason, "formats": ACCEPTED_FORMATS},
    )


def _sha256(upload):
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _office_type(upload, name):
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                raise _not_accepted(name, "has far more parts than an office document")
            uncompressed = sum(entry.file_size for entry in entries)
            compressed = sum(entry.compress_size for entry in entries) or 1
            if uncompressed > MAX_ZIP_UNCOMPRESSED_BYTES or uncompressed / compressed > (
                MAX_ZIP_RATIO
            ):
                raise _not_accepted(name, "expands to far more than an office document would")
            names = {entry.filename for entry in entries}
            if CONTENT_TYPES_PART not in names:
                raise _not_accepted(name, "is a zip archive, not an office document")
            content_types_entry = archive.getinfo(CONTENT_TYPES_PART)
            if content_types_entry.file_size > MAX_CONTENT_TYPES_BYTES:
                raise _not_accepted(name, "is not a well-formed office document")
            content_types = archive.read(content_types_entry)
            if any(entry.lower().endswith("vbaproject.bin") for entry in names):
                raise ValidationError(
                    "%(name)s contains macros. Save it as a document without macros "
                    "(.docx, .xlsx or .pptx) and choose it again.",
                    code="macros",
                    params={"name": name},
                )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError):
        raise _not_accepted(name, "is a damaged or unreadable document") from None
    except RuntimeError:  # An encrypted part.
        raise _not_accepted(name, "is password-protected") from None
    for file_type, (folder, main_content_type) in OFFICE_FORMATS.items():
        has_parts = any(entry.startswith(folder) for entry in names)
        if has_parts and main_content_type in content_types:
            return file_type
    raise _not_accepted(name, "is not a Word, Excel or PowerPoint document")


def inspect_upload(upload):
    """Return what the uploaded file really is, or raise ValidationError naming the file."""
    name = upload.name
    if upload.size == 0:
        raise ValidationError("%(name)s is empty.", code="empty", params={"name": name})
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head.startswith(PDF_MAGIC):
        file_type = "pdf"
    elif head.startswith(ZIP_MAGIC):
        file_type = _office_type(upload, name)
        upload.seek(0)
    else:
        raise _not_accepted(name, "is not a PDF or office document")
    return InspectedFile(file_type=file_type, size=upload.size, sha256=_sha256(upload))
