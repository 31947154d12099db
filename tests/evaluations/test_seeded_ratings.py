"""The seeded ratings and reports: no verdict stronger than the recorded evidence allows."""

import re

import pytest

from evaluations.models import (
    NO_RATING_TEXT,
    EvaluationReport,
    EvidenceRating,
    verdict_allowed,
)
from interventions.models import Intervention, Verdict
from tests.pages import text_of

pytestmark = pytest.mark.django_db

VVCP_EVALUATED = {
    "divert-metropolitan-police",
    "operation-divan",
    "operation-met-divan",
    "cirv-northamptonshire",
    "think-family-early-intervention-scheme",
    "trusted-adult-workers-hampshire",
    "family-safety-plans-in-cases-of-neglect",
    "sara-v3-and-sam-pilot",
    "high-harm-perpetrator-unit-surrey",
}


@pytest.fixture
def seeded(seeded_catalogue):
    pass


def test_no_seeded_rating_is_stronger_than_its_entrys_evaluations_allow(seeded):
    ratings = EvidenceRating.objects.select_related("intervention")
    assert ratings.count() == 14
    too_strong = [
        rating.intervention.slug
        for rating in ratings
        if not verdict_allowed(
            rating.verdict,
            rating.rests_on_self_reported_figures,
            rating.intervention.reports.all(),
        )
    ]
    assert too_strong == []


def test_no_published_entry_page_shows_a_verdict_stronger_than_its_evidence(client, seeded):
    for entry in Intervention.objects.published():
        text = text_of(client.get(entry.get_absolute_url()))
        strongest = max(
            (int(r.design_level) for r in entry.reports.evaluations() if r.design_level),
            default=0,
        )
        if Verdict.REDUCED_HARM.label in text and strongest < 3:
            assert "Rests on self-reported before-and-after figures" in text, entry.slug


def test_every_seeded_rating_names_its_source_section_and_rater(seeded):
    for rating in EvidenceRating.objects.all():
        assert rating.rated_by and rating.rated_on
        if rating.findings_summary:
            assert rating.source_id and rating.source_section, rating


def test_the_nine_independently_evaluated_vvcp_entries_have_no_guessed_verdict(seeded):
    entries = Intervention.objects.filter(evidence_stage="independently-evaluated")
    assert set(entries.values_list("slug", flat=True)) == VVCP_EVALUATED
    ratings = EvidenceRating.objects.filter(intervention__in=entries)
    assert ratings.count() == 9
    # The College's page lists the reports but states no findings.
    assert set(ratings.values_list("verdict", flat=True)) == {Verdict.NOT_YET_KNOWN}
    for rating in ratings:
        assert rating.source.slug == "college-vvcp-interventions"


def test_the_habitual_knife_carriers_verdict_says_it_rests_on_self_reported_figures(client, seeded):
    rating = EvidenceRating.objects.get(intervention__slug="habitual-knife-carriers-project")
    assert rating.verdict == Verdict.REDUCED_HARM
    assert rating.rests_on_self_reported_figures
    text = text_of(client.get("/interventions/habitual-knife-carriers-project/"))
    assert "Evidence of reduced violence or harm" in text
    assert "Rests on self-reported before-and-after figures" in text
    assert "Confidence Low." in text


def test_an_entry_without_a_rating_says_not_yet_known(client, seeded):
    assert not EvidenceRating.objects.filter(intervention__slug="operation-deter").exists()
    text = text_of(client.get("/interventions/operation-deter/"))
    assert NO_RATING_TEXT in text


def test_seeded_vvcp_reports_record_independence_from_the_programme_page(seeded):
    reports = EvaluationReport.objects.filter(source__slug="college-vvcp-interventions")
    assert reports.count() == 22
    assert set(reports.values_list("independent", flat=True)) == {"yes"}
    assert set(reports.values_list("design_level", flat=True)) == {""}  # no document says
    for report in reports:
        assert "independently evaluated" in report.independence_basis


def test_every_seeded_design_level_shows_its_source_or_a_curators_judgement(seeded):
    for report in EvaluationReport.objects.exclude(design_level=""):
        assert re.search(r"^Curator's judgement: |\(Case study|page", report.design_basis), report


def test_annual_and_performance_reports_and_earlier_reviews_are_not_evaluations(seeded):
    not_evaluations = {
        "sussex-vrp-performance-report-q1-2023": "performance-report",
        "greater-manchester-vru-annual-report-2022-23": "annual-report",
        "lancashire-vrn-annual-report-2022-23": "annual-report",
        "nottinghamshire-youth-diversion-review": "prior-review",
        "ljmu-economic-social-costs-violence-merseyside": "related-research",
    }
    reports = EvaluationReport.objects.filter(slug__in=not_evaluations)
    assert dict(reports.values_list("slug", "report_type")) == not_evaluations
    assert not reports.filter(is_evaluation=True).exists()
    counts = dict(Intervention.objects.with_report_count().values_list("slug", "report_count"))
    assert counts["greater-manchester-vru-community-led-approach"] == 0
    assert counts["nottinghamshire-youth-work-charter"] == 0
    assert counts["habitual-knife-carriers-project"] == 1
    assert counts["lancashire-violence-reduction-network"] == 1
