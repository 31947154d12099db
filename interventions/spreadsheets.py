"""Cells for CSV and spreadsheet files that open safely in Excel and its kin.

Spreadsheet programs run a cell as a formula when it starts with one of these characters,
some of them even after leading spaces, and some also take the full-width forms typed
on East Asian keyboards. Exported text whose first character is a tab or carriage return,
or whose first non-blank character is one of the others, gets an apostrophe in front: the
text shows as typed and never runs. Imports take exactly that apostrophe off again.

Text that already starts with apostrophes before such a character gets one more, so
that the import's removal gives back what was typed.
"""

# Formula starts in their own right, even where they are also blank.
FORMULA_STARTS = ("\t", "\r")
# Formula starts once any leading blanks are passed.
FORMULA_STARTS_AFTER_BLANKS = frozenset("=+-@|\uff1d\uff0b\uff0d\uff20")

# The byte order mark that starts every CSV file the site writes: without it Excel reads
# UTF-8 as the local code page and garbles every accented letter and pound sign.
BYTE_ORDER_MARK = "\ufeff"


def _runs_as_formula(text):
    return text.startswith(FORMULA_STARTS) or text.lstrip()[:1] in FORMULA_STARTS_AFTER_BLANKS


def _needs_apostrophe(text):
    # Most cells are empty or start with a letter or digit, which no formula start is:
    # those skip the checks, which would cost more than the rest of a large export's Python.
    if not text or text[0].isalnum():
        return False
    return _runs_as_formula(text.lstrip("'"))


def escape_formula(value):
    if isinstance(value, str) and _needs_apostrophe(value):
        return "'" + value
    return value


def csv_line(row):
    """A row as one line of CSV, exactly as ``csv.writer`` writes it (the "excel" dialect:
    commas, a cell quoted only where it holds a comma, a double quote or a line break,
    "\\r\\n" at the end), each cell first as escape_formula() gives it.

    One function for the whole line: a large export writes hundreds of thousands of cells,
    and ``csv.writer`` reading each cell's text character by character, after a call per
    cell for the formula check, took most of the export's Python time. Here a cell's
    text is scanned with ``in``, and most cells, empty or starting with a letter or
    digit, skip the formula check."""
    # Text starting with a letter or digit and holding nothing to quote, the most common
    # cell, is written as it is without a call.
    line = ",".join(
        [
            value
            if value.__class__ is str
            and value[:1].isalnum()
            and '"' not in value
            and "," not in value
            and "\n" not in value
            and "\r" not in value
            else _csv_cell(value)
            for value in row
        ]
    )
    # A row of one empty cell is written as a quoted empty cell, not as an empty line.
    return (line or ('""' if row else "")) + "\r\n"


def _csv_cell(value):
    if value is None:
        return ""
    if not isinstance(value, str):
        return str(value)
    if not value:
        return value
    if not value[0].isalnum() and _runs_as_formula(value.lstrip("'")):
        value = "'" + value
    if '"' in value:
        return '"' + value.replace('"', '""') + '"'
    if "," in value or "\n" in value or "\r" in value:
        return '"' + value + '"'
    return value


def unescape_formula(value):
    if isinstance(value, str) and value.startswith("'") and _needs_apostrophe(value[1:]):
        return value[1:]
    return value
