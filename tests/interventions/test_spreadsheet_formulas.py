"""Every CSV and spreadsheet the site writes opens safely in Excel and its kin: text that a
spreadsheet would run as a formula arrives inert, every CSV starts with a byte order mark,
and a file exported from the admin imports again exactly as it was."""

import csv
import io

import openpyxl
import pytest
from django.core.cache import cache
from django.urls import reverse

from evaluations.models import EvaluationReport, OutcomeMetric
from evaluations.resources import EvaluationReportResource, OutcomeMetricResource
from interventions.models import Intervention, Theme
from interventions.resources import InterventionResource
from interventions.spreadsheets import csv_line, escape_formula, unescape_formula
from tests.curation.test_admin_import import confirm, upload
from tests.factories import make_intervention, make_organisation, make_outcome, make_report

pytestmark = pytest.mark.django_db

# Each starts a formula in at least one spreadsheet program.
HOSTILE = [
    "=1+1",
    "  =1+1",
    "\u00a0=1+1",
    "\n=1+1",
    "+1",
    " -2+3",
    "@SUM(A1)",
    "\tTab",
    "\rReturn",
    "|calc",
    " |calc",
    "\uff1d1+1",
    "\uff0b1",
    "\uff0d1",
    "\uff20SUM(A1)",
    " \uff1d1",
]
# Text that may look a little like one but runs as nothing, and is written as typed.
HARMLESS = ["Robberies = 45", "a|b", "", "   ", "'quoted'", "45", "Knife-crime"]
# Text starting with a letter or digit, in any script, whatever follows: never a formula.
LETTER_OR_DIGIT_FIRST = ["A=1+1", "1+1", "4-2", "x@example.org", "École=1", "٣-2", "Z	="]
# The plainest formula starts, which the letter-or-digit shortcut must never let through.
FORMULA_FIRST = ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"]
BOM = b"\xef\xbb\xbf"


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()


@pytest.mark.parametrize("typed", HOSTILE)
def test_text_that_would_run_as_a_formula_gets_an_apostrophe(typed):
    assert escape_formula(typed) == "'" + typed


@pytest.mark.parametrize("typed", HARMLESS)
def test_text_that_runs_as_nothing_is_written_as_typed(typed):
    assert escape_formula(typed) == typed


@pytest.mark.parametrize("typed", LETTER_OR_DIGIT_FIRST)
def test_text_starting_with_a_letter_or_digit_is_written_as_typed(typed):
    assert escape_formula(typed) == typed


@pytest.mark.parametrize("typed", HOSTILE + HARMLESS + ["'=1+1", "''=1+1", "' =1", "'\uff1d1"])
def test_the_import_gives_back_exactly_what_was_typed(typed):
    assert unescape_formula(escape_formula(typed)) == typed


def written_by_csv_module(row):
    text = io.StringIO()
    csv.writer(text).writerow([escape_formula(value) for value in row])
    return text.getvalue()


# Cells a CSV line quotes, or not, on their own or after their formula guard.
QUOTING = ["a, b", 'say "hi"', "two\nlines", "carriage\rreturn", "crlf\r\n", '"', ",", "=1,2"]


@pytest.mark.parametrize(
    "row",
    [
        [*HOSTILE, *HARMLESS, *LETTER_OR_DIGIT_FIRST, *FORMULA_FIRST, "'=1+1", None, 7, 2.5],
        [*QUOTING, *[f"{start}{text}" for start in ("=", " @", "'+") for text in QUOTING]],
        [""],
        [None],
        ["", ""],
        [],
    ],
)
def test_a_csv_line_is_what_the_csv_module_writes_of_each_cell_escaped(row):
    assert csv_line(row) == written_by_csv_module(row)


def test_a_csv_line_reads_back_as_each_cell_escaped():
    row = [*HOSTILE, *QUOTING, '=HYPERLINK("x", "y")', None, 7]
    (read,) = csv.reader(io.StringIO(csv_line(row)))
    assert read == ["" if value is None else str(escape_formula(value)) for value in row]


def read_csv(content):
    assert content.startswith(BOM), "Excel needs the byte order mark to read UTF-8"
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


# The public downloads


@pytest.mark.parametrize("hostile", HOSTILE)
def test_the_list_download_defuses_every_formula_start(client, hostile):
    make_intervention(name=hostile, summary="Plain.")
    response = client.get(reverse("downloads:csv"))
    (row,) = read_csv(b"".join(response.streaming_content))
    assert row["name"] == "'" + hostile
    assert row["summary"] == "Plain."


@pytest.mark.parametrize("hostile", HOSTILE)
def test_the_outcomes_download_defuses_every_formula_start(client, hostile):
    entry = make_intervention(name="Plain entry")
    make_outcome(entry, measure=hostile, cohort="Plain.")
    response = client.get(reverse("evidence:outcomes_csv"))
    (row,) = read_csv(b"".join(response.streaming_content))
    assert row["measure"] == "'" + hostile
    assert row["group_or_area"] == "Plain."


def test_every_public_csv_quotes_formula_starts_and_nothing_that_starts_with_a_letter(client):
    """The list's, the outcomes' and the gap map's downloads: the cells a user typed."""
    themes = []
    for number, text in enumerate(FORMULA_FIRST + LETTER_OR_DIGIT_FIRST):
        theme = Theme.objects.create(name=text, slug=f"typed-{number}")
        themes.append(theme)
        entry = make_intervention(name=text, slug=f"typed-{number}", summary=text, themes=[theme])
        make_outcome(entry, measure=text, cohort=text)
    expected = {text: "'" + text for text in FORMULA_FIRST}
    expected |= {text: text for text in LETTER_OR_DIGIT_FIRST}
    written = {
        "downloads:csv": ("name", "summary"),
        "evidence:outcomes_csv": ("measure", "group_or_area"),
        "evidence:gap_map_csv": ("theme",),
    }
    for address, columns in written.items():
        rows = read_csv(b"".join(client.get(reverse(address)).streaming_content))
        for column in columns:
            cells = {row[column] for row in rows}
            assert cells >= set(expected.values()), (address, column)
            assert not cells & {"'" + text for text in LETTER_OR_DIGIT_FIRST}, (address, column)


def test_every_csv_of_the_site_starts_with_a_byte_order_mark(client, curator_client):
    make_intervention(name="Café in Llanelli")
    for address in (reverse("downloads:csv"), reverse("evidence:outcomes_csv")):
        content = b"".join(client.get(address).streaming_content)
        assert content.startswith(BOM), address
    for resource, export in admin_exports():
        response = curator_client.post(export, export_form(resource, "0"))
        assert response.content.startswith(BOM), export


# The admin's exports, CSV and XLSX


ADMIN_ROWS = [
    (InterventionResource, "interventions_intervention"),
    (EvaluationReportResource, "evaluations_evaluationreport"),
    (OutcomeMetricResource, "evaluations_outcomemetric"),
]


def admin_exports():
    return [(resource, reverse(f"admin:{rows}_export")) for resource, rows in ADMIN_ROWS]


def export_form(resource, file_format):
    prefix = resource.__name__.lower()
    data = {"format": file_format, "resource": "0"}
    for field in resource().get_export_order():
        data[f"{prefix}_{field}"] = "on"
    return data


def xlsx_rows(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    headers = [cell.value for cell in sheet[1]]
    return [dict(zip(headers, row, strict=True)) for row in sheet.iter_rows(min_row=2)]


@pytest.fixture
def hostile_catalogue():
    """An entry, a report and a figure, each with text starting in every risky way."""
    text = ' \uff1dHYPERLINK("http://evil.example")'
    entry = make_intervention(name="|calc", slug="hostile", summary=text, target_group="\uff20x")
    make_report([entry], title=" =1+1", summary="\uff0b1", slug="hostile-report")
    make_outcome(entry, key="hostile-figure", measure=" @SUM(A1)", cohort="\uff0d1")
    return {
        InterventionResource: ("name", "summary", "target_group"),
        EvaluationReportResource: ("title", "summary"),
        OutcomeMetricResource: ("measure", "cohort"),
    }


def test_the_admins_csv_exports_defuse_every_formula_start(curator_client, hostile_catalogue):
    for resource, export in admin_exports():
        response = curator_client.post(export, export_form(resource, "0"))
        (row,) = read_csv(response.content)
        for column in hostile_catalogue[resource]:
            assert row[column].startswith("'"), (resource.__name__, column)


def test_the_admins_xlsx_exports_hold_formula_starts_as_plain_text(
    curator_client, hostile_catalogue
):
    for resource, export in admin_exports():
        response = curator_client.post(export, export_form(resource, "1"))
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        headers = [cell.value for cell in sheet[1]]
        for column in hostile_catalogue[resource]:
            cell = sheet.cell(row=2, column=headers.index(column) + 1)
            assert cell.data_type == "s", (resource.__name__, column)
            assert cell.value.startswith("'"), (resource.__name__, column)


ROUND_TRIP_TEXT = ["  =1+1", "|calc", "\uff1dSUM(1)", "'=kept apostrophe", "Plain text"]


@pytest.mark.parametrize("file_format", ["0", "1"], ids=["csv", "xlsx"])
def test_an_exported_file_imports_again_unchanged(curator_client, file_format):
    entries = [
        make_intervention(slug=f"entry-{number}", name=text, summary=text)
        for number, text in enumerate(ROUND_TRIP_TEXT)
    ]
    report = make_report(entries[:1], slug="report", title="|report", summary="  +1")
    organisation = make_organisation(slug="publisher")
    report.publisher = organisation
    report.save()
    make_outcome(entries[0], key="figure", measure="\uff20figure", cohort="'+kept")
    extension = {"0": "csv", "1": "xlsx"}[file_format]
    for resource, rows in ADMIN_ROWS:
        exported = curator_client.post(
            reverse(f"admin:{rows}_export"), export_form(resource, file_format)
        )
        preview = upload(
            curator_client,
            exported.content,
            name=f"export.{extension}",
            file_format=file_format,
            url=reverse(f"admin:{rows}_import"),
        )
        confirm(curator_client, preview, url=reverse(f"admin:{rows}_process_import"))
    for entry, text in zip(entries, ROUND_TRIP_TEXT, strict=True):
        entry.refresh_from_db()
        assert (entry.name, entry.summary) == (text, text)
    report = EvaluationReport.objects.get(slug="report")
    assert (report.title, report.summary) == ("|report", "  +1")
    figure = OutcomeMetric.objects.get(key="figure")
    assert (figure.measure, figure.cohort) == ("\uff20figure", "'+kept")
    assert Intervention.objects.count() == len(ROUND_TRIP_TEXT)
