"""Entries' result cards, as catalogue/templatetags/intervention_cards.py writes them: the
same markup, byte for byte, as the template that wrote them before, which is kept here
as the reference."""

import pytest
from django.db.models import Prefetch
from django.template import Context, Template

from catalogue.entry_rows import with_themes_and_forces
from interventions.models import Intervention, PartnerRole, partners_lead_first
from interventions.search import MARK_END, MARK_START
from tests.factories import make_intervention, make_organisation, make_rating, make_report

pytestmark = pytest.mark.django_db

# interventions/_intervention_card.html, with evidence/_compare_checkbox.html in place of
# its include.
REFERENCE = """<li class="card">
  <h3 class="card-title"><a href="{{ intervention.get_absolute_url }}">{{ intervention.display_name }}</a></h3>
  <p class="card-tags"><span class="badge badge-{{ intervention.evidence_stage }}"><span class="visually-hidden">Evidence: </span>{{ intervention.get_evidence_stage_display }}</span> <span class="tag"><span class="visually-hidden">Status: </span>{{ intervention.status_display }}</span>{% if intervention.report_count %} <span class="tag">{{ intervention.report_count }} evaluation report{{ intervention.report_count|pluralize }}</span>{% endif %}</p>
  {% if intervention.snippet_html %}<p class="card-snippet">{{ intervention.snippet_html }}</p>{% else %}<p>{{ intervention.summary|truncatewords:40 }}</p>{% endif %}
  <dl class="card-facts">
    {% if intervention.verdict %}<dt><a href="{% url 'catalogue:evidence-ratings' %}">Did it work?</a></dt><dd class="verdict verdict-{{ intervention.verdict }}">{{ intervention.verdict_label }}{% if intervention.verdict_self_reported %} (rests on self-reported before-and-after figures){% endif %}</dd>{% endif %}
    {% with forces=intervention.forces.all %}{% if forces %}<dt>Police force{{ forces|length|pluralize }}</dt><dd>{% for force in forces %}{{ force.name }}{% if not forloop.last %}, {% endif %}{% endfor %}</dd>{% endif %}{% endwith %}
    {% if intervention.age_range_display %}<dt>Ages</dt><dd>{{ intervention.age_range_display }}</dd>{% endif %}
    {% with themes=intervention.themes.all %}{% if themes %}<dt>Theme{{ themes|length|pluralize }}</dt><dd>{% for theme in themes %}{{ theme.name }}{% if not forloop.last %}, {% endif %}{% endfor %}</dd>{% endif %}{% endwith %}
    {% if intervention.roles_here %}<dt>Role here</dt><dd>{% for role in intervention.roles_here %}{{ role.get_role_display }}{% if role.note %} ({{ role.note }}){% endif %}{% if not forloop.last %}, {% endif %}{% endfor %}</dd>{% endif %}
  </dl>
  {% if compare %}{# Inside a result card: ticks the entry for the comparison form (evidence/_compare_form.html). #}
<p class="compare-check"><input type="checkbox" name="items" value="{{ intervention.slug }}" id="compare-{{ intervention.slug }}" form="compare-form"> <label for="compare-{{ intervention.slug }}">Compare<span class="visually-hidden"> {{ intervention.display_name }}</span></label></p>
{% endif %}
</li>
"""  # noqa: E501


def reference(entries, compare=False):
    template = Template(REFERENCE)
    return "".join(
        template.render(Context({"intervention": entry, "compare": compare})) for entry in entries
    )


def cards(entries, compare=False):
    template = Template("{% load intervention_cards %}{% intervention_cards entries compare %}")
    return template.render(Context({"entries": entries, "compare": compare}))


@pytest.fixture
def entries(theme, force):
    organisation = make_organisation(slug="the-organisation")
    rich = make_intervention(
        name='Bold <b>"Steps"</b> & co',
        short_name="B&S",
        summary=" ".join(f"word{number} <i>&</i>" for number in range(30)),
        themes=[theme("county-lines"), theme("knife-crime")],
        forces=[force("kent"), force("sussex")],
        partners=[(organisation, "lead"), (organisation, "funder")],
        age_min=11,
        age_max=24,
        evidence_stage="locally-evaluated",
        status="active",
        status_reported_year=2023,
    )
    PartnerRole.objects.filter(intervention=rich, role="funder").update(note="<small> grant")
    make_report([rich])
    make_report([rich])
    make_rating(rich, verdict="mixed", rests_on_self_reported_figures=True)
    single = make_intervention(
        themes=[theme("knife-crime")],
        forces=[force("kent")],
        partners=[(organisation, "delivery-partner")],
        age_min=18,
    )
    make_report([single])
    make_intervention(summary="Short.", status="pilot")
    return organisation


def listed(queryset):
    return list(queryset.prefetch_related("themes", "forces").order_by("name"))


def test_cards_are_the_markup_the_template_wrote(entries):
    shown = listed(Intervention.objects.with_card_facts())
    assert len(shown) == 3
    assert cards(shown) == reference(shown)
    assert cards(shown, compare=True) == reference(shown, compare=True)


def test_on_an_organisation_page_cards_give_the_roles_there(entries):
    shown = listed(
        Intervention.objects.filter(partner_roles__organisation=entries)
        .distinct()
        .with_card_facts()
        .prefetch_related(
            Prefetch(
                "partner_roles",
                queryset=partners_lead_first().filter(organisation=entries),
                to_attr="roles_here",
            )
        )
    )
    html = cards(shown)
    assert html == reference(shown)
    assert "<dt>Role here</dt><dd>Lead, Funder (&lt;small&gt; grant)</dd>" in html


def test_without_a_verdict_or_report_count_those_facts_are_left_out(entries):
    # A region's page counts reports but does not look up verdicts.
    shown = listed(Intervention.objects.with_report_count())
    html = cards(shown)
    assert html == reference(shown)
    assert "Did it work?" not in html
    bare = listed(Intervention.objects.all())
    assert cards(bare) == reference(bare)
    assert "evaluation report" not in cards(bare)


def test_a_search_snippet_replaces_the_summary(entries):
    shown = listed(Intervention.objects.with_card_facts())
    shown[0].snippet = f"before {MARK_START}<match>{MARK_END} after"
    html = cards(shown)
    assert html == reference(shown)
    assert '<p class="card-snippet">before <mark>&lt;match&gt;</mark> after</p>' in html


def test_everything_an_entry_says_is_escaped(entries):
    html = cards(listed(Intervention.objects.with_card_facts()), compare=True)
    assert "<b>" not in html and "<i>" not in html and "<small>" not in html
    assert "Bold &lt;b&gt;&quot;Steps&quot;&lt;/b&gt; &amp; co (B&amp;S)" in html


def test_cards_read_prefetched_themes_and_forces_without_a_related_manager(entries, monkeypatch):
    shown = listed(Intervention.objects.with_card_facts())
    expected = reference(shown)

    def no_manager(self, instance, cls=None):
        if instance is None:
            return self
        raise AssertionError("a related manager was built for prefetched rows")

    monkeypatch.setattr(type(Intervention.themes), "__get__", no_manager)
    assert cards(shown) == expected


def test_cards_read_themes_and_forces_that_were_not_prefetched(entries):
    prefetched = listed(Intervention.objects.with_card_facts())
    shown = list(Intervention.objects.with_card_facts().order_by("name"))
    assert cards(shown) == reference(prefetched)


def test_a_page_of_cards_reads_its_themes_and_forces_in_one_round_trip(
    entries, django_assert_num_queries
):
    expected = reference(listed(Intervention.objects.with_card_facts()))
    shown = list(Intervention.objects.with_card_facts().order_by("name"))
    with django_assert_num_queries(1):
        read = with_themes_and_forces(shown)
    assert read == shown
    with django_assert_num_queries(0):
        assert cards(read) == expected
    assert with_themes_and_forces([]) == []
