"""Import and export of evaluation reports and outcome figures from the admin."""

import csv
import io

import pytest
from django.urls import reverse

from evaluations.models import EvaluationReport, OutcomeMetric
from interventions.models import Organisation
from tests.curation.test_admin_import import confirm, csv_bytes, problems, upload
from tests.factories import make_intervention, make_outcome, make_report, make_source

pytestmark = pytest.mark.django_db

METRIC_IMPORT = reverse("admin:evaluations_outcomemetric_import")
METRIC_PROCESS = reverse("admin:evaluations_outcomemetric_process_import")
REPORT_IMPORT = reverse("admin:evaluations_evaluationreport_import")
REPORT_PROCESS = reverse("admin:evaluations_evaluationreport_process_import")

METRIC_HEADERS = ["intervention", "key", "measure", "measure_kind", "value", "unit", "source"]


@pytest.fixture
def entry():
    return make_intervention(slug="operation-deter")


@pytest.fixture
def source():
    return make_source(slug="college-vvcp-interventions")


def test_outcome_figures_are_matched_on_their_entry_and_key(curator_client, entry, source):
    existing = make_outcome(entry, key="robbery", value=10, source=source)
    rows = [
        [
            "operation-deter",
            "robbery",
            "Robberies in Portsmouth",
            "robbery",
            "45",
            "percent",
            "college-vvcp-interventions",
        ],
        [
            "operation-deter",
            "knives",
            "Knives taken off the street",
            "knife-crime",
            "120",
            "count",
            "college-vvcp-interventions",
        ],
    ]
    preview = upload(curator_client, csv_bytes(rows, METRIC_HEADERS), url=METRIC_IMPORT)
    response = confirm(curator_client, preview, url=METRIC_PROCESS)

    assert "1 new, 1 updated" in response.content.decode()
    existing.refresh_from_db()
    assert existing.value == 45
    assert existing.measure == "Robberies in Portsmouth"
    assert OutcomeMetric.objects.get(key="knives").value_display == "120"


def test_a_figure_for_an_unknown_entry_is_reported_against_its_row(curator_client, source):
    rows = [
        [
            "no-such-entry",
            "robbery",
            "Robberies",
            "robbery",
            "45",
            "percent",
            "college-vvcp-interventions",
        ]
    ]
    response = upload(curator_client, csv_bytes(rows, METRIC_HEADERS), url=METRIC_IMPORT)
    assert problems(response) == [
        ("1", "intervention", "No intervention has the slug “no-such-entry”.")
    ]
    assert not OutcomeMetric.objects.exists()


def test_a_figure_with_a_wrong_unit_and_no_value_is_refused(curator_client, entry, source):
    rows = [
        [
            "operation-deter",
            "robbery",
            "Robberies",
            "robbery",
            "",
            "furlongs",
            "college-vvcp-interventions",
        ]
    ]
    response = upload(curator_client, csv_bytes(rows, METRIC_HEADERS), url=METRIC_IMPORT)
    found = {(row, column) for row, column, _ in problems(response)}
    assert {("1", "unit"), ("1", "value")} <= found
    assert not OutcomeMetric.objects.exists()


REPORT_HEADERS = [
    "slug",
    "title",
    "report_type",
    "interventions",
    "evaluator",
    "source",
    "file_size_bytes",
    "url",
]


def test_a_report_is_imported_with_its_interventions_and_evaluator(curator_client, entry, source):
    Organisation.objects.create(
        name="College of Policing", slug="college-of-policing", kind="national-body"
    )
    rows = [
        [
            "deter-evaluation",
            "Operation Deter: full technical report",
            "full-technical-report",
            "operation-deter",
            "college-of-policing",
            "college-vvcp-interventions",
            "188959",
            "https://example.org/deter.pdf",
        ]
    ]
    preview = upload(curator_client, csv_bytes(rows, REPORT_HEADERS), url=REPORT_IMPORT)
    confirm(curator_client, preview, url=REPORT_PROCESS)
    report = EvaluationReport.objects.get(slug="deter-evaluation")
    assert list(report.interventions.all()) == [entry]
    assert report.evaluator.slug == "college-of-policing"
    assert report.file_size_display == "184.53 KB"


def test_a_report_covering_no_intervention_is_refused(editor_client, source):
    rows = [
        [
            "orphan",
            "A report",
            "full-technical-report",
            "",
            "",
            "college-vvcp-interventions",
            "",
            "",
        ]
    ]
    response = upload(editor_client, csv_bytes(rows, REPORT_HEADERS), url=REPORT_IMPORT)
    assert problems(response) == [
        ("1", "interventions", "Name at least one intervention the report covers, by slug.")
    ]
    assert not EvaluationReport.objects.exists()


def test_reports_export_with_slugs_for_their_relations(curator_client, entry, source):
    make_report([entry], slug="deter-evaluation", source=source, url="https://example.org/r.pdf")
    data = {
        "format": "0",
        "resource": "0",
        "evaluationreportresource_slug": "on",
        "evaluationreportresource_interventions": "on",
        "evaluationreportresource_source": "on",
    }
    response = curator_client.post(reverse("admin:evaluations_evaluationreport_export"), data)
    [row] = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert row == {
        "slug": "deter-evaluation",
        "interventions": "operation-deter",
        "source": "college-vvcp-interventions",
    }
