"""The explorer's and the gap map's filter checkboxes, as
evidence/templatetags/choice_groups.py writes them: the same markup, byte for byte, as
the template that wrote them before, which is kept here as the reference."""

from django.template import Context, Template

from evidence.outcomes import Option

# evidence/_choice_group.html, included once per group.
REFERENCE = """{% for name, legend, options in groups %}{# A fieldset of checkboxes. Expects: name, legend and options (value, label, selected). #}
<fieldset class="filter-group">
  <legend>{{ legend }}</legend>
  <ul class="options">
    {% for option in options %}
    <li class="option"><input type="checkbox" name="{{ name }}" value="{{ option.value }}" id="{{ name }}-{{ option.value }}"{% if option.selected %} checked{% endif %}> <label for="{{ name }}-{{ option.value }}">{{ option.label }}</label></li>
    {% empty %}
    <li class="option-none">None yet.</li>
    {% endfor %}
  </ul>
</fieldset>
{% endfor %}"""  # noqa: E501

GROUPS = [
    (
        "theme",
        "Theme",
        [Option("knife-crime", "Knife crime", True), Option("robbery", "Robbery", False)],
    ),
    ("source", "Source <document>", [Option('"><x>', "Tom & Jerry's <b>", False)]),
    ("force", "Police force", []),
]


def render(source):
    return Template(source).render(Context({"groups": GROUPS}))


def test_the_groups_are_the_markup_the_template_wrote():
    html = render("{% load choice_groups %}{% choice_groups groups %}")
    assert html == render(REFERENCE)
    assert 'id="theme-knife-crime" checked>' in html
    assert '<li class="option-none">None yet.</li>' in html


def test_labels_and_values_are_escaped():
    html = render("{% load choice_groups %}{% choice_groups groups %}")
    assert "<b>" not in html and "<x>" not in html and "<document>" not in html
    assert 'value="&quot;&gt;&lt;x&gt;"' in html
    assert "Tom &amp; Jerry&#x27;s &lt;b&gt;" in html
