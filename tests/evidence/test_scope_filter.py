"""The outcomes explorer's scope filter: hostile values, and drafts' figures never shown."""

import csv
import io

import pytest
from django.urls import reverse

from evaluations.models import FigureScope
from tests.factories import make_intervention, make_outcome

pytestmark = pytest.mark.django_db

OUTCOMES = reverse("evidence:outcomes")
OUTCOMES_CSV = reverse("evidence:outcomes_csv")


def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize(
    "hostile",
    [
        "nowhere",
        "AREA",
        "area'; DROP TABLE evaluations_outcomemetric; --",
        "<script>alert(1)</script>",
        "x" * 5000,
        "\u202eaera",
    ],
)
def test_a_scope_the_explorer_does_not_know_is_left_out_with_a_notice(client, hostile):
    make_outcome(make_intervention(), scope=FigureScope.AREA)
    make_outcome(make_intervention(), scope=FigureScope.PARTICIPANTS)
    response = client.get(OUTCOMES, {"scope": hostile})
    assert response.status_code == 200
    assert response.context["paginator"].count == 2
    assert any("whom the figure counts" in notice for notice in response.context["notices"])
    assert "<script>alert(1)</script>" not in response.content.decode()
    csv_response = client.get(OUTCOMES_CSV, {"scope": hostile})
    assert csv_response.status_code == 200
    assert len(csv_rows(csv_response)) == 2


def test_a_drafts_wider_figure_is_never_offered_or_listed(client):
    draft = make_intervention(state="draft")
    make_outcome(draft, scope=FigureScope.PROGRAMME, measure="Draft programme figure")
    make_outcome(make_intervention(), scope=FigureScope.AREA)
    response = client.get(OUTCOMES, {"scope": "programme"})
    assert response.context["paginator"].count == 0
    assert "Draft programme figure" not in response.content.decode()
    groups = {name: options for name, _, options in response.context["filter_groups"]}
    scope_options = groups["scope"]
    offered = {option.value for option in scope_options if not option.selected}
    assert offered == {"area"}
