"""Every outcome figure on an entry's page has an anchor and a citation to copy."""

import datetime

import pytest

from evidence.citations import figure_citation_text
from tests.factories import make_intervention, make_outcome, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def figure():
    source = make_source(title="A report", publisher="College of Policing")
    entry = make_intervention(name="Operation Example", slug="operation-example")
    return make_outcome(entry, source=source, key="knife-offences", source_section="Section 4.2")


def test_each_figure_row_has_its_anchor_and_a_citation(client, figure):
    content = client.get("/interventions/operation-example/").content.decode()
    assert '<tr id="outcome-knife-offences">' in content
    assert 'href="#outcome-knife-offences"' in content
    assert '<textarea id="cite-outcome-knife-offences"' in content
    assert "Cite this figure" in content
    assert (
        "Available at: http://testserver/interventions/operation-example/#outcome-knife-offences"
        in content
    )


def test_the_citation_gives_the_figure_its_source_section_and_the_entry(figure):
    text = figure_citation_text(
        figure,
        figure.intervention,
        "https://example.org/x#outcome-knife-offences",
        accessed=datetime.date(2025, 3, 3),
    )
    assert text.startswith(f"{figure.measure}: {figure.value_display}")
    assert 'Source: College of Policing, "A report"' in text
    assert "Section 4.2." in text
    assert "Reported for Operation Example in: Violence Reduction Interventions Catalogue." in text
    assert text.endswith(
        "Available at: https://example.org/x#outcome-knife-offences (accessed 3 March 2025)."
    )


def test_a_section_ending_in_a_question_mark_gets_no_extra_full_stop(figure):
    figure.source_section = "What was found?"
    text = figure_citation_text(figure, figure.intervention, "https://example.org/")
    assert "What was found? Reported for" in text


def test_a_draft_entrys_figures_are_not_public(client):
    entry = make_intervention(slug="draft-entry", state="draft")
    make_outcome(entry, source=make_source(), key="secret")
    assert client.get("/interventions/draft-entry/").status_code == 404
