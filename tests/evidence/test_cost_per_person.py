"""Cost per person: shown only where funding and people reached share a period, and explained."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from evidence.costs import costs_per_person
from interventions.models import Intervention
from tests.factories import make_funding, make_intervention, make_outcome
from tests.pages import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    return make_intervention(name="Youth outreach", slug="outreach")


def people(entry, value=2000, period="2022-2023", **fields):
    defaults = {
        "measure": "Young people engaged",
        "measure_kind": "engagement",
        "unit": "count",
        "direction": "",
        "value": value,
        "follow_up_period": period,
    }
    return make_outcome(entry, **{**defaults, **fields})


def funding(entry, amount=Decimal("566513"), period="2022-2023", **fields):
    return make_funding(
        entry, description="Home Office grant", amount_gbp=amount, period=period, **fields
    )


def costs(entry):
    return costs_per_person(entry.funding.all(), entry.outcomes.all())


def test_funding_and_people_for_the_same_period_give_a_cost_per_person(entry):
    funding(entry)
    people(entry)
    (cost,) = costs(entry)
    assert cost.amount == Decimal("283")
    assert cost.amount_display == "£283"
    assert cost.period == "2022-2023"
    assert cost.explanation == (
        "£566,513 of funding (Home Office grant) divided by the 2,000 people reached "
        "(Young people engaged), both for 2022-2023, rounded to the nearest pound."
    )


def test_small_costs_are_given_to_the_penny(entry):
    funding(entry, amount=Decimal("1000"))
    people(entry, value=300)
    (cost,) = costs(entry)
    assert cost.amount_display == "£3.33"
    assert cost.rounding_note == "to the nearest penny"


def test_periods_written_with_an_en_dash_or_other_case_still_match(entry):
    funding(entry, period="2022\u20132023")
    people(entry, period=" 2022-2023 ")
    assert len(costs(entry)) == 1


@pytest.mark.parametrize(
    ("funding_fields", "people_fields"),
    [
        ({"period": "2022-2023"}, {"period": "2021-2022"}),
        ({"period": "2022-2023"}, {"period": "2022 to 2023"}),
        ({"period": ""}, {"period": ""}),
        ({"amount": None}, {}),
        ({"amount": Decimal("0")}, {}),
        ({"amount_qualifier": "around"}, {}),
        ({}, {"value_qualifier": "over"}),
        ({}, {"measure_kind": "referrals"}),
        ({}, {"unit": "percent"}),
        ({}, {"direction": "increase"}),
    ],
)
def test_no_figure_is_worked_out_unless_both_are_exact_and_for_the_same_period(
    entry, funding_fields, people_fields
):
    funding(entry, **funding_fields)
    people(entry, **people_fields)
    assert costs(entry) == []


def test_two_funding_lines_or_two_counts_in_one_period_are_too_ambiguous_to_divide(entry):
    funding(entry)
    funding(entry, amount=Decimal("1000"))
    people(entry)
    assert costs(entry) == []
    other = make_intervention()
    funding(other)
    people(other)
    people(other, value=300, measure="Adults engaged")
    assert costs(other) == []


def test_the_entry_page_shows_the_cost_and_how_it_was_worked_out(client, entry):
    funding(entry)
    people(entry)
    text = text_of(client.get(entry.get_absolute_url()))
    assert "Cost per person" in text
    assert "£283 per person (£566,513 ÷ 2,000 people, 2022-2023)" in text
    assert "Worked out by the catalogue, not given by the source" in text


def test_the_entry_page_says_nothing_of_cost_when_none_can_be_worked_out(client, entry):
    funding(entry, period="2022-2023")
    people(entry, period="")
    assert "Cost per person" not in text_of(client.get(entry.get_absolute_url()))


def test_the_seeded_catalogue_has_no_funding_and_people_for_the_same_period(db):
    """The seeded sources never give both for one period, so the catalogue shows no cost yet."""
    call_command("seed_catalogue", stdout=StringIO())
    entries = Intervention.objects.prefetch_related("funding", "outcomes")
    assert [cost for entry in entries for cost in costs(entry)] == []
