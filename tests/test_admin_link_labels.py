"""Rows linking two things read as the two things, never as "… object (37)"."""

import pytest
from django.urls import reverse

from interventions.models import Force
from tests.factories import make_intervention, make_report, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    entry = make_intervention(
        name="Op Sceptre", forces=[Force.objects.get(slug="dorset")], purposes=["prevention"]
    )
    make_report([entry], title="Evaluation of Op Sceptre")
    make_session([entry], title="Knife crime seminar")
    return entry


def test_the_entrys_report_links_are_labelled_by_report_and_entry(curator_client, entry):
    url = reverse("admin:interventions_intervention_change", args=[entry.pk])
    html = curator_client.get(url).content.decode()
    assert "object (" not in html
    assert "Evaluation of Op Sceptre \N{EN DASH} Op Sceptre" in html


@pytest.mark.parametrize("model", ["interventions_intervention", "evaluations_evaluationreport"])
def test_delete_pages_list_the_links_they_remove_by_name(curator_client, entry, model):
    obj = entry if model.startswith("interventions") else entry.reports.get()
    html = curator_client.get(reverse(f"admin:{model}_delete", args=[obj.pk])).content.decode()
    assert "object (" not in html
    assert "Evaluation of Op Sceptre \N{EN DASH} Op Sceptre" in html
    if obj is entry:
        assert "Op Sceptre \N{EN DASH} Prevention" in html
        assert "Op Sceptre \N{EN DASH} Dorset Police" in html
        assert "Session 1: Knife crime seminar (13 July 2021) \N{EN DASH} Op Sceptre" in html
