"""A figure's report always covers the figure's own entry, so no published entry shows a
report that covers only drafts."""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from evaluations.models import OutcomeMetric
from interventions.models import PublicationState
from tests.factories import make_intervention, make_outcome, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries():
    return make_intervention(name="Published"), make_intervention(
        name="Draft", state=PublicationState.DRAFT
    )


def test_a_figure_cannot_cite_a_report_about_another_entry(entries):
    published, draft = entries
    draft_report = make_report([draft], title="Draft-only evaluation")
    figure = make_outcome(published)
    figure.report = draft_report
    with pytest.raises(ValidationError) as error:
        figure.full_clean()
    assert "report" in error.value.message_dict


def test_a_figure_may_cite_a_report_covering_its_entry(entries):
    published, draft = entries
    shared = make_report([published, draft])
    figure = make_outcome(published, report=shared)
    figure.full_clean()


def test_unlinking_a_report_from_an_entry_detaches_that_entrys_figures(entries):
    published, draft = entries
    shared = make_report([published, draft], title="Shared evaluation")
    figure = make_outcome(published, report=shared)
    other = make_outcome(draft, report=shared)
    shared.interventions.remove(published)
    assert OutcomeMetric.objects.get(pk=figure.pk).report is None
    assert OutcomeMetric.objects.get(pk=other.pk).report == shared


def test_removing_the_report_from_the_entry_side_detaches_too(entries):
    published, _ = entries
    report = make_report([published])
    figure = make_outcome(published, report=report)
    published.reports.clear()
    assert OutcomeMetric.objects.get(pk=figure.pk).report is None


def test_the_seeded_figures_cite_only_reports_covering_their_entry():
    call_command("seed_catalogue", stdout=StringIO())
    cited = OutcomeMetric.objects.filter(report__isnull=False)
    assert cited.exists()
    for figure in cited.select_related("report"):
        assert figure.report.interventions.filter(pk=figure.intervention_id).exists(), figure
