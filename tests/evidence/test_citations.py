"""Citations: a formatted reference and an RIS file for each published entry and report."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from evidence.citations import entry_ris, report_citation_text, report_ris
from tests.factories import make_intervention, make_organisation, make_report, make_source
from tests.pages import text_of

pytestmark = pytest.mark.django_db


def fields_of(ris_text):
    """The RIS record as (tag, value) pairs, checking every line is well formed."""
    lines = ris_text.split("\r\n")
    assert lines[-2:] == ["ER  - ", ""]
    pairs = []
    for line in lines[:-2]:
        tag, separator, value = line.partition("  - ")
        assert separator and len(tag) == 2 and tag.isalnum(), line
        pairs.append((tag, value))
    return pairs


@pytest.fixture
def entry():
    source = make_source(
        title="PCCs Making a Difference", publisher="APCC", date_note="First published 2023"
    )
    return make_intervention(
        name="Violent Crime Taskforce",
        short_name="VCT",
        slug="taskforce",
        summary="Officers work hotspots.",
        sources=[source],
    )


@pytest.fixture
def report(entry):
    return make_report(
        [entry],
        title="Evaluation of the Violent Crime Taskforce: Full technical report",
        slug="taskforce-report",
        report_type="full-technical-report",
        evaluator=make_organisation(name="University of Example"),
        publisher=make_organisation(name="College of Policing"),
        published_on=date(2022, 4, 5),
        url="https://college.example/report.pdf",
        source=make_source(title="VVCP evaluations"),
        source_section="Table 2",
    )


def test_an_entry_downloads_as_an_ris_file_for_reference_managers(client, entry):
    response = client.get(reverse("evidence:entry_ris", args=["taskforce"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="taskforce.ris"'
    fields = fields_of(response.content.decode())
    today = timezone.localdate()
    assert fields == [
        ("TY", "ELEC"),
        ("TI", "Violent Crime Taskforce (VCT)"),
        ("T2", "Violence Reduction Interventions Catalogue"),
        ("PB", "Violence Reduction Interventions Catalogue"),
        ("PY", str(entry.updated_at.year)),
        ("DA", f"{entry.updated_at:%Y/%m/%d}"),
        ("UR", "http://testserver/interventions/taskforce/"),
        ("Y2", f"{today:%Y/%m/%d}"),
        ("AB", "Officers work hotspots."),
        ("N1", 'Based on: APCC, "PCCs Making a Difference" (2023).'),
        ("N1", f"Accessed {today.day} {today:%B %Y}."),
    ]


def test_a_report_downloads_as_an_ris_report_record(client, report):
    response = client.get(reverse("evidence:report_ris", args=["taskforce-report"]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="taskforce-report.ris"'
    fields = dict(fields_of(response.content.decode()))
    assert fields["TY"] == "RPRT"
    assert fields["TI"] == "Evaluation of the Violent Crime Taskforce: Full technical report"
    assert fields["AU"] == "University of Example"
    assert fields["PB"] == "College of Policing"
    assert fields["PY"] == "2022"
    assert fields["DA"] == "2022/04/05"
    assert fields["M3"] == "Full technical report"
    assert fields["UR"] == "https://college.example/report.pdf"
    assert fields["Y2"] == f"{timezone.localdate():%Y/%m/%d}"
    notes = [value for tag, value in fields_of(response.content.decode()) if tag == "N1"]
    assert "Listed in: VVCP evaluations, Table 2." in notes
    assert (
        "Described in the Violence Reduction Interventions Catalogue: "
        "http://testserver/interventions/taskforce/#report-taskforce-report" in notes
    )


def test_a_report_without_an_address_points_to_the_catalogue_and_skips_empty_fields(entry):
    bare = make_report([entry], title="Notes", url="", published_on=None, date_note="Spring 2021")
    fields = fields_of(report_ris(bare, "", "http://x/interventions/taskforce/#report-notes"))
    tags = [tag for tag, _ in fields]
    assert "AU" not in tags and "PB" not in tags and "DA" not in tags
    assert dict(fields)["UR"] == "http://x/interventions/taskforce/#report-notes"
    assert dict(fields)["PY"] == "2021"


def test_line_breaks_in_a_title_cannot_start_fields_of_their_own(entry):
    entry.name = "Taskforce\r\nER  - \nTY  - JOUR\u2028AU  - Mallory"
    entry.short_name = ""
    fields = fields_of(entry_ris(entry, [], "http://x/", accessed=date(2025, 3, 3)))
    assert [tag for tag, _ in fields].count("TY") == 1
    assert dict(fields)["TI"] == "Taskforce ER - TY - JOUR AU - Mallory"
    assert dict(fields)["Y2"] == "2025/03/03"


def test_a_report_citation_names_evaluator_year_title_type_publisher_and_access_date(report):
    text = report_citation_text(report, report.url, accessed=date(2025, 3, 3))
    assert text == (
        "University of Example (2022) Evaluation of the Violent Crime Taskforce: Full technical "
        "report. Full technical report. College of Policing. Available at: "
        "https://college.example/report.pdf (accessed 3 March 2025)."
    )


def test_a_report_without_an_evaluator_or_date_is_still_cited(entry):
    bare = make_report([entry], title="Notes", evaluator=None, publisher=None)
    text = report_citation_text(bare, "http://x/", accessed=date(2025, 3, 3))
    assert text == (
        "Notes (n.d.). Full technical report. Available at: http://x/ (accessed 3 March 2025)."
    )


def test_the_entry_page_offers_both_citations_and_both_downloads(client, entry, report):
    response = client.get(entry.get_absolute_url())
    content = response.content.decode()
    assert f'href="{reverse("evidence:entry_ris", args=["taskforce"])}" download' in content
    assert f'href="{reverse("evidence:report_ris", args=["taskforce-report"])}" download' in content
    assert (
        '<label for="citation-taskforce-report">Report citation<span class="visually-hidden"> for '
        in content
    )
    assert "University of Example (2022) Evaluation of the Violent Crime Taskforce" in text_of(
        response
    )


@pytest.mark.parametrize("state", ["draft", "in-review"])
def test_unpublished_entries_and_their_reports_have_no_citation_files(client, state):
    hidden = make_intervention(slug="hidden", state=state)
    make_report([hidden], slug="hidden-report")
    assert client.get(reverse("evidence:entry_ris", args=["hidden"])).status_code == 404
    assert client.get(reverse("evidence:report_ris", args=["hidden-report"])).status_code == 404


def test_a_report_shared_with_a_published_entry_can_be_cited(client, entry):
    hidden = make_intervention(state="draft")
    make_report([hidden, entry], slug="shared-report")
    response = client.get(reverse("evidence:report_ris", args=["shared-report"]))
    assert response.status_code == 200
    assert "#report-shared-report" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/interventions/no-such-entry/cite.ris",
        "/reports/no-such-report/cite.ris",
        "/interventions/%3Cscript%3E/cite.ris",
        "/reports/" + "a" * 3000 + "/cite.ris",
    ],
)
def test_unknown_and_hostile_citation_addresses_get_a_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "<script>" not in response.content.decode()


def test_a_draft_preview_offers_no_citation_downloads(curator_client):
    hidden = make_intervention(state="draft", slug="hidden")
    make_report([hidden], slug="hidden-report")
    url = reverse("admin:interventions_intervention_preview", args=[hidden.pk])
    content = curator_client.get(url).content.decode()
    assert "cite.ris" not in content
