"""Entries' result cards, written in Python.

The list shows twenty cards a page, and the home, theme, force, organisation and region
pages show theirs the same way. The template language spent a large part of each page's
time on them: an include per card and some thirty lookups in each. The markup is exactly
what interventions/_intervention_card.html wrote, with evidence/_compare_checkbox.html
on the list.
"""

from django import template
from django.template.defaultfilters import truncatewords
from django.utils.safestring import mark_safe

from interventions.addresses import address
from interventions.formatting import choice_label, escaped

register = template.Library()


def _plural(count):
    return "" if count == 1 else "s"


def _names(rows):
    return ", ".join(escaped(row.name) for row in rows)


def _rows(entry, name):
    """The entry's ``name`` rows: the prefetched list when there is one, read as it is;
    ``entry.<name>.all()`` builds a related manager and a queryset for each card."""
    prefetched = getattr(entry, "_prefetched_objects_cache", None)
    if prefetched is not None:
        rows = prefetched.get(name)
        if rows is not None and rows._result_cache is not None:
            return rows._result_cache
    return list(getattr(entry, name).all())


def _role(role):
    note = f" ({escaped(role.note)})" if role.note else ""
    return f"{escaped(role.get_role_display())}{note}"


def card(entry, ratings_url, compare=False):
    """One entry's card, as the <li> the template wrote."""
    report_count = getattr(entry, "report_count", None)
    reports = (
        f' <span class="tag">{escaped(report_count)} evaluation report'
        f"{_plural(report_count)}</span>"
        if report_count
        else ""
    )
    snippet = entry.snippet_html
    summary = (
        f'<p class="card-snippet">{escaped(snippet)}</p>'
        if snippet
        else f"<p>{escaped(truncatewords(entry.summary, 40))}</p>"
    )
    verdict = getattr(entry, "verdict", None)
    verdict_fact = (
        f'<dt><a href="{escaped(ratings_url)}">Did it work?</a></dt>'
        f'<dd class="verdict verdict-{escaped(verdict)}">{escaped(entry.verdict_label)}'
        + (
            " (rests on self-reported before-and-after figures)"
            if getattr(entry, "verdict_self_reported", None)
            else ""
        )
        + "</dd>"
        if verdict
        else ""
    )
    forces = _rows(entry, "forces")
    forces_fact = (
        f"<dt>Police force{_plural(len(forces))}</dt><dd>{_names(forces)}</dd>" if forces else ""
    )
    ages = entry.age_range_display
    ages_fact = f"<dt>Ages</dt><dd>{escaped(ages)}</dd>" if ages else ""
    themes = _rows(entry, "themes")
    themes_fact = f"<dt>Theme{_plural(len(themes))}</dt><dd>{_names(themes)}</dd>" if themes else ""
    roles = getattr(entry, "roles_here", None)
    roles_fact = (
        f"<dt>Role here</dt><dd>{', '.join(_role(role) for role in roles)}</dd>" if roles else ""
    )
    checkbox = ""
    if compare:
        slug = escaped(entry.slug)
        checkbox = (
            f'\n<p class="compare-check"><input type="checkbox" name="items" value="{slug}" '
            f'id="compare-{slug}" form="compare-form"> <label for="compare-{slug}">Compare'
            f'<span class="visually-hidden"> {escaped(entry.display_name)}</span></label></p>\n'
        )
    return (
        '<li class="card">\n'
        f'  <h3 class="card-title"><a href="{escaped(entry.get_absolute_url())}">'
        f"{escaped(entry.display_name)}</a></h3>\n"
        f'  <p class="card-tags"><span class="badge badge-{escaped(entry.evidence_stage)}">'
        '<span class="visually-hidden">Evidence: </span>'
        f"{escaped(choice_label(entry, 'evidence_stage'))}</span> "
        '<span class="tag"><span class="visually-hidden">Status: </span>'
        f"{escaped(entry.status_display)}</span>{reports}</p>\n"
        f"  {summary}\n"
        '  <dl class="card-facts">\n'
        f"    {verdict_fact}\n"
        f"    {forces_fact}\n"
        f"    {ages_fact}\n"
        f"    {themes_fact}\n"
        f"    {roles_fact}\n"
        "  </dl>\n"
        f"  {checkbox}\n"
        "</li>\n"
    )


@register.simple_tag
def intervention_cards(entries, compare=False):
    """One card per entry, each an <li>; ``compare`` adds the box that ticks it for the
    comparison form."""
    ratings_url = address("catalogue:evidence-ratings")
    return mark_safe("".join(card(entry, ratings_url, compare) for entry in entries))
