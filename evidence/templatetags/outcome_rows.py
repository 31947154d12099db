"""The outcomes explorer's rows of figures, written in Python.

A page of the explorer is 50 figures, and the template language spent most of the
page's time on them: three includes and some forty lookups a row. The markup is exactly
what evidence/outcomes.html wrote with a loop and the includes
evidence/_direction_glyph.html and evidence/_value_with_period.html.
"""

from django import template
from django.utils.safestring import mark_safe

from interventions.formatting import choice_label, escaped

register = template.Library()

GLYPHS = {
    "reduction": '<span class="glyph" aria-hidden="true">▼</span> ',
    "increase": '<span class="glyph" aria-hidden="true">▲</span> ',
}
NOT_STATED = '<span class="meta">Not stated</span>'


def _linked(url, title):
    if url:
        return f'<a href="{escaped(url)}">{escaped(title)}</a>'
    return escaped(title)


def _value_with_period(value, shown, period):
    # Each include ended with its file's line break.
    if value is not None:
        if period:
            return f'{escaped(shown)} <span class="meta">({escaped(period)})</span>\n'
        return f"{escaped(shown)}\n"
    if period:
        return f'<span class="meta">{escaped(period)}</span>\n'
    return NOT_STATED + "\n"


def _before_and_after(metric):
    stated = (
        metric.baseline_value is not None
        or metric.follow_up_value is not None
        or metric.baseline_period
        or metric.follow_up_period
    )
    if not stated:
        return NOT_STATED
    before = _value_with_period(
        metric.baseline_value, metric.baseline_display, metric.baseline_period
    )
    after = _value_with_period(
        metric.follow_up_value, metric.follow_up_display, metric.follow_up_period
    )
    return f"Before: {before}<br>After: {after}"


def _result(metric):
    direction = ""
    if metric.direction:
        direction = f" {escaped(str(choice_label(metric, 'direction')).lower())}"
    return f"{GLYPHS.get(metric.direction, '')}\n{escaped(metric.value_display)}{direction}"


def _group(metric):
    sample = (
        f' <span class="meta">(sample of {escaped(metric.sample_size)})</span>'
        if metric.sample_size is not None
        else ""
    )
    caveat = metric.scope_caveat
    caveat = f'<p class="scope-caveat"><strong>{escaped(caveat)}</strong></p>' if caveat else ""
    return f"{escaped(metric.cohort or 'Not stated')}{sample}{caveat}"


def _source(metric):
    source, report = metric.source, metric.report
    section = (
        f'<span class="row-meta">{escaped(metric.source_section)}</span>'
        if metric.source_section
        else ""
    )
    cited = (
        f'<span class="row-meta">Report: {_linked(report.url, report.title)}</span>'
        if report
        else ""
    )
    return f"{_linked(source.url, source.title)}{section}{cited}"


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
    ratings_url = escaped(ratings_url)
    rows = []
    for metric in metrics:
        entry = metric.intervention
        rows.append(
            ROW.format(
                escaped(metric.get_absolute_url()),
                escaped(metric.measure),
                escaped(choice_label(metric, "measure_kind")),
                escaped(entry.get_absolute_url()),
                escaped(entry.display_name),
                escaped(choice_label(entry, "evidence_stage")),
                ratings_url,
                escaped(metric.entry_verdict_label),
                _result(metric),
                _before_and_after(metric),
                _group(metric),
                _source(metric),
            )
        )
    return mark_safe("".join(rows))


# An entry's own page ------------------------------------------------------------------


def _stated(value, shown, period):
    if value is not None:
        if period:
            return f'{escaped(shown)} <span class="meta">({escaped(period)})</span>'
        return escaped(shown)
    if period:
        return f'<span class="meta">{escaped(period)}</span>'
    return NOT_STATED


def _entry_group(outcome):
    sample = (
        f' <span class="meta">(sample of {escaped(outcome.sample_size)})</span>'
        if outcome.sample_size is not None
        else ""
    )
    caveat = outcome.scope_caveat
    if caveat:
        section = (
            f' <span class="meta">(Scope: {escaped(outcome.source.title)}, '
            f"{escaped(outcome.scope_section)})</span>"
            if outcome.scope_section
            else ""
        )
        caveat = f'<p class="scope-caveat"><strong>{escaped(caveat)}</strong>{section}</p>'
    return f"{escaped(outcome.cohort or 'Not stated')}{sample}{caveat}"


def _entry_source(outcome):
    report = outcome.report
    section = f", {escaped(outcome.source_section)}" if outcome.source_section else ""
    cited = (
        f'; <a href="#report-{escaped(report.slug)}">{escaped(report.title)}</a>' if report else ""
    )
    note = (
        f"<br><strong>Curator\u2019s note:</strong> {escaped(outcome.curator_note)}"
        if outcome.curator_note
        else ""
    )
    return f"{escaped(outcome.source.title)}{section}{cited}{note}"


ENTRY_ROW = (
    '\n      <tr id="outcome-{key}">\n'
    '        <th scope="row"><a class="figure-anchor" href="#outcome-{key}">{measure}</a></th>\n'
    '        <td data-label="Result">{result}</td>\n'
    '        <td data-label="Before">{before}</td>\n'
    '        <td data-label="After">{after}</td>\n'
    '        <td data-label="Group or area">{group}</td>\n'
    '        <td data-label="Source">{source}\n'
    '          <details class="cite-figure">\n'
    '            <summary>Cite this figure<span class="visually-hidden">: {measure}</span>'
    "</summary>\n"
    '            <label for="cite-outcome-{key}">Figure citation<span class="visually-hidden">'
    " for {measure}</span>, to copy</label>\n"
    '            <textarea id="cite-outcome-{key}" class="citation" rows="4" readonly '
    'data-copy-button="Copy citation">{citation}</textarea>\n'
    "          </details>\n"
    "        </td>\n"
    "      </tr>\n    "
)


@register.simple_tag
def entry_outcome_rows(outcomes):
    """The rows of an entry's table of figures: the measure, the result, before, after,
    whom it counts, its source and its citation to copy (``citation_text``, set by
    evidence.entry.entry_evidence)."""
    rows = []
    for outcome in outcomes:
        direction = ""
        if outcome.direction:
            direction = f" {escaped(str(choice_label(outcome, 'direction')).lower())}"
        rows.append(
            ENTRY_ROW.format(
                key=escaped(outcome.key),
                measure=escaped(outcome.measure),
                result=f"{escaped(outcome.value_display)}{direction}",
                before=_stated(
                    outcome.baseline_value, outcome.baseline_display, outcome.baseline_period
                ),
                after=_stated(
                    outcome.follow_up_value, outcome.follow_up_display, outcome.follow_up_period
                ),
                group=_entry_group(outcome),
                source=_entry_source(outcome),
                citation=escaped(outcome.citation_text),
            )
        )
    return mark_safe("".join(rows))
