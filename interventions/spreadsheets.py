"""Cells for CSV and spreadsheet files that open safely in Excel and its kin.

A cell starting with one of these characters is run as a formula by spreadsheet
programs, so exported text that starts with one gets an apostrophe in front: the
text shows as typed and never runs. Imports take the apostrophe off again.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unescape_formula(value):
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
