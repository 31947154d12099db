"""How figures are written on the public site, matching the way the sources write them."""

import html
from decimal import Decimal
from functools import cache

KIB = 1024
MIB = 1024 * 1024


def strip_zeros(number, places=2):
    """Decimal(10.90) -> '10.9', Decimal(76.00) -> '76', with thousands separators."""
    quantised = Decimal(number).quantize(Decimal(1).scaleb(-places))
    whole, _, fraction = f"{quantised:,.{places}f}".partition(".")
    fraction = fraction.rstrip("0")
    return f"{whole}.{fraction}" if fraction else whole


def plain_number(number):
    """Decimal('36.0000') -> '36', Decimal('36.5000') -> '36.5': exact, without separators,
    as a form field shows a stored figure."""
    return f"{Decimal(number).normalize():f}"


def format_file_size(size_bytes):
    """Sizes as the College of Policing shows them: '184.53 KB', '2.99 MB'."""
    if size_bytes is None:
        return ""
    if size_bytes >= MIB:
        return f"{strip_zeros(Decimal(size_bytes) / MIB)} MB"
    if size_bytes >= KIB:
        return f"{strip_zeros(Decimal(size_bytes) / KIB)} KB"
    return f"{size_bytes} bytes"


def format_money(amount):
    amount = Decimal(amount)
    if amount >= 1_000_000 and amount % 100_000 == 0:
        return f"£{strip_zeros(amount / 1_000_000, places=1)} million"
    places = 0 if amount == amount.to_integral_value() else 2
    return f"£{amount:,.{places}f}"


def format_value(value, unit):
    if value is None:
        return ""
    if unit == "percent":
        return f"{strip_zeros(value, places=2)}%"
    if unit == "gbp":
        return format_money(value)
    return strip_zeros(value, places=2)


@cache
def _choice_labels(model, name):
    return dict(model._meta.get_field(name).flatchoices)


def choice_label(row, name):
    """row.get_<name>_display() for a field of text choices, without flattening the
    field's choices again for every row: a page of rows asks hundreds of times."""
    value = getattr(row, name)
    return _choice_labels(type(row), name).get(value, value)


def escaped(value):
    """What the template language prints for ``{{ value }}``: safe markup as it is, the
    rest escaped. Without Django's lazy wrapper: the parts of pages written in Python
    (the templatetags writing cards, rows and checkboxes) escape thousands of values."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))
