"""The revision pages take as many queries for a long entry or a long queue as a short one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interventions.models import PendingRevision
from tests.admin_forms import form_data
from tests.factories import make_intervention, make_outcome

pytestmark = pytest.mark.django_db


def submit(client, entry):
    url = reverse("admin:interventions_intervention_change", args=[entry.pk])
    data = form_data(client.get(url), "intervention_form")
    data.update({"summary": "Changed.", "outcomes-0-value": "99", "change_reason": "Why"})
    assert client.post(url, data).status_code == 302
    return PendingRevision.objects.for_object(entry).get()


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_review_page_takes_the_same_queries_for_two_figures_or_twelve(
    editor_client, editor, curator
):
    counts = []
    for figures in (2, 12):
        entry = make_intervention()
        for _ in range(figures):
            make_outcome(entry)
        editor_client.force_login(editor)
        revision = submit(editor_client, entry)
        editor_client.force_login(curator)
        url = reverse("admin:interventions_pendingrevision_change", args=[revision.pk])
        counts.append(queries(editor_client, url))
    assert counts[0] == counts[1], counts


def test_the_queue_and_the_entry_list_take_the_same_queries_for_one_revision_or_six(
    editor_client, editor, curator
):
    counts = []
    for waiting in (1, 6):
        PendingRevision.objects.all().delete()
        editor_client.force_login(editor)
        for _ in range(waiting):
            entry = make_intervention()
            make_outcome(entry)
            submit(editor_client, entry)
        editor_client.force_login(curator)
        counts.append(
            (
                queries(editor_client, reverse("admin:interventions_pendingrevision_changelist")),
                queries(editor_client, reverse("admin:interventions_intervention_changelist")),
            )
        )
    assert counts[0] == counts[1], counts
