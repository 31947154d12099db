"""An entry's table of figures, as evidence/templatetags/outcome_rows.py writes it: the
same markup, byte for byte, as the template loop that wrote it before, kept here as the
reference."""

from decimal import Decimal

from django.template import Context, Template

from evaluations.models import EvaluationReport, OutcomeMetric
from interventions.models import SourceDocument

# interventions/intervention_detail.html's loop over the entry's figures.
REFERENCE = """{% for outcome in outcomes %}
      <tr id="outcome-{{ outcome.key }}">
        <th scope="row"><a class="figure-anchor" href="#outcome-{{ outcome.key }}">{{ outcome.measure }}</a></th>
        <td data-label="Result">{{ outcome.value_display }}{% if outcome.direction %} {{ outcome.get_direction_display|lower }}{% endif %}</td>
        <td data-label="Before">{% if outcome.baseline_value is not None %}{{ outcome.baseline_display }}{% if outcome.baseline_period %} <span class="meta">({{ outcome.baseline_period }})</span>{% endif %}{% elif outcome.baseline_period %}<span class="meta">{{ outcome.baseline_period }}</span>{% else %}<span class="meta">Not stated</span>{% endif %}</td>
        <td data-label="After">{% if outcome.follow_up_value is not None %}{{ outcome.follow_up_display }}{% if outcome.follow_up_period %} <span class="meta">({{ outcome.follow_up_period }})</span>{% endif %}{% elif outcome.follow_up_period %}<span class="meta">{{ outcome.follow_up_period }}</span>{% else %}<span class="meta">Not stated</span>{% endif %}</td>
        <td data-label="Group or area">{{ outcome.cohort|default:"Not stated" }}{% if outcome.sample_size is not None %} <span class="meta">(sample of {{ outcome.sample_size }})</span>{% endif %}{% if outcome.scope_caveat %}<p class="scope-caveat"><strong>{{ outcome.scope_caveat }}</strong>{% if outcome.scope_section %} <span class="meta">(Scope: {{ outcome.source.title }}, {{ outcome.scope_section }})</span>{% endif %}</p>{% endif %}</td>
        <td data-label="Source">{{ outcome.source.title }}{% if outcome.source_section %}, {{ outcome.source_section }}{% endif %}{% if outcome.report %}; <a href="#report-{{ outcome.report.slug }}">{{ outcome.report.title }}</a>{% endif %}{% if outcome.curator_note %}<br><strong>Curator’s note:</strong> {{ outcome.curator_note }}{% endif %}
          <details class="cite-figure">
            <summary>Cite this figure<span class="visually-hidden">: {{ outcome.measure }}</span></summary>
            <label for="cite-outcome-{{ outcome.key }}">Figure citation<span class="visually-hidden"> for {{ outcome.measure }}</span>, to copy</label>
            <textarea id="cite-outcome-{{ outcome.key }}" class="citation" rows="4" readonly data-copy-button="Copy citation">{{ outcome.citation_text }}</textarea>
          </details>
        </td>
      </tr>
    {% endfor %}"""  # noqa: E501, RUF001


def figure(**fields):
    defaults = {
        "key": "falls",
        "measure": "Knife crime",
        "measure_kind": "violent-crime",
        "value": Decimal("12.5"),
        "unit": "percent",
        "direction": "reduction",
        "scope": "participants",
    }
    outcome = OutcomeMetric(**{**defaults, **fields})
    outcome.source = fields.get("source") or SourceDocument(title="Annual <review> & plan")
    outcome.citation_text = f"Citation of {outcome.measure} <copy>"
    return outcome


FIGURES = [
    figure(),
    figure(
        key="reached",
        measure="People <reached>",
        value=Decimal("1250"),
        unit="count",
        direction="",
        value_qualifier="over",
        baseline_value=Decimal("300.50"),
        follow_up_value=Decimal("410"),
        follow_up_period="2023 & 2024",
        cohort="Young people",
        sample_size=4120,
        source_section="Page 4",
        curator_note="Counted twice? <check>",
        report=EvaluationReport(slug="final", title="Final report & annex"),
    ),
    figure(
        key="area",
        value=Decimal("3"),
        unit="gbp",
        direction="increase",
        baseline_period="2019",
        scope="area",
        scope_section="Page 9 & 10",
    ),
    figure(key="programme", scope="programme", sample_size=0, cohort=""),
]


def render(source):
    return Template(source).render(Context({"outcomes": FIGURES}))


def test_the_rows_are_the_markup_the_template_wrote():
    html = render("{% load outcome_rows %}{% entry_outcome_rows outcomes %}")
    assert html == render(REFERENCE)
    assert '<tr id="outcome-reached">' in html
    assert "(Scope: Annual &lt;review&gt; &amp; plan, Page 9 &amp; 10)" in html


def test_an_entry_without_figures_gets_no_rows():
    html = Template("{% load outcome_rows %}{% entry_outcome_rows none %}").render(
        Context({"none": []})
    )
    assert html == ""
