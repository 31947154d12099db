"""Whom a figure counts: a figure that is not the intervention's own says so wherever it appears."""

import csv
import io

import pytest
from django.urls import reverse

from evaluations.models import FigureScope, OutcomeMetric
from evidence.charts import outcome_charts
from tests.evidence.conftest import parse_svg, svg_texts, text_alternative
from tests.factories import make_intervention, make_outcome
from tests.pages import text_of

pytestmark = pytest.mark.django_db

OUTCOMES = reverse("evidence:outcomes")
OUTCOMES_CSV = reverse("evidence:outcomes_csv")
SUSSEX = "habitual-knife-carriers-project"
SUSSEX_WIDE = [
    "sussex-public-place-serious-violence",
    "brighton-hove-serious-violence",
    "brighton-hove-fewer-offences",
]
AREA_CAVEAT = "Area-wide figure: it counts everyone in the area"
PROGRAMME_CAVEAT = "Whole programme or unit: the figure covers all the work"


@pytest.fixture
def seeded(seeded_catalogue):
    pass


def figure(entry, key):
    return OutcomeMetric.objects.get(intervention__slug=entry, key=key)


def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


# The seeded figures ---------------------------------------------------------------------


def test_sussex_wide_figures_are_area_figures_and_the_projects_own_are_its_own(seeded):
    for key in SUSSEX_WIDE:
        assert figure(SUSSEX, key).scope == FigureScope.AREA, key
    assert figure(SUSSEX, "vrp-individuals-reached").scope == FigureScope.PROGRAMME
    assert figure(SUSSEX, "offending-occurrences").scope == FigureScope.PARTICIPANTS


def test_greater_manchester_annual_report_figures_are_the_whole_units(seeded):
    entry = "greater-manchester-vru-community-led-approach"
    for key in ("sharp-object-admissions-under-25", "homicides", "knife-enabled-homicides"):
        assert figure(entry, key).scope == FigureScope.PROGRAMME, key
    assert figure(entry, "salford-young-people-mentored").scope == FigureScope.PARTICIPANTS


def test_nottinghamshire_fall_in_violence_is_county_wide_and_predates_the_charter(seeded):
    fall = figure("nottinghamshire-youth-work-charter", "serious-violence-2022-vs-2019")
    assert fall.scope == FigureScope.AREA
    assert "county-wide" in fall.cohort
    assert "June 2023" in fall.curator_note


def test_every_seeded_figure_has_a_scope_and_the_section_that_shows_it(seeded):
    for row in OutcomeMetric.objects.all():
        assert row.scope in FigureScope.values, row.key
        assert row.scope_section, row.key


def test_hedged_seeded_figures_keep_their_hedge(seeded):
    entry = "west-midlands-faith-alliance"
    assert figure(entry, "network-members-february-2020").value_display == "Around 30"
    assert figure(entry, "network-members").value_display == "Over 400"
    assert figure(entry, "steering-group-members").value_display == "Some 18"


# The entry's page -----------------------------------------------------------------------


def test_the_entry_page_shows_the_caveat_beside_each_sussex_wide_figure(client, seeded):
    response = client.get(reverse("catalogue:detail", args=[SUSSEX]))
    assert response.status_code == 200
    content = response.content.decode()
    for key in SUSSEX_WIDE:
        row = content.split(f'id="outcome-{key}"')[1].split("</tr>")[0]
        assert AREA_CAVEAT in row.replace("&#x27;", "'"), key
    own = content.split('id="outcome-offending-occurrences"')[1].split("</tr>")[0]
    assert "scope-caveat" not in own


def test_the_entry_chart_labels_and_describes_wider_figures_in_words(client, seeded):
    response = client.get(reverse("catalogue:detail", args=[SUSSEX]))
    chart = str(response.context["outcome_charts"]["percentage_changes"])
    root = parse_svg(chart)
    _, description = text_alternative(root)
    assert "10% reduction (area-wide figure, not this intervention's participants alone)" in (
        description
    )
    assert "76% reduction." in description
    assert "76% reduction (" not in description
    assert "[Area-wide figure]" in " ".join(svg_texts(root))
    assert "[Area-wide figure]" in text_of(response)


def test_a_before_and_after_chart_of_a_wider_figure_says_so_in_its_text_alternative():
    entry = make_intervention()
    metric = make_outcome(
        entry,
        measure="Robberies in Portsmouth",
        scope=FigureScope.AREA,
        baseline_value=37,
        follow_up_value=20,
    )
    (item,) = outcome_charts([metric])["before_after"]
    root = parse_svg(item["chart"])
    title, description = text_alternative(root)
    assert title == "Robberies in Portsmouth [Area-wide figure], before and after"
    assert AREA_CAVEAT in description
    assert "Area-wide figure: not this intervention's alone" in svg_texts(root)


def test_a_figure_whose_scope_is_not_stated_says_so():
    metric = make_outcome(make_intervention(), scope=FigureScope.NOT_STATED)
    assert metric.scope_caveat.startswith("Scope not stated: the source does not say")


# The explorer and its CSV ---------------------------------------------------------------


def test_the_explorer_filters_by_scope_and_shows_the_caveat(client, seeded):
    response = client.get(OUTCOMES, {"scope": "area"})
    figures = list(response.context["metrics"])
    assert figures
    assert {row.scope for row in figures} == {FigureScope.AREA}
    assert AREA_CAVEAT in text_of(response)
    assert response.context["paginator"].count == OutcomeMetric.objects.filter(scope="area").count()


def test_the_explorer_csv_gives_scope_and_caveat_for_sussex_wide_figures(client, seeded):
    rows = csv_rows(client.get(OUTCOMES_CSV, {"scope": ["area", "programme"]}))
    sussex = {row["measure"]: row for row in rows if f"/{SUSSEX}/" in row["entry_address"]}
    public_place = next(row for measure, row in sussex.items() if "Public place" in measure)
    assert public_place["scope"] == FigureScope.AREA.label
    assert public_place["scope_caveat"].startswith(AREA_CAVEAT)
    assert public_place["scope_section"].startswith("Case study 3: Sussex")
    reached = next(row for measure, row in sussex.items() if "VRP-funded" in measure)
    assert reached["scope_caveat"].startswith(PROGRAMME_CAVEAT)
    assert all(row["scope_caveat"] for row in rows)


# Compare and the citation ----------------------------------------------------------------


def test_compare_shows_the_caveat_with_a_wider_headline_figure(client, seeded):
    response = client.get(
        reverse("evidence:compare"), {"items": f"{SUSSEX},nottinghamshire-youth-work-charter"}
    )
    assert response.status_code == 200
    assert AREA_CAVEAT in text_of(response)


def test_the_entrys_ris_names_the_figures_that_are_not_its_own(client, seeded):
    response = client.get(reverse("evidence:entry_ris", args=[SUSSEX]))
    body = response.content.decode()
    assert "Not every outcome figure on this entry is the intervention's own" in body
    assert "[Area-wide figure]" in body
    own = client.get(reverse("evidence:entry_ris", args=["operation-deter"])).content.decode()
    assert "Referrals received by ACT NOW in Slough" not in own
