"""Ratings in the API, its schema and the downloads: published entries' ratings only."""

import csv
import io
import json

import pytest
import yaml
from django.urls import reverse

from tests.factories import make_intervention, make_rating, make_report

pytestmark = pytest.mark.django_db

LIST = "/api/v1/interventions/"


def body_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def entries():
    rated = make_intervention(name="Rated", slug="rated")
    make_report(
        [rated],
        slug="rated-evaluation",
        design_level="3",
        design_basis="Evaluation, page 4",
        independent="yes",
        independence_basis="Introduction",
        is_published="yes",
        published_basis="Listed as a PDF",
    )
    make_report([rated], slug="rated-annual-report", report_type="annual-report")
    make_rating(
        rated,
        verdict="reduced-harm",
        findings_summary="Fewer assaults among those taking part.",
        source_section="Evaluation, page 4",
    )
    unrated = make_intervention(name="Unrated", slug="unrated")
    draft = make_intervention(name="Secret draft", slug="secret-draft", state="draft")
    make_rating(draft, verdict="increased-harm", findings_summary="Draft findings only.")
    return {"rated": rated, "unrated": unrated, "draft": draft}


def test_an_entry_gives_its_rating_and_the_scales_address(api, entries):
    rating = api(f"{LIST}rated/").json()["rating"]
    assert rating == {
        "verdict": "reduced-harm",
        "verdict_display": "Evidence of reduced violence or harm",
        "rests_on_self_reported_figures": False,
        "confidence": "moderate",
        "confidence_reason": "Strongest design Maryland level 3, independent.",
        "findings_summary": "Fewer assaults among those taking part.",
        "source": {
            "slug": rating["source"]["slug"],
            "title": rating["source"]["title"],
            "section": "Evaluation, page 4",
        },
        "rated_by": "Alex Curator",
        "rated_on": "2026-01-15",
        "scale_url": "http://testserver/about/evidence-ratings/",
    }


def test_an_unrated_entry_says_not_yet_known(api, entries):
    rating = api(f"{LIST}unrated/").json()["rating"]
    assert rating["verdict"] == "not-yet-known"
    assert rating["verdict_display"] == (
        "Not yet known. The evaluation has not been summarised here yet."
    )
    assert rating["confidence"] == "not-known"
    assert rating["source"] is None and rating["rated_on"] is None


def test_reports_say_whether_they_evaluate_and_how(api, entries):
    reports = {report["slug"]: report for report in api(f"{LIST}rated/").json()["reports"]}
    evaluation, annual = reports["rated-evaluation"], reports["rated-annual-report"]
    assert evaluation["is_evaluation"] is True
    assert evaluation["design_level"] == "3"
    assert evaluation["independent"] == "yes"
    assert evaluation["is_published"] == "yes"
    assert evaluation["published_basis"] == "Listed as a PDF"
    assert annual["is_evaluation"] is False
    assert annual["design_level"] == ""
    listed = {r["slug"]: r for r in api("/api/v1/reports/").json()["results"]}
    assert listed["rated-annual-report"]["is_evaluation"] is False
    assert listed["rated-evaluation"]["independence_basis"] == "Introduction"


def test_the_verdict_filter_narrows_the_list_to_published_entries(api, entries):
    slugs = [e["slug"] for e in api(LIST, {"verdict": "reduced-harm"}).json()["results"]]
    assert slugs == ["rated"]
    # The draft's rating never answers a filter.
    assert api(LIST, {"verdict": "increased-harm"}).json()["count"] == 0
    assert api(f"{LIST}secret-draft/").status_code == 404


@pytest.mark.parametrize(
    "value", ["works", "<script>alert(1)</script>", "REDUCED-HARM", "x" * 3000, "\x00"]
)
def test_an_unusable_verdict_is_a_400_naming_the_parameter(api, entries, value):
    response = api(LIST, {"verdict": value})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["verdict"]


def test_the_csv_download_has_the_rating_columns_for_published_entries_only(client, entries):
    response = client.get(reverse("downloads:csv"))
    assert response.status_code == 200
    body = body_of(response).decode("utf-8").removeprefix("\ufeff")
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(body))}
    assert set(rows) == {"rated", "unrated"}
    assert rows["rated"]["verdict"] == "reduced-harm"
    assert rows["rated"]["confidence"] == "moderate"
    assert rows["rated"]["rests_on_self_reported_figures"] == "no"
    assert rows["rated"]["findings_summary"] == "Fewer assaults among those taking part."
    assert rows["rated"]["findings_source"].endswith(", Evaluation, page 4")
    assert rows["unrated"]["verdict"] == "not-yet-known"
    assert "Draft findings only" not in body


def test_the_csv_download_filters_by_verdict_and_refuses_a_bad_one(client, entries):
    body = body_of(client.get(reverse("downloads:csv"), {"verdict": "not-yet-known"}))
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8").removeprefix("\ufeff"))))
    assert [row["slug"] for row in rows] == ["unrated"]
    refused = client.get(reverse("downloads:csv"), {"verdict": "<b>best</b>"})
    assert refused.status_code == 400
    assert b"verdict" in refused.content


def test_the_json_download_carries_each_entrys_rating(client, entries):
    document = json.loads(body_of(client.get(reverse("downloads:json"))))
    ratings = {entry["slug"]: entry["rating"] for entry in document["interventions"]}
    assert set(ratings) == {"rated", "unrated"}
    assert ratings["rated"]["verdict"] == "reduced-harm"
    assert ratings["unrated"]["verdict"] == "not-yet-known"


def test_the_feed_says_each_entrys_verdict(client, entries):
    content = client.get(reverse("downloads:feed")).content.decode()
    assert "Did it work? Evidence of reduced violence or harm" in content
    assert "Did it work? Not yet known" in content
    assert "Draft findings" not in content and "Secret draft" not in content


def test_the_schema_describes_the_rating_and_the_verdict_filter(client):
    schema = yaml.safe_load(client.get(reverse("api:schema")).content)
    rating = schema["components"]["schemas"]["Rating"]["properties"]
    assert {"verdict", "confidence", "findings_summary", "scale_url"} <= set(rating)
    parameters = {
        parameter["name"]: parameter
        for parameter in schema["paths"]["/api/v1/interventions/"]["get"]["parameters"]
    }
    assert parameters["verdict"]["schema"]["items"]["enum"] == [
        "reduced-harm",
        "mixed",
        "increased-harm",
        "not-yet-known",
    ]
    report = schema["components"]["schemas"]["Report"]["properties"]
    assert {"is_evaluation", "design_level", "independent", "is_published"} <= set(report)
