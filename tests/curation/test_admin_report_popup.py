"""Adding a report with the "+" beside the reports on an entry's form, as a browser does it."""

import html
import re

import pytest
from django.urls import reverse

from evaluations.models import EvaluationReport
from interventions.models import PublicationState
from tests.admin_forms import form_data
from tests.factories import make_intervention, make_source

pytestmark = pytest.mark.django_db

INLINE = "EvaluationReport_interventions"


def change_url(entry):
    return reverse("admin:interventions_intervention_change", args=[entry.pk])


def add_report_address(entry_page):
    """The "+" beside the report in the entry's report rows, as its pop-up opens it."""
    add = reverse("admin:evaluations_evaluationreport_add")
    found = re.search(rf'id="add_id_{INLINE}-__prefix__-evaluationreport"[^>]*', entry_page)
    assert found, "the report rows offer a '+' to add a report"
    href = re.search(r'href="([^"]+)"', found.group(0)).group(1)
    assert html.unescape(href).startswith(f"{add}?")
    return html.unescape(href)


def add_report_in_the_popup(client, address, entry, source):
    page = client.get(address)
    assert page.status_code == 200
    data = form_data(page, "evaluationreport_form")
    data.update(
        title="Evaluation of the knife crime project",
        slug="evaluation-knife-crime-project",
        report_type="full-technical-report",
        file_format="pdf",
        source=str(source.pk),
    )
    if "interventions" in page.context["adminform"].form.fields:
        data["interventions"] = [str(entry.pk)]  # what the pop-up asks for, when it asks
    response = client.post(address, data)
    assert response.status_code == 200
    assert "admin/popup_response.html" in [t.name for t in response.templates]
    return EvaluationReport.objects.get(slug="evaluation-knife-crime-project")


@pytest.mark.parametrize("persona", ["editor_client", "curator_client"])
def test_a_report_added_from_the_entrys_form_is_linked_once(request, persona):
    client = request.getfixturevalue(persona)
    entry = make_intervention(state=PublicationState.DRAFT)
    source = make_source()
    entry_page = client.get(change_url(entry))

    report = add_report_in_the_popup(
        client, add_report_address(entry_page.content.decode()), entry, source
    )

    data = form_data(entry_page, "intervention_form")
    for name in [name for name in data if name.startswith(f"{INLINE}-__prefix__-")]:
        data[name.replace("__prefix__", "0")] = data[name]
    data[f"{INLINE}-TOTAL_FORMS"] = "1"
    data[f"{INLINE}-0-evaluationreport"] = str(report.pk)
    response = client.post(change_url(entry), data)

    assert response.status_code == 302, re.findall(
        r'<ul class="errorlist[^"]*">.*?</ul>', response.content.decode(), re.S
    )
    assert list(entry.reports.all()) == [report]
    assert EvaluationReport.interventions.through.objects.filter(intervention=entry).count() == 1


def test_the_popup_says_the_entrys_form_makes_the_link(curator_client):
    entry = make_intervention(state=PublicationState.DRAFT)
    address = add_report_address(curator_client.get(change_url(entry)).content.decode())
    page = curator_client.get(address)
    assert "interventions" not in page.context["adminform"].form.fields
    assert "Saving the entry's form links this report to it." in html.unescape(
        page.content.decode()
    )


def test_a_report_added_on_its_own_still_asks_which_interventions_it_covers(curator_client):
    page = curator_client.get(reverse("admin:evaluations_evaluationreport_add") + "?_popup=1")
    assert page.context["adminform"].form.fields["interventions"].required
