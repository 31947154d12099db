"""Outcome charts on an entry's page, beside the table that gives every figure in words."""

import re

import pytest

from tests.evidence.conftest import SVG, parse_svg, svg_texts, text_alternative
from tests.factories import make_intervention, make_outcome
from tests.pages import text_of

pytestmark = pytest.mark.django_db


def charts_on(response):
    return [
        parse_svg(markup)
        for markup in re.findall(r"<svg.*?</svg>", response.content.decode(), flags=re.S)
    ]


@pytest.fixture
def entry():
    entry = make_intervention(name="Violent Crime Taskforce", slug="taskforce")
    make_outcome(
        entry,
        key="december",
        measure="Robberies in Portsmouth, December",
        measure_kind="robbery",
        value=45,
        baseline_value=37,
        baseline_period="December 2019",
        follow_up_value=20,
        follow_up_period="December 2022",
        curator_note="A fall from 37 to 20 is 45.9%.",
        position=1,
    )
    make_outcome(entry, key="night", measure="Night-time offending", value=36, position=2)
    make_outcome(
        entry,
        key="people",
        measure="People reached",
        unit="count",
        direction="",
        value=1841,
        position=3,
    )
    return entry


def test_the_entry_page_draws_the_changes_and_each_before_and_after(client, entry):
    response = client.get(entry.get_absolute_url())
    changes, december = charts_on(response)
    assert [text for text in svg_texts(changes) if text.endswith("reduction")] == [
        "45% reduction",
        "36% reduction",
    ]
    assert text_alternative(december)[0] == "Robberies in Portsmouth, December, before and after"
    assert svg_texts(december)[:4] == ["Before: December 2019", "37", "After: December 2022", "20"]


def test_every_chart_on_the_page_is_an_image_with_a_text_alternative(client, entry):
    charts = charts_on(client.get(entry.get_absolute_url()))
    assert len(charts) == 2  # the changes, and December's before and after
    for chart in charts:
        assert chart.get("role") == "img"
        title, description = text_alternative(chart)
        assert title and description
        assert chart.find(f"{SVG}title") is not None and chart.find(f"{SVG}desc") is not None


def test_the_data_table_stays_beside_the_charts_with_every_figure(client, entry):
    content = client.get(entry.get_absolute_url()).content.decode()
    assert content.index('class="outcome-charts"') < content.index('<tr id="outcome-december">')
    assert '<tr id="outcome-people">' in content
    text = text_of(client.get(entry.get_absolute_url()))
    # The note that qualifies a figure shows under its chart as well as in the table.
    assert text.count("Curator\N{RIGHT SINGLE QUOTATION MARK}s note: A fall from 37 to 20") == 2


def test_an_entry_with_no_changes_to_draw_gets_no_charts(client):
    entry = make_intervention()
    make_outcome(entry, unit="count", direction="", value=400)
    content = client.get(entry.get_absolute_url()).content.decode()
    assert "<svg" not in content
    assert "Outcomes reported" in content


def test_hostile_figures_are_escaped_in_charts_and_the_page_stays_valid(client):
    entry = make_intervention()
    make_outcome(
        entry,
        measure='<img src=x onerror="alert(1)"> & robbery',
        baseline_value=2,
        follow_up_value=1,
        baseline_period="<b>then</b>",
    )
    response = client.get(entry.get_absolute_url())
    content = response.content.decode()
    assert "<img src=x" not in content
    assert " style=" not in content
    charts = charts_on(response)
    assert '<img src=x onerror="alert(1)"> & robbery' in text_alternative(charts[0])[1]
