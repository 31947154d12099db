"""The outcomes explorer's rows of figures, written in Python.

A page of the explorer is 50 figures, and the template language spent most of the
page's time on them: three includes and some forty lookups a row. The markup is exactly
what evidence/outcomes.html wrote with a loop and the includes
evidence/_direction_glyph.html and evidence/_value_with_period.html.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

GLYPHS = {
    "reduction": '<span class="glyph" aria-hidden="true">▼</span> ',
    "increase": '<span class="glyph" aria-hidden="true">▲</span> ',
}
NOT_STATED = '<span class="meta">Not stated</span>'


def _linked(url, title):
    if url:
        return format_html('<a href="{}">{}</a>', url, title)
    return format_html("{}", title)


def _value_with_period(value, shown, period):
    # Each include ended with its file's line break.
    if value is not None:
        if period:
            return format_html('{} <span class="meta">({})</span>\n', shown, period)
        return format_html("{}\n", shown)
    if period:
        return format_html('<span class="meta">{}</span>\n', period)
    return mark_safe(NOT_STATED + "\n")


def _before_and_after(metric):
    stated = (
        metric.baseline_value is not None
        or metric.follow_up_value is not None
        or metric.baseline_period
        or metric.follow_up_period
    )
    if not stated:
        return mark_safe(NOT_STATED)
    return format_html(
        "Before: {}<br>After: {}",
        _value_with_period(metric.baseline_value, metric.baseline_display, metric.baseline_period),
        _value_with_period(
            metric.follow_up_value, metric.follow_up_display, metric.follow_up_period
        ),
    )


def _result(metric):
    direction = (
        format_html(" {}", metric.get_direction_display().lower()) if metric.direction else ""
    )
    return format_html(
        "{}\n{}{}", mark_safe(GLYPHS.get(metric.direction, "")), metric.value_display, direction
    )


def _group(metric):
    sample = (
        format_html(' <span class="meta">(sample of {})</span>', metric.sample_size)
        if metric.sample_size is not None
        else ""
    )
    caveat = (
        format_html('<p class="scope-caveat"><strong>{}</strong></p>', metric.scope_caveat)
        if metric.scope_caveat
        else ""
    )
    return format_html("{}{}{}", metric.cohort or "Not stated", sample, caveat)


def _source(metric):
    source, report = metric.source, metric.report
    section = (
        format_html('<span class="row-meta">{}</span>', metric.source_section)
        if metric.source_section
        else ""
    )
    cited = (
        format_html('<span class="row-meta">Report: {}</span>', _linked(report.url, report.title))
        if report
        else ""
    )
    return format_html("{}{}{}", _linked(source.url, source.title), section, cited)


ROW = (
    "\n          <tr>\n"
    '            <th scope="row"><a href="{}">{}</a><span class="row-meta">{}. Entry: '
    '<a href="{}">{}</a></span><span class="row-meta">Evidence stage: {}. '
    '<a href="{}">Did it work?</a> {}</span></th>\n'
    '            <td data-label="Result">{}</td>\n'
    '            <td data-label="Before and after">{}</td>\n'
    '            <td data-label="Group or area">{}</td>\n'
    '            <td data-label="Source">{}</td>\n'
    "          </tr>\n        "
)


@register.simple_tag
def outcome_rows(metrics, ratings_url):
    """One table row per figure: the measure and its entry, the result, before and after,
    whom it counts, and where it comes from."""
    rows = []
    for metric in metrics:
        entry = metric.intervention
        rows.append(
            format_html(
                ROW,
                metric.get_absolute_url(),
                metric.measure,
                metric.get_measure_kind_display(),
                entry.get_absolute_url(),
                entry.display_name,
                entry.get_evidence_stage_display(),
                ratings_url,
                metric.entry_verdict_label,
                _result(metric),
                _before_and_after(metric),
                _group(metric),
                _source(metric),
            )
        )
    return mark_safe("".join(rows))
