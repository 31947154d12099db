"""The list's filter checkboxes, written in Python.

The filter sidebar is a hundred or more options on every list page, and the template
language looked up each option's five values one by one: about half of an unfiltered
list's rendering time. The markup is exactly what interventions/_filter_group.html
wrote with a loop.
"""

from django import template
from django.utils.safestring import mark_safe

from interventions.formatting import escaped

register = template.Library()


def _option(name, option):
    value = escaped(option.value)
    empty = "" if option.count or option.selected else " option-empty"
    checked = " checked" if option.selected else ""
    count = escaped(option.count)
    words = "match" if option.count == 1 else "matches"
    return (
        f'\n    <li class="option{empty}">\n'
        f'      <input type="checkbox" name="{name}" value="{value}" id="{name}-{value}"'
        f"{checked}>\n"
        f'      <label for="{name}-{value}">{escaped(option.label)} <span class="count">'
        f'({count}<span class="visually-hidden"> {words}</span>)</span></label>\n'
        "    </li>\n    "
    )


@register.simple_tag
def filter_options(name, options, empty=""):
    """One <li> per option, each a labelled checkbox with its count; ``empty`` when none."""
    if not options:
        return mark_safe(f'\n    <li class="option-none">{escaped(empty)}</li>\n    ')
    name = escaped(name)
    return mark_safe("".join(_option(name, option) for option in options))
