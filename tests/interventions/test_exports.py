"""CSV and JSON downloads of the list's results: the current filter exactly, published
entries only, streamed in bounded chunks, safe to open in a spreadsheet, licensed."""

import csv
import io
import json
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interventions import exports
from tests.factories import (
    make_funding,
    make_intervention,
    make_organisation,
    make_outcome,
    make_report,
    make_source,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle():
    """Throttle counts live in the cache; each test starts with none."""
    cache.clear()


CSV = reverse("interventions:download-csv")
JSON = reverse("interventions:download-json")
OGL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


def body_of(response):
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(body_of(response).decode("utf-8"))))


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


def test_the_csv_is_utf8_with_one_row_per_entry_and_named_columns(client, entry):
    response = client.get(CSV)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8; header=present"
    assert response["Content-Disposition"].startswith('attachment; filename="interventions-')
    content = body_of(client.get(CSV))
    assert not content.startswith(b"\xef\xbb\xbf")  # no byte order mark
    (row,) = csv.DictReader(io.StringIO(content.decode("utf-8")))
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
        ({"age": "old"}, "age: Enter a whole number from 0 to 120."),
        ({"theme": "nope"}, "theme: There is no theme “nope”."),
        ({"q": "x\x00"}, "q: Null characters are not allowed."),
        ({"q": "x" * 300}, "q: A search can be at most 200 characters long."),
        ({"ordering": "price"}, "ordering: Use one of:"),
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


# The main query; per chunk of entries, their themes, forces, purposes, settings,
# partners, funding, reports (and the reports' published entries), figures, seminar
# sessions and sources.
PER_CHUNK = 11


@pytest.mark.parametrize("size", [5, 60])
def test_queries_grow_with_chunks_not_entries(
    client, theme, force, monkeypatch, size, django_assert_num_queries
):
    monkeypatch.setattr(exports, "EXPORT_CHUNK_SIZE", 25)
    source = make_source()
    for number in range(size):
        entry = make_intervention(
            name=f"Entry {number:03}",
            themes=[theme("knife-crime")],
            forces=[force("kent")],
            sources=[source],
            settings=["school"],
        )
        make_outcome(entry, source=source)
        make_report([entry], source=source)
    chunks = -(-size // 25)
    # The option lists to check the filter against (one query), then the entries.
    with django_assert_num_queries(1 + 1 + chunks * PER_CHUNK):
        rows = csv_rows(client.get(CSV, {"theme": "knife-crime"}))
    assert len(rows) == size
    # The JSON also counts the entries first.
    with django_assert_num_queries(1 + 1 + 1 + chunks * PER_CHUNK):
        document = json.loads(body_of(client.get(JSON, {"theme": "knife-crime"})))
    assert len(document["interventions"]) == size


def test_entries_are_read_a_chunk_at_a_time_as_the_download_is_sent(client, monkeypatch):
    monkeypatch.setattr(exports, "EXPORT_CHUNK_SIZE", 2)
    for number in range(6):
        make_report([make_intervention(name=f"Entry {number}")])
    pieces = iter(client.get(CSV).streaming_content)
    with CaptureQueriesContext(connection) as first:
        next(pieces)  # the heading row
        next(pieces)  # the first entry
    with CaptureQueriesContext(connection) as rest:
        remaining = list(pieces)
    assert len(remaining) == 5
    assert len(first) == 1 + PER_CHUNK  # the entries, and the first chunk's related rows
    assert len(rest) == 2 * PER_CHUNK  # the related rows of the two other chunks


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
