"""Cost per person: an entry's funding divided by the number of people it reached.

Only where the sources make the sum safe. A funding line and a count of people reached
are matched when both give the same period, written the same way (with a hyphen or an
en dash, in any case: "2022-2023" matches, "2022 to 2023" or "since 2022" does not), and
when that period has exactly one funding line with an amount and exactly one count of
people, neither of them hedged ("over 2,000", "around £750,000"). Anything looser would
divide figures that may not describe the same work, so no figure is shown at all.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from evaluations.models import MeasureKind, Unit
from interventions.formatting import format_money, format_value

DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-"})


def same_period_key(period):
    """Periods that differ only in case, spacing or dashes match; an empty one matches none."""
    return " ".join(period.translate(DASHES).lower().split())


def is_people_reached(metric):
    return (
        metric.measure_kind == MeasureKind.ENGAGEMENT
        and metric.unit == Unit.COUNT
        and not metric.value_qualifier
        and not metric.direction
        and metric.value > 0
    )


def is_exact_amount(funding):
    return (
        funding.amount_gbp is not None and funding.amount_gbp > 0 and not funding.amount_qualifier
    )


def rounded(amount):
    """To the nearest pound from £10 up, else to the penny."""
    places = Decimal(1) if amount >= 10 else Decimal("0.01")
    return amount.quantize(places, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CostPerPerson:
    funding: object
    people: object
    period: str

    @property
    def amount(self):
        return rounded(self.funding.amount_gbp / self.people.value)

    @property
    def amount_display(self):
        return format_money(self.amount)

    @property
    def people_display(self):
        return format_value(self.people.value, Unit.COUNT)

    @property
    def rounding_note(self):
        return "to the nearest pound" if self.amount >= 10 else "to the nearest penny"

    @property
    def explanation(self):
        return (
            f"{self.funding.amount_display} of funding ({self.funding.description}) divided by "
            f"the {self.people_display} people reached ({self.people.measure}), both for "
            f"{self.period}, rounded {self.rounding_note}."
        )


def costs_per_person(funding_lines, metrics):
    """Every safe cost per person for one entry, from rows already loaded."""
    funding_by_period, people_by_period = {}, {}
    for funding in funding_lines:
        key = same_period_key(funding.period)
        if key and is_exact_amount(funding):
            funding_by_period.setdefault(key, []).append(funding)
    for metric in metrics:
        key = same_period_key(metric.follow_up_period)
        if key and is_people_reached(metric):
            people_by_period.setdefault(key, []).append(metric)
    costs = []
    for key, funding in funding_by_period.items():
        people = people_by_period.get(key, [])
        if len(funding) == 1 and len(people) == 1:
            costs.append(CostPerPerson(funding[0], people[0], funding[0].period))
    return costs
