import re
from datetime import date

import pytest
from django.template import engines
from django.urls import reverse

from evaluations.models import EvaluationReport
from interventions.citations import citation_text, source_year
from interventions.evidence import EXPLANATIONS
from interventions.models import EvidenceStage, Intervention
from tests.factories import (
    make_funding,
    make_intervention,
    make_organisation,
    make_outcome,
    make_report,
    make_session,
    make_source,
)
from tests.pages import canonical_of, meta_description_of, text_of, title_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def college():
    return make_source(
        slug="college",
        title="Vulnerability and violent crime interventions",
        publisher="College of Policing",
        published_on=date(2022, 2, 25),
        date_note="First published 25 February 2022",
    )


@pytest.fixture
def divert(theme, force, college):
    university = make_organisation(name="University of Example", kind="university")
    charity = make_organisation(name="Example Youth Trust")
    entry = make_intervention(
        name="DIVERT",
        slug="divert",
        summary="Custody coaches help young adults in custody into work and education.",
        description="Coaches work in custody suites.\n\nThey follow people up afterwards.",
        themes=[theme("gangs-and-youth-violence"), theme("young-adults")],
        forces=[force("metropolitan")],
        purposes=["diversion"],
        settings=["custody"],
        sources=[college],
        partners=[(university, "evaluator"), (charity, "delivery-partner")],
        evidence_stage=EvidenceStage.INDEPENDENTLY_EVALUATED,
        status="active",
        age_min=18,
        age_max=25,
        target_group="Detainees aged 18 to 25",
        start_year=2018,
        end_year=2021,
        contact_email="divert@example.org",
        website="https://example.org/divert",
        last_reviewed=date(2024, 5, 1),
        curator_note="The source spells it both DIVERT and Divert.",
    )
    make_report(
        [entry],
        slug="divert-key-findings",
        title="Evaluation of DIVERT: Key findings and implications for practice",
        report_type="key-findings",
        file_size_bytes=188959,
        date_note="February 2022",
        url="https://example.org/divert-key-findings.pdf",
        evaluator=university,
        source=college,
    )
    make_report(
        [entry],
        slug="divert-full",
        title="Evaluation of DIVERT: Full technical report",
        file_size_bytes=3135242,
        source=college,
    )
    make_outcome(
        entry,
        key="reoffending",
        measure="Reoffending within 12 months",
        value=14,
        direction="reduction",
        baseline_value=120,
        baseline_period="2017 to 2018",
        follow_up_value=103,
        follow_up_period="2019 to 2020",
        cohort="Detainees in two custody suites",
        sample_size=412,
        source=college,
        source_section="Page 4",
    )
    make_funding(
        entry,
        description="Home Office police transformation fund",
        amount_gbp=250000,
        period="2018-2020",
        source=college,
    )
    make_session(
        [entry],
        number=2,
        title="Gangs and youth violence",
        date=date(2021, 7, 13),
        time_note="10am to 12pm",
    )
    return entry


def page(client, entry):
    response = client.get(entry.get_absolute_url())
    assert response.status_code == 200
    return response


def test_it_shows_the_summary_description_and_facts(client, divert):
    text = text_of(page(client, divert))
    assert "Custody coaches help young adults in custody into work and education." in text
    assert "They follow people up afterwards." in text
    for fact in [
        "Police force Metropolitan Police Service",
        "Partners Example Youth Trust (delivery partner) University of Example (evaluator)",
        "Themes Gangs and youth violence, Young adults",
        "Purpose Diversion",
        "Works with Detainees aged 18 to 25",
        "Ages 18 to 25",
        "Setting Custody",
        "Status Reported active (the source gives no date)",
        "Running 2018 to 2021",
        "Funding Home Office police transformation fund: £250,000 (2018-2020)",
        "Contact divert@example.org",
        "Website https://example.org/divert",
        "Last reviewed 1 May 2024",
    ]:
        assert fact in text, fact


def test_the_facts_link_to_the_force_theme_and_partner_pages(client, divert):
    content = page(client, divert).content.decode()
    assert 'href="/forces/metropolitan/"' in content
    assert 'href="/themes/young-adults/"' in content
    assert f'href="{divert.partner_roles.first().organisation.get_absolute_url()}"' in content


def test_the_evidence_stage_is_explained_in_plain_words(client, divert):
    response = page(client, divert)
    text = text_of(response)
    assert "Evidence stage: Independently evaluated" in text
    assert EXPLANATIONS[EvidenceStage.INDEPENDENTLY_EVALUATED] in text
    content = response.content.decode()
    assert re.search(r'aria-current="step">.*Independently evaluated', content)


@pytest.mark.parametrize("stage", EvidenceStage.values)
def test_every_evidence_stage_has_its_own_explanation(client, stage):
    entry = make_intervention(evidence_stage=stage)
    assert EXPLANATIONS[stage] in text_of(page(client, entry))
    assert len(set(EXPLANATIONS.values())) == len(EvidenceStage.values)


def test_reports_show_type_date_format_size_and_a_link_where_known(client, divert):
    response = page(client, divert)
    text = text_of(response)
    assert "Evaluation of DIVERT: Key findings and implications for practice" in text
    assert "Type Key findings and implications for practice" in text
    assert "Date February 2022" in text
    assert "Format PDF, 184.53 KB" in text
    assert "Format PDF, 2.99 MB" in text
    assert "Evaluated by University of Example" in text
    content = response.content.decode()
    assert 'href="https://example.org/divert-key-findings.pdf"' in content
    assert 'id="report-divert-full"' in content
    assert "We do not know a web address for this report." in text


def test_outcomes_are_a_table_with_their_source(client, divert):
    response = page(client, divert)
    content = response.content.decode()
    assert '<th scope="col">Measure</th>' in content
    row = re.search(r'<tr id="outcome-reoffending">(.*?)</tr>', content, flags=re.S).group(1)
    # The figure's citation to copy follows its source in the last cell.
    row, citation = row.split('<details class="cite-figure">')
    assert "Cite this figure" in citation
    row_text = " ".join(re.sub(r"<[^>]+>", " ", row).split())
    assert row_text == (
        "Reoffending within 12 months 14% reduction 120 (2017 to 2018) 103 (2019 to 2020) "
        "Detainees in two custody suites (sample of 412) "
        "Vulnerability and violent crime interventions, Page 4"
    )


def test_seminar_sessions_sources_and_curator_note_are_shown(client, divert):
    text = text_of(page(client, divert))
    assert "Session 2: Gangs and youth violence, 13 July 2021, 10am to 12pm" in text
    assert (
        "Vulnerability and violent crime interventions, College of Policing "
        "(First published 25 February 2022)" in text
    )
    assert "The source spells it both DIVERT and Divert." in text


def test_a_ready_to_copy_citation_names_the_entry_source_year_address_and_access_date(
    client, divert
):
    response = page(client, divert)
    citation = response.context["citation"]
    assert citation.startswith(
        "DIVERT. In: Violence Reduction Interventions Catalogue. Based on: College of Policing, "
        '"Vulnerability and violent crime interventions" (2022). '
        "Available at: http://testserver/interventions/divert/ (accessed "
    )
    content = response.content.decode()
    assert '<label for="citation-text">' in content
    assert 'readonly data-copy-button="Copy citation"' in content


def test_the_citation_text_is_exact_for_a_given_day(divert, college):
    assert citation_text(divert, [college], "https://x.example/divert/", date(2025, 3, 3)) == (
        "DIVERT. In: Violence Reduction Interventions Catalogue. Based on: College of Policing, "
        '"Vulnerability and violent crime interventions" (2022). '
        "Available at: https://x.example/divert/ (accessed 3 March 2025)."
    )


@pytest.mark.parametrize(
    ("published_on", "date_note", "year"),
    [
        (date(2021, 7, 6), "Published on 6 July 2021", "2021"),
        (None, "2023 (no publication date is printed)", "2023"),
        (None, "Closing date \u2013 21st February 2020", "2020"),
        (None, "Meeting held on 26th January (the year is not given)", "n.d."),
    ],
)
def test_a_source_year_comes_from_its_date_or_its_date_note(published_on, date_note, year):
    source = make_source(published_on=published_on, date_note=date_note)
    assert source_year(source) == year


def test_related_entries_share_a_theme_or_force_and_are_published(client, theme, force, divert):
    shares_both = make_intervention(
        name="Shares both", themes=[theme("young-adults")], forces=[force("metropolitan")]
    )
    shares_theme = make_intervention(name="Shares theme", themes=[theme("young-adults")])
    shares_force = make_intervention(name="Shares force", forces=[force("metropolitan")])
    make_intervention(name="Shares nothing", themes=[theme("knife-crime")])
    make_intervention(name="Draft relative", state="draft", themes=[theme("young-adults")])
    related = page(client, divert).context["related"]
    assert related[0] == shares_both
    assert set(related) == {shares_both, shares_theme, shares_force}


def test_related_entries_are_limited_to_five(client, theme, divert):
    for _ in range(8):
        make_intervention(themes=[theme("young-adults")])
    assert len(page(client, divert).context["related"]) == 5


def test_an_entry_with_no_themes_or_forces_has_no_related_entries(client):
    make_intervention()
    lonely = make_intervention()
    assert page(client, lonely).context["related"] == []
    assert list(Intervention.objects.related_to(lonely, [], [])) == []


def test_a_sparse_entry_still_reads_well(client):
    entry = make_intervention(name="Bare entry")
    text = text_of(page(client, entry))
    assert "Not yet reviewed against its sources" in text
    assert "No source recorded." in text
    assert "Evaluation reports" not in text
    assert "Outcomes reported" not in text


def test_a_report_shared_with_a_draft_does_not_reveal_the_draft(client, divert):
    draft = make_intervention(name="Secret draft sibling", state="draft")
    report = EvaluationReport.objects.get(slug="divert-full")
    report.interventions.add(draft)
    assert "Secret draft sibling" not in page(client, divert).content.decode()


def test_the_page_has_a_block_for_entry_actions_near_the_top(client, divert):
    response = page(client, divert)
    template = engines["django"].from_string(
        '{% extends "interventions/intervention_detail.html" %}'
        "{% block entry_actions %}<a href='/suggest/'>Suggest a correction</a>{% endblock %}"
    )
    rendered = template.render(response.context[0].flatten(), response.wsgi_request)
    assert rendered.index("Suggest a correction") < rendered.index("About this intervention")
    assert rendered.index("<h1") < rendered.index("Suggest a correction")


def test_the_page_has_its_own_title_description_canonical_and_print_styles(client, divert):
    response = page(client, divert)
    assert title_of(response) == "DIVERT"
    assert meta_description_of(response).startswith("Custody coaches help young adults")
    assert canonical_of(response) == "http://testserver/interventions/divert/"
    assert 'href="/static/css/print.css" media="print"' in response.content.decode()


def test_the_canonical_address_drops_any_query(client, divert):
    response = client.get(divert.get_absolute_url(), {"utm_source": "mail"})
    assert canonical_of(response) == "http://testserver/interventions/divert/"


@pytest.mark.parametrize("state", ["draft", "in-review"])
def test_an_unpublished_entry_is_not_found(client, state):
    entry = make_intervention(state=state)
    assert client.get(entry.get_absolute_url()).status_code == 404


def test_the_detail_addresses_of_other_things_still_answer_404(client):
    assert client.get(reverse("catalogue:detail", args=["no-such-entry"])).status_code == 404
