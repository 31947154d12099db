"""Recognise supporting documents by their whole structure, never by their name or declared type.

A PDF must look like a whole PDF, and an office document like a whole Office Open XML package.
Anything that can run or carry something else is refused: programs (Windows or Linux
executables) anywhere inside, PDF scripts, actions, forms and attached files, Office macros,
ActiveX controls and embedded objects. Pure Python: the checks read the structure, they never
open or render the document.
"""

import base64
import binascii
import hashlib
import re
import zipfile
import zlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
# Compound files: old .doc/.xls/.ppt, password-protected Office files, macros, OLE objects.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CONTENT_TYPES_PART = "[Content_Types].xml"

# A real office document has a few hundred parts at most and compresses text about ten to
# one. Far more parts, or a much higher ratio, is the shape of a zip bomb.
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_ZIP_RATIO = 100
MAX_CONTENT_TYPES_BYTES = 512 * 1024
# Thousands of hyperlinks in a workbook still fit in a few megabytes.
MAX_RELATIONSHIPS_BYTES = 16 * 1024 * 1024
# What a PDF's compressed streams may expand to, in all, before it is taken for a bomb.
MAX_PDF_EXPANDED_BYTES = 200 * 1024 * 1024
READ_CHUNK_BYTES = 1024 * 1024

# Office Open XML: the main part each kind must have, and the content type it declares.
OFFICE_FORMATS = {
    "docx": (
        "word/document.xml",
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    "xlsx": (
        "xl/workbook.xml",
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
    "pptx": (
        "ppt/presentation.xml",
        b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    ),
}
MACRO_PART_NAMES = ("vbaproject.bin", "vbadata.xml")
MACRO_CONTENT_TYPES = (b"macroenabled", b"vbaproject", b"vbadata", b"macrosheet")
EXECUTABLE_EXTENSIONS = {
    ".exe", ".dll", ".com", ".scr", ".pif", ".cpl", ".sys", ".msi", ".msp", ".bat", ".cmd",
    ".ps1", ".vbs", ".vbe", ".js", ".jse", ".wsf", ".wsh", ".hta", ".lnk", ".jar", ".sh",
    ".elf", ".so", ".dylib", ".app", ".reg",
}  # fmt: skip

# Relationships Office follows by itself on opening, to another server or file: a template
# (which may carry macros), an object, a sub-document or a frame. Links a reader clicks
# (hyperlinks) are external too, and fine.
RELATIONSHIP = re.compile(rb"<(?:[\w.-]+:)?Relationship\b[^>]*>")
EXTERNAL_TARGET = re.compile(rb"""TargetMode\s*=\s*["']External["']""", re.IGNORECASE)
FETCHED_ON_OPENING = re.compile(
    rb"""Type\s*=\s*["'][^"']*/(attachedTemplate|oleObject|subDocument|frame)["']""",
    re.IGNORECASE,
)
# A workbook's DDE link runs a program named in it when the workbook updates its links.
DDE_LINK = re.compile(rb"<(?:[\w.-]+:)?ddeLink\b", re.IGNORECASE)
ACCEPTED_FORMATS = "PDF, Word (.docx), Excel (.xlsx) or PowerPoint (.pptx)"

# Executables, recognised by structure rather than by two letters that random data also has:
# an MZ header whose e_lfanew field points at a "PE\0\0" signature, the DOS stub's message,
# or an ELF header with a valid class, byte order and version.
MZ_HEADER = re.compile(rb"MZ")
MAX_PE_HEADER_OFFSET = 0x1000
DOS_STUB_MESSAGES = (b"This program cannot be run in DOS mode", b"This program must be run under")
ELF_HEADER = re.compile(rb"\x7fELF[\x01\x02][\x01\x02]\x01")


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


def _refused(name, message, code):
    return ValidationError(f"%(name)s {message}", code=code, params={"name": name})


def _contains_program(data):
    if any(message in data for message in DOS_STUB_MESSAGES) or ELF_HEADER.search(data):
        return True
    for match in MZ_HEADER.finditer(data):
        start = match.start()
        pointer = data[start + 0x3C : start + 0x40]
        if len(pointer) < 4:
            break
        offset = int.from_bytes(pointer, "little")
        if 4 <= offset <= MAX_PE_HEADER_OFFSET and (
            data[start + offset : start + offset + 4] == b"PE\0\0"
        ):
            return True
    return False


def _chunks_contain_program(chunks):
    """Scan a stream of chunks, each with the end of the last, so no header is split."""
    overlap = b""
    for chunk in chunks:
        window = overlap + chunk
        if _contains_program(window):
            return True
        overlap = window[-(MAX_PE_HEADER_OFFSET + 0x100) :]
    return False


def _program_in(name):
    return _refused(
        name, "contains a program. Files that contain programs cannot be accepted.", "program"
    )


def _sha256(upload):
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


# PDF ---------------------------------------------------------------------------------------

PDF_DELIMITERS = rb"\x00\t\n\x0c\r ()<>\[\]{}/%"


def _pdf_name(*names):
    """A pattern for PDF names, however escaped: PDF allows any character as #xx (/J#61vaScript)."""

    def character(char):
        hex_digits = b"".join(
            b"[%s%s]" % (digit.lower().encode(), digit.upper().encode())
            for digit in f"{ord(char):02x}"
        )
        return b"(?:%s|#%s)" % (re.escape(char.encode()), hex_digits)

    alternatives = b"|".join(b"".join(character(char) for char in name) for name in names)
    return re.compile(b"/(?:%s)(?![^%s])" % (alternatives, PDF_DELIMITERS))


ACTIVE_PDF_NAMES = _pdf_name(
    "JavaScript", "JS", "Launch", "EmbeddedFile", "EmbeddedFiles", "RichMedia", "XFA", "AA"
)
OPEN_ACTION = re.compile(_pdf_name("OpenAction").pattern + rb"\s*(<<|\[|(\d+)\s+\d+\s+R)")
ENCRYPT = _pdf_name("Encrypt")
OBJECT_STREAM = _pdf_name("ObjStm")
PREDICTOR = _pdf_name("Predictor")
FILTER = re.compile(_pdf_name("Filter").pattern + rb"\s*(\[[^\]]*\]|/[^%s]*)" % PDF_DELIMITERS)
STREAM_START = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
ANY_NAME = re.compile(b"/([^%s]*)" % PDF_DELIMITERS)
PDF_HEADER = re.compile(rb"%PDF-[12]\.\d")
PDF_OBJECT = re.compile(rb"(?<![0-9])\d+\s+\d+\s+obj\b")
STARTXREF = re.compile(rb"startxref\s+\d+")
# Enough of an object to tell a destination from an action.
OBJECT_PREVIEW_BYTES = 512
IMAGE_FILTERS = {"DCTDecode", "DCT", "JPXDecode", "CCITTFaxDecode", "CCF", "JBIG2Decode"}


class _Uncheckable(Exception):
    pass


class _ExpandsTooFar(Exception):
    pass


def _names(pdf_syntax):
    return [
        re.sub(rb"#([0-9a-fA-F]{2})", lambda m: bytes([int(m.group(1), 16)]), raw).decode("latin-1")
        for raw in ANY_NAME.findall(pdf_syntax)
    ]


def _balanced_dictionary(text):
    """Whether text reads as a stream's dictionary: << ... with every string closed."""
    if not text.lstrip().startswith(b"<<"):
        return False
    unescaped = re.sub(rb"\\.", b"", text, flags=re.DOTALL)
    return unescaped.count(b"(") == unescaped.count(b")")


def _pdf_streams(data):
    """Split a PDF into its syntax and its streams, as (dictionary, raw body) pairs."""
    syntax, streams, position = [], [], 0
    while match := STREAM_START.search(data, position):
        object_start = data.rfind(b"obj", position, match.start())
        dictionary = data[object_start + 3 : match.start() + 2] if object_start >= 0 else b""
        end = data.find(b"endstream", match.end())
        if end == -1 or not _balanced_dictionary(dictionary):
            # Not a real stream (an unclosed one, or ">> stream" inside a string): keep it
            # as syntax, which is checked in full.
            syntax.append(data[position : match.end()])
            position = match.end()
            continue
        syntax.append(data[position : match.end()])
        streams.append((dictionary, data[match.end() : end]))
        position = end + len(b"endstream")
    syntax.append(data[position:])
    return b"\n".join(syntax), streams


def _decode_stream(dictionary, body, budget):
    """The stream's content, or None for images and encodings that need no look inside.

    Raises _Uncheckable when the content cannot be decoded to be checked.
    """
    declared = FILTER.search(dictionary)
    data = body
    for name in _names(declared.group(1)) if declared else []:
        if name in IMAGE_FILTERS:
            return None
        if name in ("FlateDecode", "Fl"):
            inflater = zlib.decompressobj()
            try:
                data = inflater.decompress(data, budget + 1)
            except zlib.error:
                raise _Uncheckable from None
        elif name in ("ASCIIHexDecode", "AHx"):
            hex_text = re.sub(rb"\s", b"", data).split(b">", 1)[0]
            try:
                data = binascii.unhexlify(hex_text + b"0" * (len(hex_text) % 2))
            except binascii.Error:
                raise _Uncheckable from None
        elif name in ("ASCII85Decode", "A85"):
            try:
                data = base64.a85decode(data.strip().removesuffix(b"~>"), ignorechars=b" \t\n\r\f")
            except ValueError:
                raise _Uncheckable from None
        else:
            raise _Uncheckable
        if len(data) > budget:
            raise _ExpandsTooFar
    return data


def _objects_in_stream(dictionary, content):
    """{object number: its text} for the objects packed in an object stream."""
    first = re.search(rb"/First\s+(\d+)", dictionary)
    if not first:
        raise _Uncheckable
    first = int(first.group(1))
    numbers = [int(value) for value in content[:first].split() if value.isdigit()]
    pairs = list(zip(numbers[0::2], numbers[1::2], strict=False))
    objects = {}
    for index, (number, offset) in enumerate(pairs):
        end = pairs[index + 1][1] if index + 1 < len(pairs) else len(content) - first
        objects[number] = content[first + offset : first + end]
    return objects


def _check_pdf(upload, name):
    data = upload.read()
    upload.seek(0)
    incomplete = _refused(
        name,
        "is not a complete PDF: it may be damaged, or only part of it was saved. "
        "Save it again as a PDF and choose it again.",
        "incomplete_pdf",
    )
    if not PDF_HEADER.match(data):
        raise _not_accepted(name, "is not a PDF or office document")
    if _contains_program(data):
        raise _program_in(name)
    if b"%%EOF" not in data[-1024:] or not STARTXREF.search(data[-2048:]):
        raise incomplete
    if not PDF_OBJECT.search(data) or b"endobj" not in data:
        raise incomplete

    syntax, streams = _pdf_streams(data)
    checked = [syntax]  # Text a PDF reader reads as objects: where actions and scripts live.
    objects = {
        int(match.group(1)): syntax[match.end() : match.end() + OBJECT_PREVIEW_BYTES]
        for match in re.finditer(rb"(?<![0-9])(\d+)\s+\d+\s+obj\b", syntax)
    }
    if ENCRYPT.search(syntax):
        raise _refused(
            name, "is encrypted or password-protected. Send a copy without a password.", "encrypted"
        )
    budget = MAX_PDF_EXPANDED_BYTES
    uncheckable = _refused(
        name,
        "is stored in a way that cannot be checked. Save or print it again as a PDF and "
        "choose it again.",
        "uncheckable",
    )
    for dictionary, body in streams:
        is_object_stream = bool(OBJECT_STREAM.search(dictionary))
        try:
            content = _decode_stream(dictionary, body, budget)
        except _Uncheckable:
            if is_object_stream:
                raise uncheckable from None
            continue
        except _ExpandsTooFar:
            raise _not_accepted(name, "expands to far more than a document would") from None
        if content is None:
            continue
        budget -= len(content)
        if _contains_program(content):
            raise _program_in(name)
        if is_object_stream:
            if PREDICTOR.search(dictionary):
                raise uncheckable
            checked.append(content)
            try:
                packed = _objects_in_stream(dictionary, content)
            except _Uncheckable:
                raise uncheckable from None
            objects.update(
                {number: text.lstrip()[:OBJECT_PREVIEW_BYTES] for number, text in packed.items()}
            )

    active = _refused(
        name,
        "contains scripts, actions that run when it is opened, forms or attached files. "
        "Print or save it to a new PDF without them and choose it again.",
        "active_content",
    )
    for text in checked:
        if ACTIVE_PDF_NAMES.search(text):
            raise active
        for match in OPEN_ACTION.finditer(text):
            if match.group(2) is None:
                target = text[match.start(1) : match.start(1) + OBJECT_PREVIEW_BYTES]
            else:
                target = objects.get(int(match.group(2)), b"").lstrip()
            if not _opens_at_a_page(target):
                raise active


def _opens_at_a_page(target):
    """Whether an /OpenAction only shows a page: a destination, or a plain GoTo action."""
    if target.startswith(b"["):
        return True
    if not target.startswith(b"<<"):
        return False
    names = _names(target.split(b">>", 1)[0])
    return "S" in names and names[names.index("S") + 1 :][:1] == ["GoTo"] and "Next" not in names


# Office Open XML ---------------------------------------------------------------------------


def _unsafe_part_name(part):
    path = part.replace("\\", "/")
    first = path.split("/", 1)[0]
    return (
        path.startswith("/")
        or ":" in first
        or ".." in path.split("/")
        or "\x00" in path
        or "\\" in part
    )


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
            names = [entry.filename for entry in entries]
            if len(set(names)) != len(names) or any(_unsafe_part_name(part) for part in names):
                raise _not_accepted(name, "is not a well-formed office document")
            if any(entry.flag_bits & 0x1 for entry in entries):
                raise _refused(
                    name,
                    "is password-protected. Send a copy without a password.",
                    "encrypted",
                )
            if CONTENT_TYPES_PART not in names:
                raise _not_accepted(name, "is a zip archive, not an office document")
            content_types_entry = archive.getinfo(CONTENT_TYPES_PART)
            if content_types_entry.file_size > MAX_CONTENT_TYPES_BYTES:
                raise _not_accepted(name, "is not a well-formed office document")
            content_types = archive.read(content_types_entry)
            file_type = _check_office_parts(name, [part.lower() for part in names], content_types)
            for entry in entries:
                _check_office_part_content(archive, entry, name)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,
        OSError,
        EOFError,
        zlib.error,
    ):
        raise _not_accepted(name, "is a damaged or unreadable document") from None
    except RuntimeError:  # An encrypted part.
        raise _refused(
            name, "is password-protected. Send a copy without a password.", "encrypted"
        ) from None
    upload.seek(0)
    if _chunks_contain_program(upload.chunks()):
        raise _program_in(name)
    return file_type


def _check_office_parts(name, parts, content_types):
    """Refuse macros, ActiveX, embedded objects and programs by name; return the kind."""
    types = content_types.lower()
    if any(part.endswith(MACRO_PART_NAMES) for part in parts) or any(
        marker in types for marker in MACRO_CONTENT_TYPES
    ):
        raise ValidationError(
            "%(name)s contains macros. Save it as a document without macros "
            "(.docx, .xlsx or .pptx) and choose it again.",
            code="macros",
            params={"name": name},
        )
    if any("activex" in part for part in parts) or b"activex" in types:
        raise _refused(
            name,
            "contains ActiveX controls. Save a copy without them and choose it again.",
            "active_content",
        )
    if (
        any(
            part.startswith("embeddings/") or "/embeddings/" in part or "oleobject" in part
            for part in parts
        )
        or b"oleobject" in types
    ):
        raise _embedded_in(name)
    if any(part.endswith(tuple(EXECUTABLE_EXTENSIONS)) for part in parts):
        raise _program_in(name)
    for file_type, (main_part, main_content_type) in OFFICE_FORMATS.items():
        if main_part in parts and main_content_type in content_types:
            return file_type
    raise _not_accepted(name, "is not a Word, Excel or PowerPoint document")


def _embedded_in(name):
    return _refused(
        name,
        "contains embedded objects or files, such as another document or a chart's "
        "spreadsheet. Save it as a PDF, or remove what is embedded, and choose it again.",
        "embedded",
    )


def _fetches_on_opening(entry, archive, name):
    """Whether a relationships or external-link part makes Office fetch or run something."""
    part_name = entry.filename.lower()
    if not part_name.endswith(".rels") and "/externallinks/" not in f"/{part_name}":
        return False
    if entry.file_size > MAX_RELATIONSHIPS_BYTES:
        raise _not_accepted(name, "is not a well-formed office document")
    content = archive.read(entry)
    if DDE_LINK.search(content):
        return True
    return any(
        EXTERNAL_TARGET.search(relationship) and FETCHED_ON_OPENING.search(relationship)
        for relationship in RELATIONSHIP.findall(content)
    )


def _check_office_part_content(archive, entry, name):
    if _fetches_on_opening(entry, archive, name):
        raise _refused(
            name,
            "links to a template, object or document elsewhere that would be fetched when it "
            "opens. Save a copy without those links, or as a PDF, and choose it again.",
            "active_content",
        )
    with archive.open(entry) as part:
        head = part.read(READ_CHUNK_BYTES)
        if head.startswith(OLE_MAGIC):
            raise _embedded_in(name)
        if head.startswith((b"MZ", b"\x7fELF")):
            raise _program_in(name)

        def chunks():
            chunk = head
            while chunk:
                yield chunk
                chunk = part.read(READ_CHUNK_BYTES)

        if _chunks_contain_program(chunks()):
            raise _program_in(name)


def inspect_upload(upload):
    """Return what the uploaded file really is, or raise ValidationError naming the file."""
    name = upload.name
    if upload.size == 0:
        raise ValidationError("%(name)s is empty.", code="empty", params={"name": name})
    upload.seek(0)
    head = upload.read(len(OLE_MAGIC))
    upload.seek(0)
    if head.startswith(PDF_MAGIC):
        file_type = "pdf"
        _check_pdf(upload, name)
    elif head.startswith(ZIP_MAGIC):
        file_type = _office_type(upload, name)
    elif head.startswith(OLE_MAGIC):
        raise _refused(
            name,
            "is an older Office file (.doc, .xls or .ppt) or is password-protected. Save it as "
            ".docx, .xlsx or .pptx without a password and choose it again.",
            "old_office_format",
        )
    else:
        raise _not_accepted(name, "is not a PDF or office document")
    upload.seek(0)
    return InspectedFile(file_type=file_type, size=upload.size, sha256=_sha256(upload))
