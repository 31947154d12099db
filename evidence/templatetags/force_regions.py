"""The force map's text equivalent, written in Python.

Every force with its count of published entries, by region: some sixty links with
their counts on the home page and the forces page, which the template language looked
up one value at a time. The markup is exactly what evidence/_force_regions.html wrote.
"""

from django import template
from django.utils.safestring import mark_safe

from interventions.addresses import slug_address
from interventions.formatting import escaped

register = template.Library()


def _count(count):
    words = "entry" if count == 1 else "entries"
    return (
        f'<span class="count">({escaped(count)}<span class="visually-hidden"> published '
        f"{words}</span>)</span>"
    )


def _region(region):
    forces = "".join(
        f'<li><a href="{escaped(force.get_absolute_url())}">{escaped(force.name)}</a> '
        f"{_count(force.entry_count)}</li>"
        for force in region["forces"]
    )
    url = slug_address("catalogue:region", region["value"])
    return (
        '\n  <div class="region">\n'
        f'    <h3><a href="{escaped(url)}">{escaped(region["label"])}</a> '
        f"{_count(region['entry_count'])}</h3>\n"
        '    <ul class="force-list">\n'
        f"      {forces}\n"
        "    </ul>\n"
        "  </div>\n  "
    )


@register.simple_tag
def force_regions(regions):
    """Each region (evidence.forcemap.forces_by_region) with its forces and their counts."""
    shown = "".join(_region(region) for region in regions)
    return mark_safe(f'\n<div class="regions">\n  {shown}\n</div>\n')
