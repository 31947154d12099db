from decimal import Decimal

import pytest

from evaluations.models import OutcomeMetric
from interventions.formatting import (
    KIB,
    MIB,
    choice_label,
    format_file_size,
    format_money,
    format_value,
    plain_number,
)
from interventions.models import EvidenceStage, Intervention

COLLEGE_SIZES = [
    "184.53 KB",
    "2.99 MB",
    "196.44 KB",
    "992.5 KB",
    "209.58 KB",
    "935.48 KB",
    "622.27 KB",
    "199.44 KB",
    "1.98 MB",
    "176.33 KB",
    "3.69 MB",
    "1.24 MB",
    "214.56 KB",
    "1.64 MB",
    "406.56 KB",
    "188.65 KB",
    "2.33 MB",
    "444.27 KB",
    "180.96 KB",
    "186.31 KB",
    "1.96 MB",
]


def parse_file_size(text):
    """'184.53 KB' -> 188959 bytes, as a curator turns the College's size into bytes."""
    number, unit = text.replace(",", ".").split()
    multiplier = {"KB": KIB, "MB": MIB, "BYTES": 1}[unit.upper()]
    return int((Decimal(number) * multiplier).to_integral_value())


@pytest.mark.parametrize("size", COLLEGE_SIZES)
def test_every_college_file_size_survives_storage_in_bytes(size):
    assert format_file_size(parse_file_size(size)) == size


def test_a_size_is_stored_in_bytes_at_1024_bytes_a_kilobyte():
    assert parse_file_size("184.53 KB") == 188959
    assert parse_file_size("992.5 KB") == 1016320


def test_a_size_written_with_a_decimal_comma_is_read_as_a_point():
    assert parse_file_size("186,31 KB") == parse_file_size("186.31 KB")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("76.0000"), "76%"), (Decimal("10.9000"), "10.9%"), (Decimal("14.7"), "14.7%")],
)
def test_percentages_are_shown_without_trailing_zeros(value, expected):
    assert format_value(value, "percent") == expected


def test_counts_get_thousands_separators():
    assert format_value(Decimal("18000.0000"), "count") == "18,000"


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("566513"), "£566,513"),
        (Decimal("130000000"), "£130 million"),
        (Decimal("185400000"), "£185.4 million"),
        (Decimal("3.16"), "£3.16"),
    ],
)
def test_money_is_shown_the_way_the_sources_write_it(amount, expected):
    assert format_money(amount) == expected


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("36.0000", "36"),
        ("36.5000", "36.5"),
        ("100.0000", "100"),
        ("0.0001", "0.0001"),
        ("-2.5000", "-2.5"),
        ("1250000.00", "1250000"),
    ],
)
def test_a_stored_figure_is_given_to_a_form_exactly_without_trailing_zeros(stored, shown):
    assert plain_number(Decimal(stored)) == shown


def test_a_choice_label_is_what_get_display_gives():
    for value, _ in EvidenceStage.choices:
        entry = Intervention(evidence_stage=value)
        assert choice_label(entry, "evidence_stage") == entry.get_evidence_stage_display()
    for value in ("reduction", "increase", "", "not-a-direction"):
        metric = OutcomeMetric(direction=value)
        assert choice_label(metric, "direction") == metric.get_direction_display()
