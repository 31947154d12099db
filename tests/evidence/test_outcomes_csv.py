"""/outcomes/download.csv: the figures of the current filter, streamed, safe in a spreadsheet."""

import csv
import io

import pytest
from django.urls import reverse

from evidence.outcomes import CSV_COLUMNS, spreadsheet_safe
from tests.factories import make_intervention, make_outcome, make_report, make_source

pytestmark = pytest.mark.django_db

CSV_URL = reverse("evidence:outcomes_csv")


def download(client, params=None):
    response = client.get(CSV_URL, params or {})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff"), "spreadsheets need the byte order mark to read UTF-8"
    rows = list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"))))
    return response, rows


@pytest.fixture
def entry(theme, force):
    entry = make_intervention(
        name="Violent Crime Taskforce",
        short_name="VCT",
        slug="taskforce",
        themes=[theme("hotspot-policing"), theme("knife-crime")],
        forces=[force("hampshire")],
    )
    source = make_source(
        title="PCCs Making a Difference", publisher="APCC", url="https://apcc.example/"
    )
    report = make_report([entry], title="Taskforce evaluation", url="https://report.example/")
    make_outcome(
        entry,
        key="robberies",
        measure="Robberies in Portsmouth",
        measure_kind="robbery",
        value="45.0000",
        value_qualifier="up-to",
        baseline_value="37",
        baseline_period="December 2019",
        follow_up_value="20",
        follow_up_period="December 2022",
        cohort="Portsmouth",
        scope="area",
        scope_section="Case study 7, Evaluation",
        sample_size=12,
        source=source,
        source_section="Case study 7",
        report=report,
        curator_note="The source gives 45%.",
    )
    make_outcome(
        entry,
        key="people",
        measure="People reached",
        measure_kind="engagement",
        unit="count",
        value="10.9",
        direction="",
        source=source,
    )
    return entry


def test_the_download_is_a_named_csv_attachment(client, entry):
    response, _ = download(client)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="outcomes-')
    assert response["Content-Disposition"].endswith('.csv"')


def test_each_row_gives_the_figure_its_entry_and_its_source_in_full(client, entry):
    _, rows = download(client)
    assert list(rows[0]) == CSV_COLUMNS
    row = next(row for row in rows if row["measure"] == "Robberies in Portsmouth")
    assert row == {
        "entry": "Violent Crime Taskforce (VCT)",
        "entry_address": "http://testserver/interventions/taskforce/#outcome-robberies",
        "entry_evidence_stage": "Untested or new",
        "entry_verdict": "Not yet known",
        "measure": "Robberies in Portsmouth",
        "kind_of_measure": "Robbery",
        "value_qualifier": "Up to",
        "value": "45",
        "unit": "Percent",
        "direction": "Reduction",
        "baseline_value": "37",
        "baseline_period": "December 2019",
        "follow_up_value": "20",
        "follow_up_period": "December 2022",
        "group_or_area": "Portsmouth",
        "scope": "A wider area (force-wide, county-wide, city-wide)",
        "scope_caveat": "Area-wide figure: it counts everyone in the area, not only this "
        "intervention's participants, so it cannot be put down to this intervention alone.",
        "scope_section": "Case study 7, Evaluation",
        "sample_size": "12",
        "police_forces": "Hampshire and Isle of Wight Constabulary",
        "themes": "Hotspot policing; Knife crime",
        "source": "PCCs Making a Difference",
        "source_publisher": "APCC",
        "source_section": "Case study 7",
        "source_address": "https://apcc.example/",
        "report": "Taskforce evaluation",
        "report_address": "https://report.example/",
        "curator_note": "The source gives 45%.",
    }
    people = next(row for row in rows if row["measure"] == "People reached")
    assert (people["value"], people["direction"], people["baseline_value"]) == ("10.9", "", "")


def test_the_download_holds_the_current_filter_and_sort_but_every_page(client, entry, theme):
    source = make_source()
    other = make_intervention(themes=[theme("county-lines")])
    for number in range(70):
        make_outcome(other, key=f"figure-{number}", measure=f"Figure {number:02}", source=source)
    _, rows = download(client, {"theme": "county-lines", "sort": "measure", "page": "2"})
    assert [row["measure"] for row in rows] == [f"Figure {number:02}" for number in range(70)]
    _, rows = download(client, {"kind": "robbery"})
    assert [row["measure"] for row in rows] == ["Robberies in Portsmouth"]


def test_bad_filter_values_are_ignored_in_the_download_too(client, entry):
    _, rows = download(
        client, {"kind": ["robbery", "<script>"], "sort": "nonsense", "force": "x" * 4000}
    )
    assert [row["measure"] for row in rows] == ["Robberies in Portsmouth"]


def test_unpublished_figures_never_reach_the_download(client, entry):
    for state in ("draft", "in-review"):
        hidden = make_intervention(name=f"Secret {state}", state=state)
        make_outcome(hidden, measure=f"Secret figure {state}")
    response = client.get(CSV_URL)
    body = b"".join(response.streaming_content).decode()
    assert "Secret" not in body
    assert body.count("\r\n") == 3  # the header and the two published figures


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+44 1234", "'+44 1234"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTabbed", "'\tTabbed"),
        ("\rReturn", "'\rReturn"),
        ("Robberies = 45", "Robberies = 45"),
        ("", ""),
    ],
)
def test_cells_a_spreadsheet_would_run_as_a_formula_are_made_inert(typed, written):
    assert spreadsheet_safe(typed) == written


def test_formula_text_from_the_catalogue_arrives_inert_in_every_text_column(client, theme):
    entry = make_intervention(name="=cmd|' /C calc'!A0", themes=[theme("knife-crime")])
    source = make_source(title="+SUM(1)", publisher="@evil")
    make_outcome(
        entry,
        measure="-1+1",
        cohort="=1",
        source=source,
        source_section="\t=2",
        curator_note="\r=3",
    )
    _, rows = download(client)
    row = rows[0]
    for column in (
        "entry",
        "measure",
        "group_or_area",
        "source",
        "source_publisher",
        "source_section",
        "curator_note",
    ):
        assert row[column].startswith("'"), column


@pytest.mark.parametrize("size", [5, 200])
def test_the_download_takes_the_same_queries_for_5_or_200_figures(
    client, theme, force, size, django_assert_max_num_queries
):
    source = make_source()
    entries = [
        make_intervention(themes=[theme("knife-crime")], forces=[force("kent")]) for _ in range(5)
    ]
    for number in range(size):
        make_outcome(entries[number % 5], key=f"figure-{number}", source=source)
    # Themes, forces and sources to check the address against; the figures with their
    # entries, sources and reports; the entries' forces; their themes; the catalogue's version for
    # the ETag, read again after the saves above (web.shared_cache).
    with django_assert_max_num_queries(7):
        response = client.get(CSV_URL, {"theme": "knife-crime"})
        body = b"".join(response.streaming_content)
    assert body.count(b"\r\n") == size + 1
