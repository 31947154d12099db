"""The SVG charts: well-formed, named for screen readers, and showing the right numbers."""

from decimal import Decimal

import pytest

from evaluations.models import OutcomeMetric
from evidence.charts import (
    Bar,
    bar_chart,
    before_after_chart,
    outcome_charts,
    percentage_changes_chart,
)
from tests.evidence.conftest import SVG, parse_svg, svg_texts, text_alternative


def metric(**fields):
    """An unsaved outcome figure: the charts need nothing from the database."""
    defaults = {
        "key": "robberies",
        "measure": "Robberies in Portsmouth",
        "measure_kind": "robbery",
        "value": Decimal("45"),
        "unit": "percent",
        "direction": "reduction",
        "cohort": "",
        "scope": "participants",
    }
    return OutcomeMetric(**{**defaults, **fields})


def test_a_bar_chart_is_an_image_named_by_its_title_and_description():
    root = parse_svg(bar_chart("chart-x", "Entries by stage", [Bar("Untested or new", 9)]))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title, description = text_alternative(root)
    assert title == "Entries by stage"
    assert description == "Untested or new: 9 entries."


def test_a_bar_chart_prints_every_label_and_count_and_says_them_in_its_description():
    bars = [Bar("Gangs and youth violence", 13), Bar("Hotspot policing", 1), Bar("Other", 0)]
    root = parse_svg(bar_chart("chart-themes", "Entries by theme", bars))
    assert svg_texts(root) == [
        "Gangs and youth violence",
        "13",
        "Hotspot policing",
        "1",
        "Other",
        "0",
    ]
    _, description = text_alternative(root)
    assert (
        description
        == "Gangs and youth violence: 13 entries; Hotspot policing: 1 entry; Other: 0 entries."
    )


def test_bars_are_drawn_in_proportion_to_their_counts():
    root = parse_svg(bar_chart("c", "T", [Bar("A", 10), Bar("B", 5), Bar("C", 0)]))
    widths = [float(rect.get("width")) for rect in root.iter(f"{SVG}rect")]
    assert widths[1] == pytest.approx(widths[0] / 2, abs=0.1)
    # An empty bar is a hairline, so the row still reads as a bar of nothing.
    assert widths[2] <= 1


def test_hostile_labels_are_escaped_and_still_read_as_written():
    label = '<script>alert("x")</script> & co'
    markup = bar_chart("c", "Title with <b>tags</b>", [Bar(label, 2)])
    assert "<script>" not in markup
    root = parse_svg(markup)
    assert svg_texts(root)[0] == label
    assert text_alternative(root)[0] == "Title with <b>tags</b>"


def test_charts_carry_no_style_attributes_or_elements_which_the_policy_would_block():
    markups = [
        bar_chart("a", "T", [Bar("A", 1)]),
        before_after_chart(metric(baseline_value=37, follow_up_value=20)),
        percentage_changes_chart([metric(), metric(key="b", direction="increase")]),
    ]
    for markup in markups:
        root = parse_svg(markup)
        assert all("style" not in element.attrib for element in root.iter())
        assert not list(root.iter(f"{SVG}style"))
        assert not list(root.iter(f"{SVG}script"))


def test_a_before_and_after_chart_prints_both_values_with_their_periods_and_the_change():
    figure = metric(
        baseline_value=Decimal("37"),
        baseline_period="December 2019",
        follow_up_value=Decimal("20"),
        follow_up_period="December 2022",
        cohort="Portsmouth",
    )
    root = parse_svg(before_after_chart(figure))
    assert svg_texts(root) == [
        "Before: December 2019",
        "37",
        "After: December 2022",
        "20",
        "45% reduction",
    ]
    title, description = text_alternative(root)
    assert title == "Robberies in Portsmouth, before and after"
    assert description == (
        "December 2019: 37. December 2022: 20. Change reported: 45% reduction. "
        "Group or area: Portsmouth."
    )


def test_before_and_after_bars_are_in_proportion_to_the_values():
    root = parse_svg(before_after_chart(metric(baseline_value=40, follow_up_value=10)))
    before, after = [float(rect.get("width")) for rect in root.iter(f"{SVG}rect")][:2]
    assert after == pytest.approx(before / 4, abs=0.1)


def test_a_figure_without_a_direction_shows_its_values_and_claims_no_change():
    figure = metric(
        measure="Members of the network",
        unit="count",
        direction="",
        value=400,
        baseline_value=30,
        baseline_period="February 2020",
        follow_up_value=400,
        follow_up_period="July 2023",
    )
    root = parse_svg(before_after_chart(figure))
    texts = svg_texts(root)
    assert texts == ["Before: February 2020", "30", "After: July 2023", "400"]
    assert "Change reported" not in text_alternative(root)[1]


def marker_points(root):
    """The direction shapes: (top y, bottom y, number of points at the top) of each path."""
    shapes = []
    for path in root.iter(f"{SVG}path"):
        if path.get("d", "").startswith("M0 6"):  # the stripes of the hatch pattern
            continue
        points = [
            tuple(float(number) for number in pair.split())
            for pair in path.get("d").strip("MZ ").split(" L")
        ]
        top = min(y for _, y in points)
        shapes.append(sum(1 for _, y in points if y == top))
    return shapes


def test_reductions_and_increases_differ_in_shape_side_pattern_and_words_not_only_colour():
    reduction = metric(key="a", measure="Robberies", value=Decimal("45"), direction="reduction")
    increase = metric(key="b", measure="Arrests charged", value=Decimal("35"), direction="increase")
    root = parse_svg(percentage_changes_chart([reduction, increase]))
    texts = svg_texts(root)
    assert "45% reduction" in texts
    assert "35% increase" in texts
    # A reduction's triangle has two points at the top (it points down); an increase's one.
    assert marker_points(root) == [2, 1]
    bars = [rect for rect in root.iter(f"{SVG}rect") if rect.get("height") == "18"]
    axis = float(root.get("viewBox").split()[2]) / 2
    reduction_bar, increase_bar = bars
    # Reductions run left from the central line, increases right, with stripes.
    assert float(reduction_bar.get("x")) + float(reduction_bar.get("width")) == axis
    assert float(increase_bar.get("x")) == axis
    assert increase_bar.get("fill").startswith("url(#")
    assert not reduction_bar.get("fill").startswith("url(")


def test_the_percentage_chart_describes_every_change_with_its_group_or_area():
    figures = [
        metric(key="a", measure="Homicides", value=Decimal("27"), cohort="Greater Manchester"),
        metric(
            key="b",
            measure="Robberies in Portsmouth",
            value=Decimal("18"),
            cohort="Portsmouth",
            value_qualifier="up-to",
        ),
    ]
    title, description = text_alternative(parse_svg(percentage_changes_chart(figures)))
    assert title == "Percentage changes reported"
    # The area is added only where the measure does not already name it.
    assert description == (
        "Homicides (Greater Manchester): 27% reduction; "
        "Robberies in Portsmouth: Up to 18% reduction."
    )


def test_changes_share_one_scale_so_a_larger_change_draws_a_longer_bar():
    figures = [metric(key="a", value=Decimal("50")), metric(key="b", value=Decimal("10"))]
    root = parse_svg(percentage_changes_chart(figures))
    widths = [
        float(rect.get("width")) for rect in root.iter(f"{SVG}rect") if rect.get("height") == "18"
    ]
    assert widths[0] == pytest.approx(widths[1] * 5, abs=0.1)


def test_a_change_over_100_percent_widens_the_scale_instead_of_overflowing():
    figures = [metric(key="a", value=Decimal("250"), direction="increase")]
    root = parse_svg(percentage_changes_chart(figures))
    width = float(root.get("viewBox").split()[2])
    bar = next(rect for rect in root.iter(f"{SVG}rect") if rect.get("height") == "18")
    assert float(bar.get("x")) + float(bar.get("width")) <= width


def test_long_measures_wrap_onto_several_lines_inside_the_chart():
    long_measure = " ".join(["Offending in the night-time economy"] * 4)
    root = parse_svg(percentage_changes_chart([metric(measure=long_measure)]))
    label_lines = [text for text in svg_texts(root) if "night-time" in text]
    assert len(label_lines) > 1
    assert " ".join(label_lines) == long_measure


def test_an_entry_gets_a_before_and_after_chart_for_each_figure_with_both_values():
    figures = [
        metric(key="with-both", baseline_value=37, follow_up_value=20),
        metric(key="only-before", baseline_value=37),
        metric(key="people", unit="count", direction="", value=1841),
    ]
    charts = outcome_charts(figures)
    assert [item["metric"].key for item in charts["before_after"]] == ["with-both"]
    changes = parse_svg(charts["percentage_changes"])
    # Only percentages with a direction are changes; a count of people is not.
    assert [text for text in svg_texts(changes) if text.endswith("reduction")] == [
        "45% reduction",
        "45% reduction",
    ]


def test_an_entry_without_changes_gets_no_percentage_chart():
    charts = outcome_charts([metric(unit="count", direction="", value=1841)])
    assert charts == {"percentage_changes": "", "has_wider_figures": False, "before_after": []}


def test_chart_ids_are_unique_per_figure_so_a_page_of_charts_repeats_none():
    charts = outcome_charts(
        [
            metric(key="a", baseline_value=1, follow_up_value=2),
            metric(key="b", baseline_value=3, follow_up_value=4),
        ]
    )
    ids = []
    for markup in [
        charts["percentage_changes"],
        *(item["chart"] for item in charts["before_after"]),
    ]:
        ids += [element.get("id") for element in parse_svg(markup).iter() if element.get("id")]
    assert len(ids) == len(set(ids))


def test_a_negative_figure_is_drawn_by_its_size_and_printed_with_its_sign():
    root = parse_svg(before_after_chart(metric(baseline_value=Decimal("-4"), follow_up_value=2)))
    before, after = [float(rect.get("width")) for rect in root.iter(f"{SVG}rect")][:2]
    assert after == pytest.approx(before / 2, abs=0.1)
    assert "-4" in svg_texts(root)
