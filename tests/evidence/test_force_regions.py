"""The force map's text equivalent, as evidence/templatetags/force_regions.py writes it:
the same markup, byte for byte, as the template that wrote it before, which is kept here
as the reference."""

import pytest
from django.template import Context, Template

from evidence.forcemap import forces_by_region
from interventions.models import Force

pytestmark = pytest.mark.django_db

# evidence/_force_regions.html
REFERENCE = """
{# The force map's text equivalent: every force with its count of published entries, by region. #}
<div class="regions">
  {% for region in regions %}
  <div class="region">
    <h3><a href="{% url 'catalogue:region' region.value %}">{{ region.label }}</a> <span class="count">({{ region.entry_count }}<span class="visually-hidden"> published {{ region.entry_count|pluralize:"entry,entries" }}</span>)</span></h3>
    <ul class="force-list">
      {% for force in region.forces %}<li><a href="{{ force.get_absolute_url }}">{{ force.name }}</a> <span class="count">({{ force.entry_count }}<span class="visually-hidden"> published {{ force.entry_count|pluralize:"entry,entries" }}</span>)</span></li>{% endfor %}
    </ul>
  </div>
  {% endfor %}
</div>
"""  # noqa: E501


def regions():
    forces = list(Force.objects.all())
    for number, force in enumerate(forces):
        force.entry_count = [0, 1, 2, 1500][number % 4]
    return forces_by_region(forces, {"london": 1, "south-east": 12345})


def test_the_regions_are_the_markup_the_template_wrote():
    shown = regions()
    html = Template("{% load force_regions %}{% force_regions regions %}").render(
        Context({"regions": shown})
    )
    assert html == Template(REFERENCE.removeprefix("\n")).render(Context({"regions": shown}))
    assert '(1<span class="visually-hidden"> published entry</span>)' in html
    assert '(0<span class="visually-hidden"> published entries</span>)' in html
    assert '<a href="/regions/south-east/">South East</a>' in html


def test_names_are_escaped():
    shown = regions()
    shown[0]["label"] = "<b>North & East</b>"
    shown[0]["forces"][0].name = "<i>Force</i>"
    html = Template("{% load force_regions %}{% force_regions regions %}").render(
        Context({"regions": shown})
    )
    assert "<b>" not in html and "<i>" not in html
    assert "&lt;b&gt;North &amp; East&lt;/b&gt;" in html
