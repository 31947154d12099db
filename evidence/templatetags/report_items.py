"""An entry's list of reports, written in Python.

An entry page lists up to five reports of some twenty facts each, and the template
language spent more time on them than on the rest of the entry's own facts. The markup is
exactly what interventions/intervention_detail.html wrote with a loop and the include
evidence/_report_citation.html.
"""

from django import template
from django.utils.safestring import mark_safe

from interventions.formatting import choice_label, escaped

register = template.Library()

NOTED = ' <span class="meta">({})</span>'


def _noted(text):
    return NOTED.format(escaped(text)) if text else ""


def _title(report):
    if not report.url:
        return escaped(report.title)
    size = report.file_size_display
    size = f", {escaped(size)}" if size else ""
    shown_format = choice_label(report, "file_format") or "external link"
    return (
        f'<a href="{escaped(report.url)}">{escaped(report.title)}<span class="visually-hidden">'
        f" ({escaped(shown_format)}{size})</span></a>"
    )


def _linked(organisation):
    return f'<a href="{escaped(organisation.get_absolute_url())}">{escaped(organisation.name)}</a>'


def _facts(report):
    evaluation = report.is_evaluation
    facts = [
        f"<dt>Type</dt><dd>{escaped(choice_label(report, 'report_type'))}"
        + (
            ""
            if evaluation
            else ' <span class="meta">(not an evaluation of this intervention)</span>'
        )
        + "</dd>",
        (
            f"<dt>Design</dt><dd>{escaped(report.design_display)}{_noted(report.design_basis)}</dd>"
            if evaluation
            else ""
        ),
        "<dt>Independent of those delivering it</dt>"
        f"<dd>{escaped(choice_label(report, 'independent'))}"
        f"{_noted(report.independence_basis)}</dd>",
        f"<dt>Published</dt><dd>{escaped(choice_label(report, 'is_published'))}"
        f"{_noted(report.published_basis)}</dd>",
    ]
    date = report.date_display
    facts.append(f"<dt>Date</dt><dd>{escaped(date)}</dd>" if date else "")
    size = report.file_size_display
    if report.file_format or size:
        comma = ", " if report.file_format and size else ""
        facts.append(
            f"<dt>Format</dt><dd>{escaped(choice_label(report, 'file_format'))}{comma}"
            f"{escaped(size)}</dd>"
        )
    else:
        facts.append("")
    facts.append(
        f"<dt>Method</dt><dd>{escaped(choice_label(report, 'method'))}</dd>"
        if report.method
        else ""
    )
    facts.append(
        f"<dt>Evaluated by</dt><dd>{_linked(report.evaluator)}</dd>" if report.evaluator else ""
    )
    facts.append(
        f"<dt>Published by</dt><dd>{_linked(report.publisher)}</dd>" if report.publisher else ""
    )
    section = f", {escaped(report.source_section)}" if report.source_section else ""
    facts.append(f"<dt>Listed in</dt><dd>{escaped(report.source.title)}{section}</dd>")
    return "\n        ".join(facts)


def _citation(report):
    # The include's own lines, and the line break ending its file.
    if not report.ris_url:
        return "\n"
    slug, title = escaped(report.slug), escaped(report.title)
    return (
        '\n<details class="cite-report">\n'
        "  <summary>Cite this report</summary>\n"
        f'  <label for="citation-{slug}">Report citation<span class="visually-hidden"> for '
        f"{title}</span>, to copy</label>\n"
        f'  <textarea id="citation-{slug}" class="citation" rows="3" readonly '
        f'data-copy-button="Copy citation">{escaped(report.citation_text)}</textarea>\n'
        f'  <p><a href="{escaped(report.ris_url)}" download>Download the citation for a '
        f'reference manager<span class="visually-hidden"> ({title})</span> (RIS file)</a></p>\n'
        "</details>\n\n"
    )


def _item(report):
    no_address = (
        "" if report.url else '<p class="meta">We do not know a web address for this report.</p>'
    )
    summary = f"<p>{escaped(report.summary)}</p>" if report.summary else ""
    note = (
        '<p class="curator-note"><strong>Curator\u2019s note:</strong> '
        f"{escaped(report.curator_note)}</p>"
        if report.curator_note
        else ""
    )
    return (
        f'\n    <li id="report-{escaped(report.slug)}" class="report">\n'
        f'      <h3 class="report-title">{_title(report)}</h3>\n'
        '      <dl class="report-facts">\n'
        f"        {_facts(report)}\n"
        "      </dl>\n"
        f"      {no_address}\n"
        f"      {summary}\n"
        f"      {note}\n"
        f"      {_citation(report)}\n"
        "    </li>\n    "
    )


@register.simple_tag
def entry_report_items(reports):
    """One list item per report of an entry: its title, linked where known, its facts, and
    its citation to copy (``citation_text`` and ``ris_url``, set by
    evidence.entry.entry_evidence)."""
    return mark_safe("".join(_item(report) for report in reports))
