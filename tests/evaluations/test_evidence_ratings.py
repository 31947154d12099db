"""Evidence ratings: the confidence rule, and no verdict stronger than the evidence allows."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from evaluations.models import (
    NO_RATING_TEXT,
    Confidence,
    EvaluationReport,
    EvidenceRating,
    confidence_of,
    rating_summary,
)
from interventions.models import Intervention
from tests.factories import make_intervention, make_rating, make_report, make_source

pytestmark = pytest.mark.django_db


def report(entry, level="", independent="not-known", report_type="full-technical-report"):
    basis = "Curator's judgement: as the report describes it" if level else ""
    return make_report(
        [entry],
        report_type=report_type,
        design_level=level,
        design_basis=basis,
        independent=independent,
    )


def confidence(entry):
    return confidence_of(EvaluationReport.objects.filter(interventions=entry))


@pytest.fixture
def entry():
    return make_intervention(name="Operation Example")


class TestConfidence:
    def test_with_no_evaluation_of_known_design_it_is_not_known(self, entry):
        report(entry, independent="yes")
        assert confidence(entry).value == Confidence.NOT_KNOWN

    def test_a_before_and_after_design_gives_low_confidence(self, entry):
        report(entry, level="2", independent="yes")
        found = confidence(entry)
        assert found.value == Confidence.LOW
        assert found.reason == "Strongest design Maryland level 2, independent."

    def test_a_comparison_group_design_that_is_independent_gives_moderate(self, entry):
        report(entry, level="3", independent="yes")
        assert confidence(entry).value == Confidence.MODERATE

    def test_a_strong_design_not_shown_to_be_independent_stays_low(self, entry):
        report(entry, level="5", independent="not-known")
        found = confidence(entry)
        assert found.value == Confidence.LOW
        assert "not shown to be independent" in found.reason

    def test_two_independent_strong_studies_give_high_confidence(self, entry):
        report(entry, level="4", independent="yes")
        report(entry, level="3", independent="yes", report_type="service-evaluation")
        assert confidence(entry).value == Confidence.HIGH

    def test_a_key_findings_summary_is_not_counted_as_a_second_study(self, entry):
        report(entry, level="4", independent="yes")
        report(entry, level="4", independent="yes", report_type="key-findings")
        assert confidence(entry).value == Confidence.MODERATE

    def test_an_annual_report_is_no_evaluation_whatever_its_design(self, entry):
        report(entry, level="5", independent="yes", report_type="annual-report")
        assert confidence(entry).value == Confidence.NOT_KNOWN


class TestVerdictRule:
    def rating(self, entry, **fields):
        return EvidenceRating(
            intervention=entry,
            findings_summary="Less violence among those taking part.",
            source=make_source(),
            source_section="Evaluation",
            rated_by="Alex Curator",
            rated_on="2026-01-15",
            **fields,
        )

    def test_reduced_harm_without_a_level_three_evaluation_is_refused(self, entry):
        report(entry, level="2", independent="yes")
        with pytest.raises(ValidationError) as error:
            self.rating(entry, verdict="reduced-harm").full_clean()
        assert "Maryland level 3 or above" in str(error.value.message_dict["verdict"])

    def test_reduced_harm_for_an_entry_with_no_reports_is_refused(self, entry):
        with pytest.raises(ValidationError):
            self.rating(entry, verdict="reduced-harm").full_clean()

    def test_reduced_harm_resting_on_self_reported_figures_is_allowed(self, entry):
        rating = self.rating(entry, verdict="reduced-harm", rests_on_self_reported_figures=True)
        rating.full_clean()

    def test_reduced_harm_with_a_level_three_evaluation_is_allowed(self, entry):
        report(entry, level="3", independent="yes")
        self.rating(entry, verdict="reduced-harm").full_clean()

    def test_an_annual_reports_level_does_not_carry_reduced_harm(self, entry):
        report(entry, level="4", independent="yes", report_type="annual-report")
        with pytest.raises(ValidationError):
            self.rating(entry, verdict="reduced-harm").full_clean()

    def test_weaker_verdicts_need_no_strong_design(self, entry):
        self.rating(entry, verdict="mixed").full_clean()
        self.rating(entry, verdict="not-yet-known").full_clean()

    def test_a_verdict_needs_findings_with_a_source_section(self, entry):
        rating = self.rating(entry, verdict="mixed")
        rating.source_section = ""
        with pytest.raises(ValidationError) as error:
            rating.full_clean()
        assert "source_section" in error.value.message_dict

    def test_not_yet_known_cannot_rest_on_figures(self, entry):
        rating = self.rating(entry, verdict="not-yet-known", rests_on_self_reported_figures=True)
        with pytest.raises(ValidationError) as error:
            rating.full_clean()
        assert "rests_on_self_reported_figures" in error.value.message_dict


class TestDatabaseConstraints:
    @pytest.mark.parametrize(
        "fields",
        [
            {"verdict": "works-brilliantly"},
            {"verdict": "mixed"},  # with no findings or source
            {"verdict": "not-yet-known", "rests_on_self_reported_figures": True},
            {"verdict": "not-yet-known", "rated_by": ""},
            {"verdict": "not-yet-known", "findings_summary": "Found something."},
        ],
    )
    def test_the_database_refuses_a_rating_that_breaks_the_rules(self, entry, fields):
        values = {"rated_by": "Alex Curator", "rated_on": "2026-01-15", **fields}
        with pytest.raises(IntegrityError), transaction.atomic():
            EvidenceRating.objects.create(intervention=entry, **values)

    def test_the_database_refuses_a_design_level_off_the_scale_or_without_basis(self, entry):
        with pytest.raises(IntegrityError), transaction.atomic():
            make_report([entry], design_level="7", design_basis="Made up")
        with pytest.raises(IntegrityError), transaction.atomic():
            make_report([entry], design_level="3", design_basis="")

    def test_a_report_form_asks_where_its_design_comes_from(self, entry):
        made = make_report([entry])
        made.design_level = "3"
        with pytest.raises(ValidationError) as error:
            made.full_clean()
        assert "design_basis" in error.value.message_dict


class TestReportTypes:
    def test_only_evaluations_count_on_the_card_and_in_the_filter(self, entry):
        annual_only = make_intervention(name="Annual only")
        make_report([annual_only], report_type="annual-report")
        make_report([annual_only], report_type="performance-report")
        make_report([annual_only], report_type="prior-review")
        make_report([entry], report_type="full-technical-report")
        make_report([entry], report_type="related-research")
        counts = dict(Intervention.objects.with_report_count().values_list("name", "report_count"))
        assert counts == {"Operation Example": 1, "Annual only": 0}
        assert list(Intervention.objects.with_report(True)) == [entry]
        assert list(Intervention.objects.with_report(False)) == [annual_only]

    def test_retyping_a_report_moves_its_entry_between_the_filters_answers(self, entry):
        made = make_report([entry], report_type="full-technical-report")
        assert list(Intervention.objects.with_report(True)) == [entry]
        made.report_type = "annual-report"
        made.save()
        assert list(Intervention.objects.with_report(True)) == []


class TestRatingSummary:
    def test_an_unrated_entry_says_so_and_never_guesses(self, entry):
        entry = Intervention.objects.get(pk=entry.pk)
        summary = rating_summary(entry)
        assert summary.headline == NO_RATING_TEXT
        assert summary.verdict == "not-yet-known"
        assert not summary.is_rated

    def test_a_rating_changes_the_entrys_verdict_filter_key(self, entry):
        assert list(Intervention.objects.with_verdicts(["not-yet-known"])) == [entry]
        rating = make_rating(entry, verdict="mixed")
        assert list(Intervention.objects.with_verdicts(["mixed"])) == [entry]
        rating.delete()
        assert list(Intervention.objects.with_verdicts(["mixed"])) == []
        assert list(Intervention.objects.with_verdicts(["not-yet-known"])) == [entry]


class TestReportChangesKeepVerdictsHonest:
    def test_lowering_the_design_a_verdict_rests_on_is_refused(self, entry):
        strong = report(entry, level="3", independent="yes")
        make_rating(entry, verdict="reduced-harm")
        strong.design_level = "2"
        with pytest.raises(ValidationError) as error:
            strong.full_clean()
        assert "Operation Example" in str(error.value.message_dict["design_level"])

    def test_retyping_it_as_an_annual_report_is_refused_too(self, entry):
        strong = report(entry, level="4", independent="yes")
        make_rating(entry, verdict="reduced-harm")
        strong.report_type = "annual-report"
        with pytest.raises(ValidationError):
            strong.full_clean()

    def test_another_strong_evaluation_or_a_self_reported_verdict_lets_it_change(self, entry):
        strong = report(entry, level="3", independent="yes")
        report(entry, level="4", independent="yes", report_type="service-evaluation")
        make_rating(entry, verdict="reduced-harm")
        strong.design_level = "2"
        strong.full_clean()
        other = make_intervention(name="Other")
        weak = report(other, level="3")
        make_rating(other, verdict="reduced-harm", rests_on_self_reported_figures=True)
        weak.design_level = "1"
        weak.full_clean()
