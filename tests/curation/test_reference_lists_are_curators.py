"""The reference lists every public page uses (themes, forces, purposes, settings) are changed
by curators only: an editor reads them and any change they post is refused on the server."""

import pytest
from django.urls import reverse

from interventions.models import Force, Purpose, Setting, Theme

pytestmark = pytest.mark.django_db

LISTS = [Theme, Force, Purpose, Setting]


def url(row, view):
    opts = row._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[row.pk])


@pytest.mark.parametrize("model", LISTS)
def test_an_editors_change_to_a_reference_list_is_refused(editor_client, model):
    row = model.objects.order_by("pk").first()
    before = model.objects.filter(pk=row.pk).values().get()

    response = editor_client.post(
        url(row, "change"), {"name": "Renamed by an editor", "description": "New words."}
    )

    assert response.status_code == 403
    assert model.objects.filter(pk=row.pk).values().get() == before


@pytest.mark.parametrize("model", [Purpose, Setting])
def test_an_editor_cannot_reorder_a_reference_list_from_its_list(editor_client, model):
    row = model.objects.order_by("pk").first()
    changelist = reverse(f"admin:interventions_{model._meta.model_name}_changelist")

    editor_client.post(
        changelist,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(row.pk),
            "form-0-position": "999",
            "_save": "Save",
        },
    )

    row.refresh_from_db()
    assert row.position != 999


@pytest.mark.parametrize("model", LISTS)
def test_a_curator_changes_a_reference_list(curator_client, model):
    row = model.objects.order_by("pk").first()

    assert curator_client.get(url(row, "change")).status_code == 200
