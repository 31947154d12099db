"""Notable public changes are recorded once they reach a published entry, never before."""

import pytest
from django.urls import reverse

from evaluations.models import PublicChange
from interventions.models import PendingRevision, PublicationState
from tests.admin_forms import form_data
from tests.factories import make_intervention, make_outcome, make_rating, make_report, make_source

pytestmark = pytest.mark.django_db


def recorded(entry=None):
    changes = PublicChange.objects.all()
    if entry is not None:
        changes = changes.filter(intervention=entry)
    return [(change.kind, change.what) for change in changes]


def test_first_publication_is_recorded_once(curator, django_capture_on_commit_callbacks):
    entry = make_intervention(state=PublicationState.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        entry.publish(by=curator)
    with django_capture_on_commit_callbacks(execute=True):
        entry.unpublish(by=curator)
        entry.publish(by=curator)
    assert recorded(entry) == [("published", "")]


def test_reports_figures_and_verdicts_of_drafts_are_not_recorded(
    django_capture_on_commit_callbacks,
):
    draft = make_intervention(state=PublicationState.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        make_report([draft])
        make_outcome(draft)
        make_rating(draft, verdict="mixed")
    assert recorded() == []


def test_a_report_figure_and_verdict_on_a_published_entry_are_recorded(
    django_capture_on_commit_callbacks,
):
    entry = make_intervention()
    with django_capture_on_commit_callbacks(execute=True):
        make_report([entry], title="Final evaluation")
        make_outcome(entry, measure="Knife injuries", value=12)
        rating = make_rating(entry, verdict="mixed")
    with django_capture_on_commit_callbacks(execute=True):
        rating.rated_by = "Someone else"
        rating.save()
    assert recorded(entry) == [
        ("report", "Final evaluation"),
        ("figure", "Knife injuries: 12%"),
        ("verdict", "Mixed or no clear effect"),
    ]


def test_a_change_rolled_back_is_never_recorded(django_capture_on_commit_callbacks):
    entry = make_intervention()
    with django_capture_on_commit_callbacks(execute=False):
        make_report([entry])
    assert recorded() == []


def test_an_editors_pending_revision_records_nothing_until_a_curator_applies_it(
    editor_client, client, curator, django_capture_on_commit_callbacks
):
    entry = make_intervention(name="Operation Example")
    change_url = reverse("admin:interventions_intervention_change", args=[entry.pk])
    data = form_data(editor_client.get(change_url), "intervention_form")
    source = make_source()
    data.update(
        {
            "evidence_rating-TOTAL_FORMS": "1",
            "evidence_rating-0-intervention": str(entry.pk),
            "evidence_rating-0-verdict": "mixed",
            "evidence_rating-0-findings_summary": "No clear change in assaults.",
            "evidence_rating-0-source": str(source.pk),
            "evidence_rating-0-source_section": "Evaluation, page 3",
            "evidence_rating-0-rated_by": "Alex Curator",
            "evidence_rating-0-rated_on": "2026-02-01",
            "change_reason": "Rated from the evaluation",
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(change_url, data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    revision = PendingRevision.objects.get()
    assert recorded() == []

    client.force_login(curator)
    review = reverse("admin:interventions_pendingrevision_change", args=[revision.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(review, {"comment": "Matches the report", "_approve": "1"})
    assert recorded(entry) == [("verdict", "Mixed or no clear effect")]
