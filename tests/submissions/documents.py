"""Small, real documents of each accepted type, and disguised files that only look like one."""

import io
import zipfile
import zlib

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

# A Windows program as the loader sees it: the MZ header, e_lfanew at 0x3C pointing at the
# "PE\0\0" signature, and the DOS stub between them.
WINDOWS_EXECUTABLE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff".ljust(0x3C, b"\x00")
    + (0x80).to_bytes(4, "little")
    + b"\x0e\x1f\xba\x0e\x00\xb4\x09\xcd\x21".ljust(0x40, b"\x00")
    + b"PE\x00\x00\x4c\x01\x03\x00"
    + b"\x00" * 200
)
LINUX_EXECUTABLE = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
# Only the two letters: a Windows program's header starts with them, but so does plenty else.
MZ_LOOKALIKE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def pdf_bytes(padding=0, catalog=b"", objects=(), trailer=b""):
    """A well-formed PDF: catalog, pages, one page, a font and a cross-reference table.

    `catalog` adds entries to the catalog dictionary, `objects` adds numbered objects after
    the standard five (each a body, such as b"<< ... >>" or a dictionary and stream), and
    `trailer` adds entries to the trailer. `padding` spaces sit before the cross-references,
    so the file grows by exactly that many bytes (offsets are written at a fixed width).
    """
    content = b"BT /F1 12 Tf 72 720 Td (Business plan) Tj ET"
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *objects,
    ]
    document = b"%PDF-1.7\n"
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(document))
        document += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    document += b" " * padding
    xref_at = len(document)
    document += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    document += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    document += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%010d\n%%%%EOF\n" % (
        len(bodies) + 1,
        trailer,
        xref_at,
    )
    return document


def pdf_stream(data, dictionary=b"", compress=True):
    """A stream object's body, Flate-compressed unless told otherwise."""
    if compress:
        data = zlib.compress(data)
        dictionary += b" /Filter /FlateDecode"
    return b"<< /Length %d %s >>\nstream\n" % (len(data), dictionary) + data + b"\nendstream"


def object_stream(objects):
    """An object stream (/Type /ObjStm) packing {number: body}: how PDF 1.5+ hides objects."""
    header, packed = b"", b""
    for number, body in objects.items():
        header += b"%d %d " % (number, len(packed))
        packed += body + b"\n"
    return pdf_stream(
        header + packed, b"/Type /ObjStm /N %d /First %d" % (len(objects), len(header))
    )


def office_bytes(kind, extra_parts=(), extra_content_types=""):
    part, content_type = MAIN_PARTS[kind]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            f'2006/content-types"><Override PartName="/{part}" ContentType="{content_type}"/>'
            f"{extra_content_types}</Types>",
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
