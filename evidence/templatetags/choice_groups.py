"""The outcomes explorer's and the gap map's filter checkboxes, written in Python.

The explorer's filters are eighty or more checkboxes on every page, and the template
language looked up each one's values one by one, through an include per group. The
markup is exactly what evidence/_choice_group.html wrote.
"""

from django import template
from django.utils.safestring import mark_safe

from interventions.formatting import escaped

register = template.Library()


def _option(name, option):
    value = escaped(option.value)
    checked = " checked" if option.selected else ""
    return (
        f'\n    <li class="option"><input type="checkbox" name="{name}" value="{value}" '
        f'id="{name}-{value}"{checked}> <label for="{name}-{value}">'
        f"{escaped(option.label)}</label></li>\n    "
    )


def _group(name, legend, options):
    name = escaped(name)
    items = "".join(_option(name, option) for option in options) or (
        '\n    <li class="option-none">None yet.</li>\n    '
    )
    return (
        '\n<fieldset class="filter-group">\n'
        f"  <legend>{escaped(legend)}</legend>\n"
        '  <ul class="options">\n'
        f"    {items}\n"
        "  </ul>\n"
        "</fieldset>\n"
    )


@register.simple_tag
def choice_groups(groups):
    """A fieldset of checkboxes for each (name, legend, options) in ``groups``; each
    option has a value, a label and whether it is selected."""
    return mark_safe("".join(_group(name, legend, options) for name, legend, options in groups))
