"""Curators keep the forces' borders in the admin; editors cannot change them."""

import pytest
from django.urls import reverse

from interventions.models import Force
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db


def change_url(force):
    return reverse("admin:interventions_force_change", args=[force.pk])


def test_a_curator_adds_a_border_and_both_forces_record_it(curator_client):
    kent = Force.objects.get(slug="kent")
    essex = Force.objects.get(slug="essex")
    data = form_data(curator_client.get(change_url(kent)), "force_form")
    assert sorted(data["neighbours"]) == sorted(
        str(pk) for pk in kent.neighbours.values_list("pk", flat=True)
    )
    data["neighbours"] = [*data["neighbours"], str(essex.pk)]
    response = curator_client.post(change_url(kent), data)
    assert response.status_code == 302
    assert kent in essex.neighbours.all()


def test_an_editor_cannot_change_a_forces_borders(editor_client):
    kent = Force.objects.get(slug="kent")
    before = set(kent.neighbours.all())
    response = editor_client.post(
        change_url(kent), {"name": kent.name, "neighbours": [Force.objects.get(slug="essex").pk]}
    )
    assert response.status_code == 403
    assert set(kent.neighbours.all()) == before
