"""The curators' data-quality report: counts of gaps, each linked to the rows to fix."""

import html
import re

import pytest
from django.urls import reverse

from interventions.models import Force, Organisation, PartnerRole, Theme
from tests.factories import make_intervention, make_outcome, make_report, make_source

pytestmark = pytest.mark.django_db

REPORT = reverse("admin:data_quality")


def counts(response):
    """{check label: (count, link or None)} as shown in the report table."""
    content = response.content.decode()
    rows = re.findall(
        r'<th scope="row">([^<]+)</th>\s*<td>(\d+)</td>\s*<td>(?:<a href="([^"]+)")?',
        content,
    )
    return {
        html.unescape(label): (int(count), html.unescape(link) if link else None)
        for label, count, link in rows
    }


@pytest.fixture
def catalogue():
    """Five entries, each with a different gap, and one complete entry."""
    knife = Theme.objects.get(slug="knife-crime")
    dorset = Force.objects.get(slug="dorset")
    source = make_source()
    complete = make_intervention(name="Complete", themes=[knife], forces=[dorset])
    complete.sources.add(source)
    make_report([complete], url="https://example.org/report.pdf", source=source)
    make_outcome(complete, source=source, source_section="Page 4")

    no_theme = make_intervention(name="No theme", forces=[dorset])
    no_theme.sources.add(source)
    make_report([no_theme], url="", source=source)  # also a report without a web address

    partner_only = make_intervention(name="Partner only", themes=[knife])
    PartnerRole.objects.create(
        intervention=partner_only,
        organisation=Organisation.objects.create(name="A VRU", slug="a-vru", kind="vru"),
        role="lead",
    )
    partner_only.sources.add(source)

    unsourced = make_intervention(name="No source or summary", themes=[knife], forces=[dorset])
    unsourced.summary = "   "
    unsourced.save()
    make_outcome(unsourced, source=source, source_section="")
    return complete


def test_each_gap_is_counted(curator_client, catalogue):
    shown = counts(curator_client.get(REPORT))
    assert shown["Interventions without a theme"][0] == 1
    assert shown["Interventions with neither a police force nor an organisation"][0] == 0
    assert shown["Interventions without an evaluation report"][0] == 2
    assert shown["Interventions without a source document"][0] == 1
    assert shown["Interventions without a summary"][0] == 1
    assert shown["Outcome figures without the section or page of their source"][0] == 1
    assert shown["Outcome figures without a unit"][0] == 0
    assert shown["Evaluation reports without a web address"][0] == 1


def test_each_link_opens_the_list_of_exactly_those_rows(curator_client, catalogue):
    shown = counts(curator_client.get(REPORT))

    _, link = shown["Interventions without an evaluation report"]
    listed = curator_client.get(link).content.decode()
    assert "Partner only" in listed and "No source or summary" in listed
    assert ">Complete<" not in listed and ">No theme<" not in listed

    _, link = shown["Evaluation reports without a web address"]
    assert curator_client.get(link).context["cl"].result_count == 1

    _, link = shown["Outcome figures without the section or page of their source"]
    [figure] = curator_client.get(link).context["cl"].result_list
    assert figure.intervention.name == "No source or summary"


def test_an_entry_with_neither_force_nor_organisation_is_counted(curator_client):
    make_intervention(name="Floating")
    shown = counts(curator_client.get(REPORT))
    count, link = shown["Interventions with neither a police force nor an organisation"]
    assert count == 1
    assert "Floating" in curator_client.get(link).content.decode()


def test_a_gap_with_nothing_to_fix_has_no_link(curator_client, catalogue):
    assert counts(curator_client.get(REPORT))["Outcome figures without a unit"] == (0, None)


def test_the_report_takes_the_same_queries_however_big_the_catalogue(
    curator_client, catalogue, django_assert_num_queries
):
    # Session, user, the user's and group permissions (checked once, then cached), then one
    # count query each for interventions, outcome figures and reports.
    with django_assert_num_queries(7):
        curator_client.get(REPORT)
    for _ in range(10):
        make_outcome(make_intervention(), source_section="")
    with django_assert_num_queries(7):
        curator_client.get(REPORT)


def test_editors_are_refused_and_the_anonymous_are_asked_to_sign_in(editor_client, client):
    assert editor_client.get(REPORT).status_code == 403
    editor_client.logout()
    response = client.get(REPORT)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_curators_find_the_report_from_the_admin_home_page(curator_client):
    assert REPORT in curator_client.get(reverse("admin:index")).content.decode()


def test_editors_are_not_shown_the_link(editor_client):
    assert REPORT not in editor_client.get(reverse("admin:index")).content.decode()


def test_an_unknown_data_quality_filter_value_lists_everything(curator_client, catalogue):
    url = reverse("admin:interventions_intervention_changelist") + "?quality=<script>"
    response = curator_client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count == 4
    assert "<script>" not in response.content.decode()
