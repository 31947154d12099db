"""Citations of entries and evaluation reports: as text to copy, and as RIS files.

RIS is the plain format reference managers (Zotero, EndNote, Mendeley) import: one
``TAG  - value`` line per field, ending with ``ER  - ``. Values are kept to one line, so
nothing in a title can start a field of its own.
"""

import re

from django.utils import timezone

from interventions.citations import CATALOGUE_NAME, YEAR, citation_text, source_year

__all__ = [
    "citation_text",
    "entry_ris",
    "figure_citation_text",
    "report_citation_text",
    "report_ris",
    "report_year",
]

LINE_BREAKS = re.compile(r"[\r\n\t\f\v\u0085\u2028\u2029]+")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
RIS_CONTENT_TYPE = "application/x-research-info-systems; charset=utf-8"


def one_line(value):
    text = LINE_BREAKS.sub(" ", str(value))
    return " ".join(CONTROL_CHARACTERS.sub("", text).split())


def ris(fields):
    """(tag, value) pairs as an RIS record; empty values are left out."""
    lines = [f"{tag}  - {one_line(value)}" for tag, value in fields if one_line(value)]
    return "\r\n".join([*lines, "ER  - ", ""])


def access_date(accessed):
    return f"{accessed:%Y/%m/%d}"


def in_words(day):
    return f"{day.day} {day:%B %Y}"


def report_year(report):
    if report.published_on:
        return str(report.published_on.year)
    found = YEAR.search(report.date_note)
    return found.group(0) if found else ""


def report_citation_text(report, url, accessed=None):
    """Evaluator (year) Title. Type. Publisher. Available at: address (accessed date).

    For example: "University of Example (2022) Evaluation of Operation Example. Full
    technical report. College of Policing. Available at: https://... (accessed 3 March
    2025)."
    """
    accessed = accessed or timezone.localdate()
    year = report_year(report) or "n.d."
    author = report.evaluator.name if report.evaluator else ""
    publisher = report.publisher.name if report.publisher else ""
    parts = [f"{author} ({year}) {report.title}." if author else f"{report.title} ({year})."]
    parts.append(f"{report.get_report_type_display()}.")
    if publisher and publisher != author:
        parts.append(f"{publisher}.")
    parts.append(f"Available at: {url} (accessed {in_words(accessed)}).")
    return " ".join(parts)


def ended(text):
    """``text`` with a full stop, unless it already ends a sentence."""
    return text if text.rstrip().endswith((".", "?", "!")) else f"{text}."


def figure_citation_text(outcome, entry, url, accessed=None):
    """One outcome figure, where the source gives it, then the entry and the figure's address.

    For example: "Knife crime offences: 12% reduction. Source: College of Policing, "A
    report" (2022), section 4.2. Reported for Operation Example in: Violence Reduction
    Interventions Catalogue. Available at: https://...#outcome-knife-crime (accessed 3
    March 2025)."
    """
    accessed = accessed or timezone.localdate()
    result = outcome.value_display
    if outcome.direction:
        result += f" {outcome.get_direction_display().lower()}"
    source = outcome.source
    where = f", {outcome.source_section}" if outcome.source_section else ""
    parts = [
        f"{one_line(outcome.measure)}: {result}.",
        *([ended(outcome.scope_caveat)] if outcome.scope_caveat else []),
        ended(f'Source: {source.publisher}, "{source.title}" ({source_year(source)}){where}'),
        f"Reported for {entry.display_name} in: {CATALOGUE_NAME}.",
        f"Available at: {url} (accessed {in_words(accessed)}).",
    ]
    return " ".join(one_line(part) for part in parts)


def wider_figures_note(figures):
    """An RIS note naming the figures that are not the intervention's own, with the caveat."""
    wider = [figure for figure in figures if figure.scope_label]
    if not wider:
        return ""
    named = "; ".join(f"{figure.measure} [{figure.scope_label}]" for figure in wider)
    return (
        "Not every outcome figure on this entry is the intervention's own: some count a wider "
        f"area or a whole programme or unit, or their scope is not stated: {named}."
    )


def entry_ris(intervention, sources, url, accessed=None, figures=()):
    accessed = accessed or timezone.localdate()
    based_on = "; ".join(
        f'{source.publisher}, "{source.title}" ({source_year(source)})' for source in sources
    )
    return ris(
        [
            ("TY", "ELEC"),
            ("TI", intervention.display_name),
            ("T2", CATALOGUE_NAME),
            ("PB", CATALOGUE_NAME),
            ("PY", intervention.updated_at.year),
            ("DA", f"{intervention.updated_at:%Y/%m/%d}"),
            ("UR", url),
            ("Y2", access_date(accessed)),
            ("AB", intervention.summary),
            ("N1", f"Based on: {based_on}." if based_on else ""),
            ("N1", wider_figures_note(figures)),
            ("N1", f"Accessed {in_words(accessed)}."),
        ]
    )


def report_ris(report, url, catalogue_url, accessed=None):
    """``url`` is the report's own address if known; ``catalogue_url`` where we list it."""
    accessed = accessed or timezone.localdate()
    listed_in = report.source.title
    if report.source_section:
        listed_in += f", {report.source_section}"
    return ris(
        [
            ("TY", "RPRT"),
            ("TI", report.title),
            ("AU", report.evaluator.name if report.evaluator else ""),
            ("PB", report.publisher.name if report.publisher else ""),
            ("PY", report_year(report)),
            ("DA", f"{report.published_on:%Y/%m/%d}" if report.published_on else ""),
            ("M3", report.get_report_type_display()),
            ("UR", url or catalogue_url),
            ("Y2", access_date(accessed)),
            ("AB", report.summary),
            ("N1", f"Listed in: {listed_in}."),
            ("N1", f"Described in the {CATALOGUE_NAME}: {catalogue_url}"),
            ("N1", f"Accessed {in_words(accessed)}."),
        ]
    )
