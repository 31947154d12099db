"""CSV and JSON downloads of the list's results: the current filter exactly, published
entries only, streamed in bounded chunks, safe to open in a spreadsheet, licensed."""

import csv
import io
import json
from datetime import UTC, date, datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from api import exports
from interventions.models import Intervention, PartnerRole, SourceCitation, SourceDocument
from interventions.spreadsheets import escape_formula
from tests.factories import (
    make_funding,
    make_intervention,
    make_organisation,
    make_outcome,
    make_report,
    make_session,
    make_source,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle():
    """Throttle counts live in the cache; each test starts with none."""
    cache.clear()


CSV = reverse("downloads:csv")
JSON = reverse("downloads:json")
OGL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


def body_of(response):
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)


def csv_rows(response):
    body = body_of(response).decode("utf-8")
    assert body.startswith("\ufeff"), "Excel needs the byte order mark to read UTF-8"
    return list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"))))


@pytest.fixture
def entry(theme, force):
    source = make_source(title="The VVCP page")
    lead = make_organisation(name="The VRU", slug="vru")
    entry = make_intervention(
        name="Knife Awareness",
        slug="knife-awareness",
        summary="Teaches pupils about knives.",
        themes=[theme("knife-crime"), theme("county-lines")],
        forces=[force("kent"), force("sussex")],
        purposes=["prevention", "diversion"],
        settings=["school"],
        partners=[(lead, "lead")],
        sources=[source],
        age_min=11,
        age_max=16,
        last_reviewed=date(2024, 5, 1),
    )
    make_funding(entry, description="Home Office", amount_gbp=1_200_000, period="2019-2021")
    make_report([entry], title="Full technical report", url="https://example.org/report.pdf")
    make_outcome(entry, measure="Knife offences", value="10.9", unit="percent")
    return entry


def test_the_csv_is_utf8_with_a_byte_order_mark_and_one_row_per_entry(client, entry):
    response = client.get(CSV)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8; header=present"
    assert response["Content-Disposition"].startswith('attachment; filename="interventions-')
    content = body_of(client.get(CSV))
    assert content.startswith(b"\xef\xbb\xbf")  # the byte order mark, as Excel needs
    (row,) = csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
    assert row["slug"] == "knife-awareness"
    assert row["name"] == "Knife Awareness"
    assert row["url"] == "http://testserver/interventions/knife-awareness/"
    assert row["age_min"] == "11" and row["age_max"] == "16"
    assert row["last_reviewed"] == "2024-05-01"


def test_several_values_in_a_cell_are_joined_with_semicolons(client, entry):
    (row,) = csv_rows(client.get(CSV))
    assert row["themes"] == "county-lines; knife-crime"
    assert row["forces"] == "kent; sussex"
    assert row["purposes"] == "prevention; diversion"
    assert row["organisations"] == "The VRU (lead)"
    assert row["funding"] == "Home Office: £1.2 million (2019-2021)"
    assert row["reports"] == "Full technical report"
    assert row["report_urls"] == "https://example.org/report.pdf"
    assert row["outcomes"] == "Knife offences: 10.9% reduction"
    assert row["sources"] == "The VVCP page"


@pytest.mark.parametrize(
    "hostile",
    ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rReturn"],
)
def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_quoted(client, hostile):
    make_intervention(name=hostile, summary="Plain.")
    (row,) = csv_rows(client.get(CSV))
    assert row["name"] == f"'{hostile}"
    assert row["summary"] == "Plain."


def test_text_with_commas_quotes_and_line_breaks_survives_the_round_trip(client):
    make_intervention(name='The "Safe, Sound" project', description="Line one.\nLine two.")
    (row,) = csv_rows(client.get(CSV))
    assert row["name"] == 'The "Safe, Sound" project'
    assert row["description"] == "Line one.\nLine two."


def test_a_cell_with_a_formula_start_a_comma_a_quote_and_a_line_break_is_written_exactly(
    client,
):
    partner = make_organisation(name='=Ltd, "Best"\nCo')
    make_intervention(
        name='-Knife, "Safe"\r\nSpace',
        summary="Plain, one line.",
        description='Says "hi".',
        curator_note="\u00a0@once",
        target_group="Young\npeople",
        inference_note="Carriage\rreturn",
        partners=[(partner, "lead")],
    )
    body = body_of(client.get(CSV)).decode("utf-8")
    # Each such cell in double quotes, its quotes doubled, an apostrophe before a
    # formula start; the line ends with CRLF, as Python's csv module writes it.
    assert ',"\'-Knife, ""Safe""\r\nSpace",' in body
    assert ',"Plain, one line.",' in body
    assert ',"Says ""hi"".",' in body
    assert ',"\'=Ltd, ""Best""\nCo (lead)",' in body
    assert ",'\u00a0@once," in body
    assert ',"Young\npeople",' in body
    assert ',"Carriage\rreturn",' in body
    assert body.endswith("\r\n") and body.count("\r\n") == 3


def test_the_download_holds_exactly_the_filtered_entries(client, entry, theme):
    make_intervention(name="Other work", themes=[theme("neurodiversity")])
    rows = csv_rows(client.get(CSV, {"theme": "county-lines", "region": "south-east"}))
    assert [row["slug"] for row in rows] == ["knife-awareness"]
    assert len(csv_rows(client.get(CSV))) == 2


def test_drafts_are_never_downloaded(client, entry, theme):
    for state in ("draft", "in-review"):
        make_intervention(name=f"Secret {state}", state=state, themes=[theme("knife-crime")])
    for path in (CSV, JSON):
        for params in ({}, {"q": "secret"}, {"theme": "knife-crime"}):
            assert b"Secret" not in body_of(client.get(path, params))


def test_the_csv_states_its_licence_in_a_link_header(client, entry):
    assert client.get(CSV)["Link"] == f'<{OGL}>; rel="license"'


def test_the_json_states_its_licence_filter_and_count(client, entry):
    response = client.get(JSON, {"theme": "knife-crime", "ordering": "-name"})
    assert response["Content-Type"] == "application/json; charset=utf-8"
    document = json.loads(body_of(response))
    assert document["licence"] == {"name": "Open Government Licence v3.0", "url": OGL}
    assert document["filters"] == {"theme": ["knife-crime"], "ordering": ["-name"]}
    assert (
        document["list_url"] == "http://testserver/interventions/?theme=knife-crime&ordering=-name"
    )
    assert document["count"] == 1
    (exported,) = document["interventions"]
    api = client.get(reverse("api:intervention-detail", args=["knife-awareness"])).json()
    assert exported == api


def test_an_empty_result_is_still_a_valid_file(client):
    assert csv_rows(client.get(CSV, {"q": "nothing"})) == []
    document = json.loads(body_of(client.get(JSON, {"q": "nothing"})))
    assert document["count"] == 0 and document["interventions"] == []


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"age": "old"}, "age: The age “old” is not a whole number from 0 to 120."),
        ({"theme": "nope"}, "theme: There is no theme “nope”."),
        ({"q": "x\x00"}, "q: Null characters are not allowed."),
        ({"q": "x" * 300}, "q: The search is longer than 200 characters."),
        ({"ordering": "price"}, "ordering: There is no sort order “price”. Use one of:"),
    ],
)
def test_an_unusable_value_is_a_400_naming_it_never_a_wider_download(client, entry, params, named):
    response = client.get(CSV, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert named in response.content.decode()
    response = client.get(JSON, params)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == set(params)


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_downloads_are_read_only(client, entry, method):
    assert getattr(client, method)(CSV).status_code == 405


# Per chunk of entries, the CSV reads the cells that only join names (themes, forces,
# regions, purposes, settings, partners, sources, lessons), funding, age groups, reports
# and figures in one round trip (prepared statements, after the first chunk).
CSV_PER_CHUNK = 1
# The JSON reads all of a chunk's related rows in one round trip (api.representations).
JSON_PER_CHUNK = 1


def fully_linked_entry(name, theme, force, source, partner):
    """An entry with a row of every relation the downloads show."""
    entry = make_intervention(
        name=name,
        themes=[theme("knife-crime")],
        forces=[force("kent")],
        purposes=["prevention"],
        sources=[source],
        settings=["school"],
        partners=[(partner, "lead")],
    )
    make_funding(entry, source=source, amount_gbp=1000)
    make_outcome(entry, source=source)
    make_report([entry], source=source)
    make_session([entry], source=source)
    return entry


@pytest.mark.parametrize("size", [5, 60])
def test_queries_grow_with_chunks_not_entries(
    client, theme, force, monkeypatch, size, django_assert_num_queries
):
    monkeypatch.setattr(exports, "EXPORT_CHUNK_SIZE", 25)
    monkeypatch.setattr(exports, "CSV_CHUNK_SIZE", 25)
    source = make_source()
    partner = make_organisation()
    for number in range(size):
        fully_linked_entry(f"Entry {number:03}", theme, force, source, partner)
    chunks = -(-size // 25)
    # The option lists to check the filter against (one query), then the entries; and
    # the catalogue's version for the ETag, read again after the saves above (web.shared_cache).
    with django_assert_num_queries(1 + 1 + 1 + chunks * CSV_PER_CHUNK):
        rows = csv_rows(client.get(CSV, {"theme": "knife-crime"}))
    assert len(rows) == size
    # The JSON also counts the entries first.
    with django_assert_num_queries(1 + 1 + 1 + chunks * JSON_PER_CHUNK):
        document = json.loads(body_of(client.get(JSON, {"theme": "knife-crime"})))
    assert len(document["interventions"]) == size


def test_entries_are_read_a_chunk_at_a_time_as_the_download_is_sent(client, monkeypatch):
    monkeypatch.setattr(exports, "CSV_CHUNK_SIZE", 2)
    for number in range(6):
        make_report([make_intervention(name=f"Entry {number}")])
    pieces = iter(client.get(CSV).streaming_content)
    with CaptureQueriesContext(connection) as first:
        next(pieces)  # the heading row
        assert next(pieces).decode().count("\r\n") == 2  # the first chunk's entries
    with CaptureQueriesContext(connection) as rest:
        remaining = list(pieces)
    assert len(remaining) == 2
    assert len(first) == 1 + CSV_PER_CHUNK  # the entries, and the first chunk's related rows
    assert len(rest) == 2 * CSV_PER_CHUNK  # the related rows of the two other chunks


@pytest.fixture
def varied_catalogue(theme, force):
    """Entries with every kind of related row, in each shape a cell formats differently."""
    source_b = make_source(title="Briefing on knife crime")
    source_a = make_source(title="An annual report", published_on=date(2022, 2, 25))
    vru = make_organisation(name="The VRU")
    charity = make_organisation(name="A Charity")
    university = make_organisation(name="Uni of Somewhere", kind="university")
    entry = make_intervention(
        name="Alpha project",
        short_name="AP",
        summary="=Looks like a formula, is not one.",
        description="Line one.\nLine two, with a comma and “quotes”.",
        themes=[theme("young-adults"), theme("knife-crime"), theme("county-lines")],
        forces=[force("sussex"), force("merseyside"), force("kent")],
        purposes=["diversion", "prevention"],
        settings=["custody", "school"],
        sources=[source_b, source_a],
        partners=[
            (university, "evaluator"),
            (charity, "funder"),
            (charity, "delivery-partner"),
            (vru, "lead"),
        ],
        evidence_stage="locally-evaluated",
        status="ended",
        target_group="Young people aged 11 to 16",
        age_min=11,
        age_max=16,
        start_year=2019,
        end_year=2022,
        contact_email="team@example.org",
        website="https://example.org/alpha",
        curator_note="-2 in the source's table is a typo for 2.",
        published_at=datetime(2024, 7, 1, 9, 30, 15, 123456, tzinfo=UTC),
        last_reviewed=date(2024, 5, 1),
    )
    make_funding(entry, key="b", description="Home Office", amount_gbp=1_200_000, period="2019-21")
    make_funding(
        entry, key="a", description="Local grant", amount_gbp="25000.50", amount_qualifier="over"
    )
    make_funding(entry, key="c", description="In kind", funder=vru, period="2020")
    draft = make_intervention(name="Secret draft", state="draft")
    zeta = make_intervention(name="Zeta project", slug="zeta")
    make_report([zeta, entry, draft], title="Synthesis", published_on=date(2023, 1, 9), url="")
    make_report(
        [entry],
        title="Early findings",
        date_note="Spring 2020",
        file_size_bytes=None,
        method="process",
        summary="What the first year showed.",
        source=source_b,
        source_section="Page 4",
        curator_note="The source dates it only by season.",
    )
    full_report = make_report(
        [entry],
        title="Full technical report",
        published_on=date(2021, 3, 1),
        url="https://example.org/report.pdf",
        file_size_bytes=3_140_000,
        evaluator=university,
        publisher=vru,
    )
    make_outcome(entry, key="c", position=2, measure="Cost", value=1_500_000, unit="gbp")
    make_outcome(
        entry,
        key="b",
        position=1,
        measure="Knife offences",
        value="10.9",
        report=full_report,
        cohort="Pupils in Kent",
        baseline_period="2018",
        follow_up_period="2020",
        source_section="Table 2",
        curator_note="Rounded in the source.",
    )
    make_outcome(
        entry,
        key="a",
        position=1,
        measure="Young people reached",
        value=400,
        unit="count",
        value_qualifier="over",
        direction="",
    )
    make_outcome(
        entry,
        key="d",
        position=3,
        measure="Ratio",
        value="1.25",
        unit="ratio",
        direction="no-change",
        baseline_value=2,
        follow_up_value="2.5",
        sample_size=40,
    )
    make_session([entry], title="Seminar one", time_note="10am to 12pm")
    SourceCitation.objects.filter(source=source_a).update(section="Case study 3, pages 16 to 19")
    SourceDocument.objects.filter(pk=source_b.pk).update(date_note="Spring 2021")
    PartnerRole.objects.filter(role="lead").update(note="Runs it day to day.")
    make_intervention(name="Beta project")
    Intervention.objects.filter(name="Beta project").update(
        updated_at=datetime(2025, 1, 15, 12, tzinfo=UTC)
    )
    return entry


def api_entries(client, params, read=json.loads):
    """The entries of a download as the API lists them for the same address."""
    response = client.get(reverse("api:intervention-list"), {**params, "page_size": 100})
    assert response.status_code == 200
    body = dict(read(response.content))
    assert body["next"] is None
    return body["results"]


def api_csv(client, params):
    """The CSV written cell by cell from the API's answer for the same address."""
    text = io.StringIO()
    text.write("\ufeff")
    writer = csv.writer(text)
    writer.writerow([heading for heading, _ in exports.CSV_COLUMNS])
    for data in api_entries(client, params):
        writer.writerow([escape_formula(value(data)) for _, value in exports.CSV_COLUMNS])
    return text.getvalue().encode("utf-8")


def exactly(text):
    """JSON read with its keys in order and whole numbers told from fractional ones."""
    return json.loads(text, object_pairs_hook=list, parse_float=lambda number: ("float", number))


PARAMS = [{}, {"ordering": "-name"}, {"theme": "knife-crime"}]


@pytest.mark.parametrize("params", PARAMS)
def test_the_csv_says_exactly_what_the_api_says(client, varied_catalogue, params):
    content = body_of(client.get(CSV, params))
    expected = api_csv(client, params)
    read = [list(csv.reader(io.StringIO(text.decode("utf-8-sig")))) for text in (content, expected)]
    assert len(read[0]) > 1
    for row, expected_row in zip(*read, strict=True):
        assert dict(zip(read[0][0], row, strict=True)) == dict(
            zip(read[1][0], expected_row, strict=True)
        )
    assert content == expected


@pytest.mark.parametrize("params", PARAMS)
def test_the_json_says_exactly_what_the_api_says(client, varied_catalogue, params):
    document = exactly(body_of(client.get(JSON, params)))
    (exported,) = [value for key, value in document if key == "interventions"]
    expected = api_entries(client, params, read=exactly)
    assert len(exported) == len(expected) > 0
    for entry, expected_entry in zip(exported, expected, strict=True):
        assert entry == expected_entry


def test_the_csv_orders_and_formats_each_cell_as_the_api_does(client, varied_catalogue):
    alpha, beta, _ = csv_rows(client.get(CSV))
    assert alpha["themes"] == "county-lines; knife-crime; young-adults"
    assert alpha["forces"] == "kent; merseyside; sussex"
    assert alpha["regions"] == "south-east; north-west"
    assert alpha["organisations"] == (
        "The VRU (lead); A Charity (delivery-partner); A Charity (funder); "
        "Uni of Somewhere (evaluator)"
    )
    assert alpha["purposes"] == "prevention; diversion"
    assert alpha["setting"] == "custody; school"
    assert alpha["funding"] == (
        "Local grant: Over £25,000.50; Home Office: £1.2 million (2019-21); In kind (2020)"
    )
    assert alpha["report_urls"] == "https://example.org/report.pdf"
    assert alpha["outcomes"] == (
        "Young people reached: Over 400; Knife offences: 10.9% reduction; "
        "Cost: £1.5 million reduction; Ratio: 1.25 no change"
    )
    assert alpha["sources"] == "An annual report; Briefing on knife crime"
    assert alpha["summary"] == "'=Looks like a formula, is not one."
    assert alpha["curator_note"] == "'-2 in the source's table is a typo for 2."
    assert alpha["published_at"] == "2024-07-01T10:30:15.123456+01:00"
    assert beta["updated_at"] == "2025-01-15T12:00:00Z"
    assert beta["last_reviewed"] == beta["age_min"] == beta["funding"] == ""


def test_draft_entries_reports_and_figures_are_never_downloaded(client, varied_catalogue):
    draft = Intervention.objects.get(name="Secret draft")
    make_report([draft], title="Secret report", url="https://example.org/secret.pdf")
    make_outcome(draft, measure="Secret figure")
    make_funding(draft, description="Secret funding")
    for path in (CSV, JSON):
        body = body_of(client.get(path)).decode("utf-8")
        assert "Secret" not in body and draft.slug not in body
    (synthesis,) = [
        report
        for entry in json.loads(body_of(client.get(JSON)))["interventions"]
        for report in entry["reports"]
        if entry["slug"] == "zeta"
    ]
    assert synthesis["interventions"] == [varied_catalogue.slug, "zeta"]


def test_downloads_share_the_apis_rate_per_client(client, entry, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/min"},
    }
    assert client.get(reverse("api:intervention-list")).status_code == 200
    assert client.get(CSV).status_code == 200
    refused = client.get(JSON)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused.json()["retry_after"] == int(refused["Retry-After"])
    refused = client.get(CSV)
    assert refused.status_code == 429
    assert "Please wait" in refused.content.decode()


@pytest.mark.parametrize(
    ("zone", "published_at", "written"),
    [
        ("Europe/London", datetime(2024, 7, 1, 9, 30, 15, tzinfo=UTC), "2024-07-01T10:30:15+01:00"),
        (
            "Europe/London",
            datetime(2024, 1, 2, 9, 30, 0, 5, tzinfo=UTC),
            "2024-01-02T09:30:00.000005Z",
        ),
        ("America/St_Johns", datetime(2024, 1, 2, 1, 0, tzinfo=UTC), "2024-01-01T21:30:00-03:30"),
        (
            "Asia/Kolkata",
            datetime(2024, 12, 31, 20, 0, 0, 120000, tzinfo=UTC),
            "2025-01-01T01:30:00.120000+05:30",
        ),
    ],
)
def test_dates_and_times_are_written_in_the_sites_time_zone_as_the_api_writes_them(
    client, settings, zone, published_at, written
):
    settings.TIME_ZONE = zone
    entry = make_intervention(published_at=published_at, last_reviewed=date(2024, 5, 1))
    (row,) = csv_rows(client.get(CSV))
    assert row["published_at"] == written
    api = client.get(reverse("api:intervention-detail", args=[entry.slug])).json()
    assert [row["published_at"], row["updated_at"], row["last_reviewed"]] == [
        api["published_at"],
        api["updated_at"],
        "2024-05-01",
    ]
