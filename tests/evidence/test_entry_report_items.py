"""An entry's list of reports, as evidence/templatetags/report_items.py writes it: the
same markup, byte for byte, as the template loop (and its include of
evidence/_report_citation.html) that wrote it before, kept here as the reference."""

from datetime import date

import pytest
from django.template import Context, Template

from tests.factories import make_intervention, make_organisation, make_report, make_source

pytestmark = pytest.mark.django_db

REFERENCE = """{% for report in reports %}
    <li id="report-{{ report.slug }}" class="report">
      <h3 class="report-title">{% if report.url %}<a href="{{ report.url }}">{{ report.title }}<span class="visually-hidden"> ({{ report.get_file_format_display|default:"external link" }}{% if report.file_size_display %}, {{ report.file_size_display }}{% endif %})</span></a>{% else %}{{ report.title }}{% endif %}</h3>
      <dl class="report-facts">
        <dt>Type</dt><dd>{{ report.get_report_type_display }}{% if not report.is_evaluation %} <span class="meta">(not an evaluation of this intervention)</span>{% endif %}</dd>
        {% if report.is_evaluation %}<dt>Design</dt><dd>{{ report.design_display }}{% if report.design_basis %} <span class="meta">({{ report.design_basis }})</span>{% endif %}</dd>{% endif %}
        <dt>Independent of those delivering it</dt><dd>{{ report.get_independent_display }}{% if report.independence_basis %} <span class="meta">({{ report.independence_basis }})</span>{% endif %}</dd>
        <dt>Published</dt><dd>{{ report.get_is_published_display }}{% if report.published_basis %} <span class="meta">({{ report.published_basis }})</span>{% endif %}</dd>
        {% if report.date_display %}<dt>Date</dt><dd>{{ report.date_display }}</dd>{% endif %}
        {% if report.file_format or report.file_size_display %}<dt>Format</dt><dd>{{ report.get_file_format_display }}{% if report.file_format and report.file_size_display %}, {% endif %}{{ report.file_size_display }}</dd>{% endif %}
        {% if report.method %}<dt>Method</dt><dd>{{ report.get_method_display }}</dd>{% endif %}
        {% if report.evaluator %}<dt>Evaluated by</dt><dd><a href="{{ report.evaluator.get_absolute_url }}">{{ report.evaluator.name }}</a></dd>{% endif %}
        {% if report.publisher %}<dt>Published by</dt><dd><a href="{{ report.publisher.get_absolute_url }}">{{ report.publisher.name }}</a></dd>{% endif %}
        <dt>Listed in</dt><dd>{{ report.source.title }}{% if report.source_section %}, {{ report.source_section }}{% endif %}</dd>
      </dl>
      {% if not report.url %}<p class="meta">We do not know a web address for this report.</p>{% endif %}
      {% if report.summary %}<p>{{ report.summary }}</p>{% endif %}
      {% if report.curator_note %}<p class="curator-note"><strong>Curator’s note:</strong> {{ report.curator_note }}</p>{% endif %}
      {% include "evidence/_report_citation.html" %}
    </li>
    {% endfor %}"""  # noqa: E501, RUF001


@pytest.fixture
def reports():
    entry = make_intervention(name="Reported")
    university = make_organisation(name="University of <Example>")
    made = [
        make_report([entry]),
        make_report(
            [entry],
            title="Findings & <implications>",
            report_type="key-findings",
            url="https://example.org/findings.pdf?a=1&b=2",
            file_format="",
            file_size_bytes=None,
            design_level="3",
            design_basis="Page 2 & 3",
            independent="yes",
            independence_basis="Evaluated by a university",
            is_published="no",
            published_basis="Internal <draft>",
            published_on=date(2022, 2, 25),
            method="pre-post",
            evaluator=university,
            publisher=make_organisation(name="College & Co"),
            source=make_source(title="A <source>"),
            source_section="Section 4",
            summary="It worked & it lasted.",
            curator_note="Checked <twice>.",
        ),
        make_report(
            [entry],
            report_type="annual-report",
            url="https://example.org/annual",
            date_note="Spring 2021",
            file_size_bytes=3135242,
            independent="not-known",
        ),
    ]
    for number, report in enumerate(made):
        report.citation_text = f"Citation {number} <copy> & paste"
        report.ris_url = f"/evidence/reports/{report.slug}.ris" if number else ""
    return made


def render(source, reports):
    return Template(source).render(Context({"reports": reports}))


def test_the_reports_are_the_markup_the_template_wrote(reports):
    html = render("{% load report_items %}{% entry_report_items reports %}", reports)
    assert html == render(REFERENCE, reports)
    assert "(not an evaluation of this intervention)" in html
    assert 'href="https://example.org/findings.pdf?a=1&amp;b=2"' in html
    assert "Checked &lt;twice&gt;." in html


def test_an_entry_without_reports_gets_no_items():
    assert render("{% load report_items %}{% entry_report_items reports %}", []) == ""
