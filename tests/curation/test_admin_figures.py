"""Figures in the admin read as the catalogue writes them: 36 and 36.5, not 36.0000."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.admin_forms import form_data
from tests.factories import make_funding, make_intervention, make_outcome

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    entry = make_intervention()
    make_outcome(
        entry,
        value=Decimal("36"),
        baseline_value=Decimal("36.5"),
        follow_up_value=Decimal("1250.25"),
    )
    make_funding(entry, amount_gbp=Decimal("1500"))
    return entry


def number_inputs(html):
    return dict(re.findall(r'<input type="number" name="([^"]+)" value="([^"]*)"', html))


def test_the_outcome_form_shows_figures_without_trailing_zeros(curator_client, entry):
    outcome = entry.outcomes.get()
    url = reverse("admin:evaluations_outcomemetric_change", args=[outcome.pk])
    inputs = number_inputs(curator_client.get(url).content.decode())
    assert inputs["value"] == "36"
    assert inputs["baseline_value"] == "36.5"
    assert inputs["follow_up_value"] == "1250.25"


def test_the_entrys_outcome_and_funding_rows_show_figures_without_trailing_zeros(
    curator_client, entry
):
    url = reverse("admin:interventions_intervention_change", args=[entry.pk])
    html = curator_client.get(url).content.decode()
    inputs = number_inputs(html)
    assert inputs["outcomes-0-value"] == "36"
    assert inputs["outcomes-0-baseline_value"] == "36.5"
    assert inputs["funding-0-amount_gbp"] == "1500"
    assert ".0000" not in html


def test_saving_the_form_unchanged_keeps_every_figure(curator_client, entry):
    outcome = entry.outcomes.get()
    url = reverse("admin:evaluations_outcomemetric_change", args=[outcome.pk])
    data = form_data(curator_client.get(url), "outcomemetric_form")
    response = curator_client.post(url, {**data, "change_reason": "Saved as it was"})
    assert response.status_code == 302
    outcome.refresh_from_db()
    assert (outcome.value, outcome.baseline_value, outcome.follow_up_value) == (
        Decimal("36"),
        Decimal("36.5"),
        Decimal("1250.25"),
    )


def test_a_figure_typed_with_a_mistake_is_shown_back_as_typed(curator_client, entry):
    outcome = entry.outcomes.get()
    url = reverse("admin:evaluations_outcomemetric_change", args=[outcome.pk])
    data = form_data(curator_client.get(url), "outcomemetric_form")
    response = curator_client.post(url, {**data, "value": "36.50001"})
    assert response.status_code == 200
    assert number_inputs(response.content.decode())["value"] == "36.50001"


def test_the_history_shows_changed_figures_as_the_catalogue_writes_them(curator_client, entry):
    outcome = entry.outcomes.get()
    url = reverse("admin:evaluations_outcomemetric_change", args=[outcome.pk])
    data = form_data(curator_client.get(url), "outcomemetric_form")
    curator_client.post(url, {**data, "value": "1200", "change_reason": "As the report says"})
    history = reverse("admin:evaluations_outcomemetric_history", args=[outcome.pk])
    html = curator_client.get(history).content.decode()
    assert re.search(r"36\s*&nbsp;&rarr;&nbsp;&nbsp;1,200", html), html[-3000:]
