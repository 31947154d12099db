"""The list's filter checkboxes, written in Python.

The filter sidebar is a hundred or more options on every list page, and the template
language looked up each option's five values one by one: about half of an unfiltered
list's rendering time. The markup is exactly what interventions/_filter_group.html
wrote with a loop.
"""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()

OPTION = (
    '\n    <li class="option{}">\n'
    '      <input type="checkbox" name="{}" value="{}" id="{}-{}"{}>\n'
    '      <label for="{}-{}">{} <span class="count">({}<span class="visually-hidden"> {}'
    "</span>)</span></label>\n"
    "    </li>\n    "
)


@register.simple_tag
def filter_options(name, options, empty=""):
    """One <li> per option, each a labelled checkbox with its count; ``empty`` when none."""
    if not options:
        return format_html('\n    <li class="option-none">{}</li>\n    ', empty)
    return format_html_join(
        "",
        OPTION,
        (
            (
                "" if option.count or option.selected else " option-empty",
                name,
                option.value,
                name,
                option.value,
                " checked" if option.selected else "",
                name,
                option.value,
                option.label,
                option.count,
                "match" if option.count == 1 else "matches",
            )
            for option in options
        ),
    )
