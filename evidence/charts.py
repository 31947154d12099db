"""Charts drawn on the server as SVG: no script, no inline style, readable in print.

Every chart is an image with a text alternative: ``role="img"`` and
``aria-labelledby`` naming its <title> and <desc>, and the desc gives every number
the chart shows. Every number is also printed beside its bar, and an increase and a
reduction differ in direction, shape and words as well as colour.

The functions are pure: they take plain values (or rows already loaded) and return
markup that is safe to place in a page. All text is escaped here.
"""

import html
import textwrap
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache

from django.utils.safestring import mark_safe

from evaluations.models import Direction, Unit
from interventions.formatting import strip_zeros

TEXT = "#1d1d1d"
MUTED = "#4a4a4a"
RULE = "#b1b4b6"
BRAND = "#12355b"
BEFORE = "#8d9299"
REDUCTION = "#12355b"
INCREASE = "#9a4a1c"
FONT_SIZE = 14
# A generous average glyph width, in ems, for laying out text without a font at hand.
GLYPH_WIDTH = 0.6


def escape(value):
    """Text and attribute values escaped as Django's escape() does them, without its lazy
    wrapper: a chart escapes thousands of values."""
    return html.escape(str(value))


@lru_cache(maxsize=4096, typed=True)
def _number(value):
    """Coordinates with at most one decimal place, so the markup stays short and stable.
    Kept: a chart places thousands of coordinates, and they repeat."""
    if isinstance(value, int):
        return str(value)
    return strip_zeros(Decimal(str(value)), places=1).replace(",", "")


@cache
def _attribute_name(name):
    return name.rstrip("_").replace("_", "-")


def _attribute_value(value):
    if type(value) is int:
        return str(value)
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return _number(value)
    return escape(value)


@lru_cache(maxsize=8192, typed=True)
def _attribute(name, value):
    """One attribute as written. Kept: a chart writes the same fills, sizes and
    coordinates hundreds of times."""
    return f' {_attribute_name(name)}="{_attribute_value(value)}"'


def _attributes(attributes):
    written = []
    for name, value in attributes.items():
        if value is None:
            continue
        try:
            written.append(_attribute(name, value))
        except TypeError:  # a value that cannot be kept
            written.append(f' {_attribute_name(name)}="{_attribute_value(value)}"')
    return "".join(written)


def element(tag, *children, **attributes):
    """One SVG element; children are markup already built by element() or text()."""
    opening = f"<{tag}{_attributes(attributes)}"
    if not children:
        return f"{opening}/>"
    return f"{opening}>{''.join(children)}</{tag}>"


def text(x, y, content, **attributes):
    attributes.setdefault("fill", TEXT)
    attributes.setdefault("font_size", FONT_SIZE)
    return element("text", escape(content), x=x, y=y, **attributes)


def text_width(content, font_size=FONT_SIZE):
    return len(content) * font_size * GLYPH_WIDTH


def svg(chart_id, title, description, width, height, body, css_class="chart", role="img"):
    """The outer <svg> with its title and description, named for assistive technology."""
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    labelling = (
        {"aria_labelledby": f"{title_id} {desc_id}"}
        if role == "img"
        else {"aria_labelledby": title_id, "aria_describedby": desc_id}
    )
    markup = element(
        "svg",
        element("title", escape(title), id=title_id),
        element("desc", escape(description), id=desc_id),
        *body,
        xmlns="http://www.w3.org/2000/svg",
        id=chart_id,
        class_=css_class,
        viewBox=f"0 0 {_number(width)} {_number(height)}",
        width=width,
        height=height,
        role=role,
        **labelling,
        focusable="false",
    )
    # Safe: every piece of text above went through escape().
    return mark_safe(markup)


def direction_marker(direction, x, y, size=10, fill=TEXT):
    """A shape for the direction of a change: down for a reduction, up for an increase.

    ``x`` and ``y`` are the centre of the shape.
    """
    half = size / 2
    if direction == Direction.REDUCTION:
        points = [(x - half, y - half), (x + half, y - half), (x, y + half)]
    elif direction == Direction.INCREASE:
        points = [(x - half, y + half), (x + half, y + half), (x, y - half)]
    else:
        return element("rect", x=x - half, y=y - size / 6, width=size, height=size / 3, fill=fill)
    path = "M" + " L".join(f"{_number(px)} {_number(py)}" for px, py in points) + " Z"
    return element("path", d=path, fill=fill)


def hatch_pattern(pattern_id, colour):
    """Diagonal stripes, so increases differ from reductions in print and in greyscale."""
    return element(
        "defs",
        element(
            "pattern",
            element("rect", width=6, height=6, fill="#ffffff"),
            element("path", d="M0 6 L6 0 M-1 1 L1 -1 M5 7 L7 5", stroke=colour, stroke_width=2),
            id=pattern_id,
            width=6,
            height=6,
            patternUnits="userSpaceOnUse",
        ),
    )


# Bar charts of counts -----------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    value: int


def count_phrase(value, singular, plural):
    return f"{value:,} {singular if value == 1 else plural}"


def bar_chart(chart_id, title, bars, *, singular="entry", plural="entries", width=420):
    """Horizontal bars, each labelled above and with its count printed at its end."""
    row_height, bar_height, top = 40, 14, 4
    largest = max((bar.value for bar in bars), default=0)
    value_room = text_width(f"{largest:,}") + 10
    scale = (width - value_room) / largest if largest else 0
    body = []
    for number, bar in enumerate(bars):
        y = top + number * row_height
        length = bar.value * scale
        body.append(text(0, y + 13, bar.label))
        bar_y = y + 19
        if length:
            body.append(element("rect", x=0, y=bar_y, width=length, height=bar_height, fill=BRAND))
        else:
            body.append(element("rect", x=0, y=bar_y, width=1, height=bar_height, fill=RULE))
        body.append(text(length + 6, bar_y + bar_height - 2, f"{bar.value:,}", font_weight="bold"))
    description = "; ".join(
        f"{bar.label}: {count_phrase(bar.value, singular, plural)}" for bar in bars
    )
    height = top + len(bars) * row_height + 4
    return svg(chart_id, title, f"{description}.", width, height, body, "chart chart-bars")


# Outcome figures ----------------------------------------------------------------------


def change_phrase(metric):
    """'45% reduction', as the table beside the chart words it."""
    if not metric.direction:
        return metric.value_display
    return f"{metric.value_display} {metric.get_direction_display().lower()}"


def has_before_and_after(metric):
    return metric.baseline_value is not None and metric.follow_up_value is not None


def is_percentage_change(metric):
    return metric.unit == Unit.PERCENT and bool(metric.direction)


def before_after_chart(metric, chart_id=None, width=420):
    """Two bars, before and after, each with its period and value; then the change."""
    chart_id = chart_id or f"chart-{metric.key}"
    rows = [
        ("Before", metric.baseline_period, metric.baseline_value, metric.baseline_display, BEFORE),
        (
            "After",
            metric.follow_up_period,
            metric.follow_up_value,
            metric.follow_up_display,
            BRAND,
        ),
    ]
    largest = max(abs(metric.baseline_value), abs(metric.follow_up_value))
    value_room = max(text_width(row[3]) for row in rows) + 12
    scale = (width - value_room) / float(largest) if largest else 0
    body = []
    y = 4
    for when, period, value, shown, colour in rows:
        label = f"{when}: {period}" if period else when
        body.append(text(0, y + 13, label))
        length = float(abs(value)) * scale
        bar_y = y + 19
        body.append(element("rect", x=0, y=bar_y, width=max(length, 1), height=18, fill=colour))
        body.append(text(length + 6, bar_y + 14, shown, font_weight="bold"))
        y += 48
    if metric.direction:
        body.append(direction_marker(metric.direction, 6, y + 8, size=11))
        body.append(text(18, y + 13, change_phrase(metric), font_weight="bold"))
        y += 22
    parts = [
        f"{metric.baseline_period or 'Before'}: {metric.baseline_display}",
        f"{metric.follow_up_period or 'After'}: {metric.follow_up_display}",
    ]
    if metric.direction:
        parts.append(f"Change reported: {change_phrase(metric)}")
    if metric.cohort:
        parts.append(f"Group or area: {metric.cohort}")
    if metric.scope_caveat:
        parts.append(metric.scope_caveat.rstrip("."))
        body.append(text(0, y + 13, f"{metric.scope_label}: not this intervention's alone"))
        y += 22
    title = f"{measure_with_scope(metric)}, before and after"
    return svg(chart_id, title, f"{'. '.join(parts)}.", width, y + 4, body, "chart")


def percentage_changes_chart(metrics, chart_id="chart-percentage-changes", width=440):
    """Reductions drawn leftwards and increases rightwards from a central line.

    Each row is labelled with its measure above the bar; the change itself ("45%
    reduction"), with a shape pointing down or up, sits on the other side of the line.
    Bars share one scale, 0 to 100% (or to the largest change, if one is larger).
    """
    axis = width / 2
    reach = axis - 8
    largest = max([Decimal(100), *(abs(metric.value) for metric in metrics)])
    scale = reach / float(largest)
    pattern_id = f"{chart_id}-hatch"
    body = [
        hatch_pattern(pattern_id, INCREASE),
        text(axis - 8, 14, "Reduction", text_anchor="end", fill=MUTED),
        text(axis + 8, 14, "Increase", fill=MUTED),
    ]
    y = 26
    line_length = int(width / (FONT_SIZE * GLYPH_WIDTH))
    for metric in metrics:
        lines = textwrap.wrap(measure_with_scope(metric), line_length, break_on_hyphens=False) or [
            ""
        ]
        for line in lines:
            y += 16
            body.append(text(0, y, line))
        bar_y = y + 6
        body.append(element("line", x1=axis, y1=bar_y - 4, x2=axis, y2=bar_y + 22, stroke=TEXT))
        length = max(float(abs(metric.value)) * scale, 1)
        phrase = change_phrase(metric)
        if metric.direction == Direction.INCREASE:
            body.append(
                element(
                    "rect",
                    x=axis,
                    y=bar_y,
                    width=length,
                    height=18,
                    fill=f"url(#{pattern_id})",
                    stroke=INCREASE,
                    stroke_width=1.5,
                )
            )
            body.append(direction_marker(metric.direction, axis - 12, bar_y + 9, size=10))
            body.append(text(axis - 22, bar_y + 14, phrase, text_anchor="end", font_weight="bold"))
        else:
            colour = REDUCTION if metric.direction == Direction.REDUCTION else MUTED
            body.append(
                element("rect", x=axis - length, y=bar_y, width=length, height=18, fill=colour)
            )
            body.append(direction_marker(metric.direction, axis + 12, bar_y + 9, size=10))
            body.append(text(axis + 22, bar_y + 14, phrase, font_weight="bold"))
        y = bar_y + 18 + 14
    description = "; ".join(
        f"{measure_with_cohort(metric)}: {change_phrase(metric)}{scope_aside(metric)}"
        for metric in metrics
    )
    title = "Percentage changes reported"
    return svg(chart_id, title, f"{description}.", width, y, body, "chart")


def measure_with_scope(metric):
    """The measure, with a bracketed label when the figure is not the intervention's own."""
    if metric.scope_label:
        return f"{metric.measure} [{metric.scope_label}]"
    return metric.measure


def scope_aside(metric):
    """', area-wide figure, not this intervention's participants alone' or nothing."""
    if not metric.scope_label:
        return ""
    return f" ({metric.scope_label.lower()}, not this intervention's participants alone)"


def measure_with_cohort(metric):
    """The measure, with its group or area when the measure does not already name it."""
    if metric.cohort and metric.cohort.lower() not in metric.measure.lower():
        return f"{metric.measure} ({metric.cohort})"
    return metric.measure


def outcome_charts(metrics):
    """The charts for one entry's outcome figures, in the order the table lists them."""
    metrics = list(metrics)
    changes = [metric for metric in metrics if is_percentage_change(metric)]
    return {
        "percentage_changes": percentage_changes_chart(changes) if changes else "",
        "has_wider_figures": any(metric.scope_label for metric in changes),
        "before_after": [
            {"metric": metric, "chart": before_after_chart(metric)}
            for metric in metrics
            if has_before_and_after(metric)
        ],
    }
