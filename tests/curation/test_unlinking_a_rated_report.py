"""A report an entry's "reduced violence or harm" verdict rests on cannot be unlinked from the
entry or deleted, by any route, until the verdict is changed: each route names the verdict."""

import html
import re

import pytest
from django.urls import reverse

from evaluations.models import EvaluationReport, EvidenceRating
from interventions.models import PendingRevision
from tests.admin_forms import form_data
from tests.curation.test_admin_import import confirm, csv_bytes, problems, upload
from tests.factories import make_intervention, make_rating, make_report

pytestmark = pytest.mark.django_db

VERDICT = "Evidence of reduced violence or harm"


@pytest.fixture
def entry():
    return make_intervention(name="Operation Shield", slug="operation-shield")


@pytest.fixture
def strong_report(entry):
    return make_report(
        [entry],
        title="Shield: quasi-experimental evaluation",
        slug="shield-evaluation",
        design_level="3",
        design_basis="Methods, page 4",
    )


@pytest.fixture
def rated(entry, strong_report):
    return make_rating(entry, verdict="reduced-harm")


def entry_url(entry):
    return reverse("admin:interventions_intervention_change", args=[entry.pk])


def report_url(report, view="change"):
    return reverse(f"admin:evaluations_evaluationreport_{view}", args=[report.pk])


def page_text(response):
    return html.unescape(re.sub(r"\s+", " ", response.content.decode()))


def entry_form_without(client, entry, report):
    """The entry's form with the link to `report` ticked for deletion."""
    data = form_data(client.get(entry_url(entry)), "intervention_form")
    row = next(
        name.removesuffix("-evaluationreport")
        for name, value in data.items()
        if name.endswith("-evaluationreport") and value == str(report.pk)
    )
    data[f"{row}-DELETE"] = "on"
    data["change_reason"] = "The report covers another project"
    return data, row


def assert_refused_naming_the_verdict(response):
    assert response.status_code == 200
    text = page_text(response)
    assert f"The verdict “{VERDICT}” on “Operation Shield” rests on" in text
    assert "Change that verdict first" in text


# From the entry's page --------------------------------------------------------------------


def test_unlinking_the_report_on_the_entrys_page_is_refused(curator_client, entry, rated):
    data, _ = entry_form_without(curator_client, entry, entry.reports.get())

    response = curator_client.post(entry_url(entry), data)

    assert_refused_naming_the_verdict(response)
    assert entry.reports.count() == 1


def test_swapping_the_report_for_a_weaker_one_is_refused(curator_client, entry, rated):
    weak = make_report([make_intervention()], title="A process evaluation")
    data, row = entry_form_without(curator_client, entry, entry.reports.get())
    del data[f"{row}-DELETE"]
    data[f"{row}-evaluationreport"] = str(weak.pk)

    response = curator_client.post(entry_url(entry), data)

    assert_refused_naming_the_verdict(response)
    assert list(entry.reports.all()) == [entry.reports.get(slug="shield-evaluation")]


def test_an_editors_unlinking_on_a_published_entry_is_refused_not_held(editor_client, entry, rated):
    data, _ = entry_form_without(editor_client, entry, entry.reports.get())

    response = editor_client.post(entry_url(entry), data)

    assert_refused_naming_the_verdict(response)
    assert not PendingRevision.objects.exists()


def test_unlinking_is_allowed_once_another_strong_evaluation_is_linked(
    curator_client, entry, rated
):
    make_report([entry], title="A randomised trial", design_level="5", design_basis="p. 2")
    data, _ = entry_form_without(curator_client, entry, entry.reports.get(slug="shield-evaluation"))

    assert curator_client.post(entry_url(entry), data).status_code == 302
    assert entry.reports.get().title == "A randomised trial"


def test_unlinking_is_allowed_when_the_verdict_rests_on_self_reported_figures(
    curator_client, entry, rated
):
    EvidenceRating.objects.filter(pk=rated.pk).update(rests_on_self_reported_figures=True)
    data, _ = entry_form_without(curator_client, entry, entry.reports.get())

    assert curator_client.post(entry_url(entry), data).status_code == 302
    assert not entry.reports.exists()


def test_a_weaker_report_can_still_be_unlinked(curator_client, entry, rated):
    weak = make_report([entry], title="A process evaluation")
    data, _ = entry_form_without(curator_client, entry, weak)

    assert curator_client.post(entry_url(entry), data).status_code == 302
    assert list(entry.reports.all()) == [EvaluationReport.objects.get(slug="shield-evaluation")]


def test_an_unrated_entrys_report_is_unlinked_freely(curator_client, entry, strong_report):
    data, _ = entry_form_without(curator_client, entry, strong_report)

    assert curator_client.post(entry_url(entry), data).status_code == 302
    assert not entry.reports.exists()


# From the report's page -----------------------------------------------------------------


def test_taking_the_entry_off_the_reports_page_is_refused(curator_client, strong_report, rated):
    other = make_intervention(name="Another entry")
    data = form_data(curator_client.get(report_url(strong_report)), "evaluationreport_form")
    data.update(interventions=[str(other.pk)], change_reason="Covers another project")

    response = curator_client.post(report_url(strong_report), data)

    assert_refused_naming_the_verdict(response)
    assert list(strong_report.interventions.values_list("name", flat=True)) == ["Operation Shield"]


def test_adding_an_entry_on_the_reports_page_is_still_allowed(
    curator_client, entry, strong_report, rated
):
    other = make_intervention(name="Another entry")
    data = form_data(curator_client.get(report_url(strong_report)), "evaluationreport_form")
    data.update(interventions=[str(entry.pk), str(other.pk)], change_reason="Covers both")

    assert curator_client.post(report_url(strong_report), data).status_code == 302
    assert strong_report.interventions.count() == 2


def test_reverting_the_report_to_a_version_without_the_entry_is_refused(
    curator_client, strong_report, rated
):
    strong_report.title = "Shield evaluation, final"
    strong_report.save()
    first = strong_report.history.order_by("history_id").first()
    url = reverse(
        "admin:evaluations_evaluationreport_simple_history", args=[strong_report.pk, first.pk]
    )
    other = make_intervention(name="Another entry")
    data = form_data(curator_client.get(url), "historicalevaluationreport_form")
    data.update(interventions=[str(other.pk)], change_reason="Back to the first version")

    response = curator_client.post(url, data)

    assert response.status_code == 200
    assert f"The verdict “{VERDICT}”" in page_text(response)
    assert strong_report.interventions.count() == 1


# Deleting the report ----------------------------------------------------------------------


def test_deleting_the_report_is_refused_naming_the_verdict(curator_client, strong_report, rated):
    page = curator_client.get(report_url(strong_report, "delete"))
    response = curator_client.post(report_url(strong_report, "delete"), {"post": "yes"})

    assert f"The verdict “{VERDICT}” on “Operation Shield”" in page_text(page)
    assert response.status_code == 200
    assert EvaluationReport.objects.filter(pk=strong_report.pk).exists()


def test_the_bulk_delete_action_leaves_the_report(curator_client, strong_report, rated):
    spare = make_report([make_intervention()], title="A spare report")
    changelist = reverse("admin:evaluations_evaluationreport_changelist")

    response = curator_client.post(
        changelist,
        {
            "action": "delete_selected",
            "_selected_action": [strong_report.pk, spare.pk],
            "post": "yes",
        },
    )

    assert f"The verdict “{VERDICT}” on “Operation Shield”" in page_text(response)
    assert EvaluationReport.objects.filter(pk__in=[strong_report.pk, spare.pk]).count() == 2


def test_a_report_no_verdict_rests_on_is_deleted(curator_client, entry):
    report = make_report([entry], design_level="3", design_basis="p. 4")

    assert curator_client.post(report_url(report, "delete"), {"post": "yes"}).status_code == 302
    assert not EvaluationReport.objects.filter(pk=report.pk).exists()


# Import -----------------------------------------------------------------------------------

REPORT_IMPORT = reverse("admin:evaluations_evaluationreport_import")
REPORT_PROCESS = reverse("admin:evaluations_evaluationreport_process_import")
HEADERS = ["slug", "title", "report_type", "interventions", "source"]


def import_row(strong_report, interventions):
    return [
        [
            strong_report.slug,
            strong_report.title,
            strong_report.report_type,
            interventions,
            strong_report.source.slug,
        ]
    ]


def test_an_import_that_unlinks_the_entry_is_refused_on_its_row(
    curator_client, strong_report, rated
):
    make_intervention(slug="another-entry")
    rows = import_row(strong_report, "another-entry")

    response = upload(curator_client, csv_bytes(rows, HEADERS), url=REPORT_IMPORT)

    [(row, column, message)] = problems(response)
    assert (row, column) == ("1", "interventions")
    assert f"The verdict “{VERDICT}” on “Operation Shield”" in html.unescape(message)
    assert strong_report.interventions.count() == 1


def test_an_import_that_keeps_the_entry_goes_through(curator_client, strong_report, rated):
    make_intervention(slug="another-entry")
    rows = import_row(strong_report, "operation-shield,another-entry")

    preview = upload(curator_client, csv_bytes(rows, HEADERS), url=REPORT_IMPORT)
    confirm(curator_client, preview, url=REPORT_PROCESS)

    assert strong_report.interventions.count() == 2


# The same rule, for the report's design level ---------------------------------------------


def test_lowering_the_reports_design_level_below_3_is_refused(curator_client, strong_report, rated):
    data = form_data(curator_client.get(report_url(strong_report)), "evaluationreport_form")
    data.update(design_level="2", change_reason="Reread the methods")

    response = curator_client.post(report_url(strong_report), data)

    assert response.status_code == 200
    assert "The verdict on Operation Shield rests on this report" in page_text(response)
    strong_report.refresh_from_db()
    assert strong_report.design_level == "3"


def test_raising_the_design_level_is_allowed(curator_client, strong_report, rated):
    data = form_data(curator_client.get(report_url(strong_report)), "evaluationreport_form")
    data.update(design_level="4", change_reason="Reread the methods")

    assert curator_client.post(report_url(strong_report), data).status_code == 302
    strong_report.refresh_from_db()
    assert strong_report.design_level == "4"
