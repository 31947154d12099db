"""Curators rate an entry on its own admin form; the server refuses a verdict stronger than
the entry's evaluations allow, whoever posts it."""

import pytest
from django.urls import reverse

from evaluations.models import EvidenceRating
from tests.admin_forms import form_data
from tests.factories import make_intervention, make_report, make_source

pytestmark = pytest.mark.django_db


def change_url(entry):
    return reverse("admin:interventions_intervention_change", args=[entry.pk])


def rating_form(client, entry, **fields):
    data = form_data(client.get(change_url(entry)), "intervention_form")
    source = make_source(slug="rating-source")
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
        }
    )
    data.update({f"evidence_rating-0-{name}": value for name, value in fields.items()})
    return data


@pytest.fixture
def entry():
    return make_intervention(name="Operation Example", state="draft")


def test_the_entry_form_offers_one_evidence_rating(curator_client, entry):
    content = curator_client.get(change_url(entry)).content.decode()
    assert 'name="evidence_rating-TOTAL_FORMS"' in content
    assert 'name="evidence_rating-MAX_NUM_FORMS" value="1"' in content


def test_an_editor_can_rate_an_entry_in_the_editorial_workflow(editor_client, entry):
    response = editor_client.post(change_url(entry), rating_form(editor_client, entry))
    assert response.status_code == 302
    rating = EvidenceRating.objects.get(intervention=entry)
    assert (rating.verdict, rating.rated_by) == ("mixed", "Alex Curator")


def test_reduced_harm_without_a_strong_evaluation_is_refused(curator_client, entry):
    make_report([entry], design_level="2", design_basis="Curator's judgement: before and after")
    response = curator_client.post(
        change_url(entry), rating_form(curator_client, entry, verdict="reduced-harm")
    )
    assert response.status_code == 200
    assert "needs an evaluation of this entry at Maryland level 3 or above" in (
        response.content.decode()
    )
    assert not EvidenceRating.objects.exists()


def test_reduced_harm_resting_on_self_reported_figures_is_accepted(curator_client, entry):
    data = rating_form(
        curator_client, entry, verdict="reduced-harm", rests_on_self_reported_figures="on"
    )
    assert curator_client.post(change_url(entry), data).status_code == 302
    assert EvidenceRating.objects.get(intervention=entry).rests_on_self_reported_figures


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"verdict": "miracle"}, "Select a valid choice"),
        ({"source_section": ""}, "Name the section or page the findings come from."),
        ({"rated_by": ""}, "This field is required."),
        ({"rated_on": "yesterday-ish"}, "Enter a valid date."),
    ],
)
def test_malformed_ratings_are_refused_with_a_message(curator_client, entry, fields, message):
    response = curator_client.post(change_url(entry), rating_form(curator_client, entry, **fields))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not EvidenceRating.objects.exists()


def test_a_nul_byte_in_the_findings_is_refused_without_an_error_page(curator_client, entry):
    data = rating_form(curator_client, entry, findings_summary="Fewer\x00 assaults")
    response = curator_client.post(change_url(entry), data)
    assert response.status_code in (200, 400)
    assert not EvidenceRating.objects.exists()


def test_someone_without_admin_rights_cannot_post_a_rating(client, entry):
    response = client.post(change_url(entry), {"evidence_rating-TOTAL_FORMS": "1"})
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert not EvidenceRating.objects.exists()
