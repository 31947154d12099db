"""The outcomes explorer and the comparison show each entry's verdict; the explorer and its
CSV filter by the entry's evidence stage and verdict. Drafts' ratings never show."""

import csv
import io

import pytest
from django.urls import reverse

from tests.factories import make_intervention, make_outcome, make_rating
from tests.pages import text_of

pytestmark = pytest.mark.django_db

OUTCOMES = reverse("evidence:outcomes")
OUTCOMES_CSV = reverse("evidence:outcomes_csv")
COMPARE = reverse("evidence:compare")


@pytest.fixture
def entries():
    rated = make_intervention(name="Rated", slug="rated", evidence_stage="locally-evaluated")
    make_outcome(rated, measure="Knife offences by those taking part")
    make_rating(rated, verdict="reduced-harm", rests_on_self_reported_figures=True)
    mixed = make_intervention(name="Mixed", slug="mixed", evidence_stage="early-outcomes")
    make_outcome(mixed, measure="Hospital admissions for assault")
    make_rating(mixed, verdict="mixed")
    unrated = make_intervention(name="Unrated", slug="unrated")
    make_outcome(unrated, measure="Young people reached", unit="count", direction="")
    draft = make_intervention(name="Secret draft", slug="secret-draft", state="draft")
    make_outcome(draft, measure="Draft figure")
    make_rating(draft, verdict="increased-harm", findings_summary="Draft findings only.")
    return {"rated": rated, "mixed": mixed, "unrated": unrated, "draft": draft}


def measures(response):
    return [metric.measure for metric in response.context["metrics"]]


def csv_rows(response):
    body = b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")
    return list(csv.DictReader(io.StringIO(body)))


class TestOutcomesExplorer:
    def test_each_figure_shows_its_entrys_evidence_stage_and_verdict(self, client, entries):
        text = text_of(client.get(OUTCOMES))
        assert (
            "Evidence stage: Locally evaluated. Did it work? Evidence of reduced violence or "
            "harm (rests on self-reported before-and-after figures)" in text
        )
        assert "Evidence stage: Early outcomes reported. Did it work? Mixed or no clear effect" in (
            text
        )
        assert "Draft figure" not in text

    def test_it_filters_by_the_entrys_verdict(self, client, entries):
        assert measures(client.get(OUTCOMES, {"verdict": "mixed"})) == [
            "Hospital admissions for assault"
        ]
        assert measures(client.get(OUTCOMES, {"verdict": "not-yet-known"})) == [
            "Young people reached"
        ]
        # The draft's figure and rating never answer a filter.
        assert measures(client.get(OUTCOMES, {"verdict": "increased-harm"})) == []

    def test_it_filters_by_the_entrys_evidence_stage(self, client, entries):
        response = client.get(OUTCOMES, {"evidence_stage": ["locally-evaluated", "untested"]})
        assert measures(response) == ["Knife offences by those taking part", "Young people reached"]

    @pytest.mark.parametrize("name", ["verdict", "evidence_stage"])
    @pytest.mark.parametrize("value", ["<script>alert(1)</script>", "proven", "x" * 4000, "\x00"])
    def test_a_hostile_or_unknown_value_is_left_out_and_named(self, client, entries, name, value):
        response = client.get(OUTCOMES, {name: [value, "mixed", "early-outcomes"]})
        assert response.status_code == 200
        assert measures(response) == ["Hospital admissions for assault"]
        assert any(notice.startswith("There is no entry") for notice in response.context["notices"])
        assert "<script>alert" not in response.content.decode()

    def test_the_csv_gives_and_filters_by_the_entrys_stage_and_verdict(self, client, entries):
        rows = csv_rows(client.get(OUTCOMES_CSV, {"verdict": "reduced-harm"}))
        assert [row["measure"] for row in rows] == ["Knife offences by those taking part"]
        assert rows[0]["entry_evidence_stage"] == "Locally evaluated"
        assert rows[0]["entry_verdict"] == (
            "Evidence of reduced violence or harm (rests on self-reported before-and-after figures)"
        )
        everything = csv_rows(client.get(OUTCOMES_CSV))
        assert {row["entry"] for row in everything} == {"Rated", "Mixed", "Unrated"}
        assert {row["entry_verdict"] for row in everything if row["entry"] == "Unrated"} == {
            "Not yet known"
        }


class TestComparison:
    def test_each_entry_shows_its_verdict_and_confidence(self, client, entries):
        response = client.get(COMPARE, {"items": "rated,mixed,unrated"})
        text = text_of(response)
        assert (
            "Did it work? Evidence of reduced violence or harm (rests on self-reported "
            "before-and-after figures) Confidence: not known Mixed or no clear effect "
            "Confidence: not known Not yet known. The evaluation has not been summarised here "
            "yet." in text
        )
        assert f'href="{reverse("catalogue:evidence-ratings")}"' in response.content.decode()

    def test_a_drafts_rating_is_never_compared(self, client, entries):
        text = text_of(client.get(COMPARE, {"items": "rated,secret-draft"}))
        assert "Evidence of increased harm" not in text
        assert "Draft findings" not in text
