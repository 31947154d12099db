"""Every route to a live change is checked on the server: an editor never makes one live, and
two people saving one item cannot silently overwrite each other."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from interventions.models import Intervention, PendingRevision
from tests.admin_forms import form_data
from tests.conftest import make_member
from tests.curation.test_admin_import import confirm, csv_bytes, problems, upload
from tests.factories import make_intervention, make_outcome, make_session, make_source

pytestmark = pytest.mark.django_db

FORM = "intervention_form"


def change_url(entry):
    return reverse("admin:interventions_intervention_change", args=[entry.pk])


@pytest.fixture
def entry():
    entry = make_intervention(slug="live-entry", summary="The live summary.")
    make_outcome(entry, key="arrests", measure="Arrests", value=Decimal("36"))
    return entry


# Concurrent edits ------------------------------------------------------------------------------


def test_the_second_of_two_curators_saving_one_entry_is_refused_with_what_they_typed(
    curator, roles, entry
):
    first, second = Client(), Client()
    first.force_login(curator)
    second.force_login(make_member("carl", "Curator"))
    first_form = form_data(first.get(change_url(entry)), FORM)
    second_form = form_data(second.get(change_url(entry)), FORM)

    first_form.update(summary="First curator's words.", change_reason="Shorter")
    assert first.post(change_url(entry), first_form).status_code == 302

    second_form.update(summary="Second curator's words.", change_reason="Clearer")
    response = second.post(change_url(entry), second_form)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved this since you opened it" in html
    assert 'id="changed-meanwhile"' in html and "cora" in html and "Summary" in html
    assert reverse("admin:interventions_intervention_history", args=[entry.pk]) in html
    shown = form_data(response, FORM)
    assert shown["summary"] == "Second curator's words."
    assert shown["change_reason"] == "Clearer"
    entry.refresh_from_db()
    assert entry.summary == "First curator's words."

    # Having read what changed, saving again replaces it on purpose.
    assert second.post(change_url(entry), shown).status_code == 302
    entry.refresh_from_db()
    assert entry.summary == "Second curator's words."


def test_an_editors_save_after_a_curators_is_refused_not_held(editor_client, curator, entry):
    editor_form = form_data(editor_client.get(change_url(entry)), FORM)
    curator_client = Client()
    curator_client.force_login(curator)
    data = form_data(curator_client.get(change_url(entry)), FORM)
    data.update(change_reason="Figure corrected", **{"outcomes-0-value": "37"})
    assert curator_client.post(change_url(entry), data).status_code == 302

    editor_form.update(summary="Editor's words.", change_reason="Clearer")
    response = editor_client.post(change_url(entry), editor_form)
    assert response.status_code == 200
    assert "Someone else saved this since you opened it" in response.content.decode()
    assert not PendingRevision.objects.exists()


def test_a_change_made_only_to_an_inline_figure_also_counts_as_a_change(curator, roles, entry):
    first, second = Client(), Client()
    first.force_login(curator)
    second.force_login(make_member("carl", "Curator"))
    second_form = form_data(second.get(change_url(entry)), FORM)
    figure = entry.outcomes.get()
    url = reverse("admin:evaluations_outcomemetric_change", args=[figure.pk])
    data = form_data(first.get(url), "outcomemetric_form")
    assert first.post(url, {**data, "value": "40", "change_reason": "Typo"}).status_code == 302
    response = second.post(change_url(entry), {**second_form, "change_reason": "Tidy"})
    assert response.status_code == 200
    assert "Someone else saved this" in response.content.decode()


@pytest.mark.parametrize(
    "token", ["", "abc", "abc|not-a-date", "x" * 5000, "0" * 64 + "|2026-01-01T00:00:00+00:00"]
)
def test_a_missing_or_forged_version_token_is_refused_without_an_error_page(
    curator_client, entry, token
):
    data = form_data(curator_client.get(change_url(entry)), FORM)
    data.update(revision_token=token, summary="Changed.", change_reason="Why")
    response = curator_client.post(change_url(entry), data)
    assert response.status_code == 200
    assert "Someone else saved this" in response.content.decode()
    entry.refresh_from_db()
    assert entry.summary == "The live summary."


def test_an_oversized_reason_is_refused_with_a_message(curator_client, entry):
    data = form_data(curator_client.get(change_url(entry)), FORM)
    data.update(summary="Changed.", change_reason="x" * 2001)
    response = curator_client.post(change_url(entry), data)
    assert response.status_code == 200
    assert "at most 2000 characters" in response.content.decode()


# Other routes ----------------------------------------------------------------------------------


def test_an_editors_import_cannot_change_a_published_entry(editor_client, entry):
    source = make_source(slug="src")
    rows = [["live-entry", entry.name, "Imported summary.", "", "", "src", "active", ""]]
    preview = upload(editor_client, csv_bytes(rows))
    assert problems(preview), preview.content.decode()[-2000:]
    assert "changes a published entry" in preview.content.decode()
    entry.refresh_from_db()
    assert entry.summary == "The live summary."
    assert source.pk


def test_an_editors_import_of_an_unchanged_published_entry_is_skipped_not_refused(
    editor_client, entry
):
    rows = [[entry.slug, entry.name, entry.summary, "", "", "", "active", ""]]
    preview = upload(editor_client, csv_bytes(rows))
    assert not problems(preview)


def test_a_curators_import_changes_a_published_entry(curator_client, entry):
    make_source(slug="src")
    rows = [["live-entry", entry.name, "Imported summary.", "", "", "src", "active", ""]]
    response = confirm(curator_client, upload(curator_client, csv_bytes(rows)))
    assert response.status_code == 200
    entry.refresh_from_db()
    assert entry.summary == "Imported summary."


def test_an_editors_figure_import_cannot_change_a_published_entrys_figure(editor_client, entry):
    url = reverse("admin:evaluations_outcomemetric_import")
    source = entry.outcomes.get().source
    headers = ["intervention", "key", "measure", "measure_kind", "value", "unit", "direction"]
    headers.append("source")
    rows = [["live-entry", "arrests", "Arrests", "violent-crime", "99", "percent", "reduction"]]
    rows[0].append(source.slug)
    preview = upload(editor_client, csv_bytes(rows, headers), url=url)
    assert "changes a published entry" in preview.content.decode()
    assert entry.outcomes.get().value == Decimal("36")


def test_an_editor_cannot_revert_a_published_entry(editor_client, curator, entry):
    entry.summary = "A later summary."
    entry.save()
    first = entry.history.order_by("history_id").first()
    url = reverse("admin:interventions_intervention_simple_history", args=[entry.pk, first.pk])
    data = form_data(editor_client.get(url), "historicalintervention_form")
    response = editor_client.post(url, {**data, "change_reason": "Back"})
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.summary == "A later summary."


def test_an_editor_may_revert_a_draft(editor_client):
    draft = make_intervention(state="draft", summary="First.")
    draft.summary = "Second."
    draft.save()
    first = draft.history.order_by("history_id").first()
    url = reverse("admin:interventions_intervention_simple_history", args=[draft.pk, first.pk])
    data = form_data(editor_client.get(url), "historicalintervention_form")
    assert editor_client.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert draft.summary == "First."


def test_an_editors_change_to_a_seminar_of_a_published_entry_waits(editor_client, entry):
    session = make_session([entry], title="Live seminar")
    url = reverse("admin:evaluations_seminarsession_change", args=[session.pk])
    data = form_data(editor_client.get(url), "seminarsession_form")
    data.update(title="Renamed seminar", change_reason="As announced")
    assert editor_client.post(url, data).status_code == 302
    session.refresh_from_db()
    assert session.title == "Live seminar"
    assert PendingRevision.objects.waiting().count() == 1


def test_an_editors_change_to_an_evidence_link_of_a_published_entry_waits(editor_client, entry):
    from evidence.models import ExternalEvidenceLink

    link = ExternalEvidenceLink.objects.create(
        intervention=entry,
        catalogue="yef-toolkit",
        title="Knife crime",
        url="https://example.org/yef",
        checked_on="2026-01-05",
    )
    url = reverse("admin:evidence_externalevidencelink_change", args=[link.pk])
    data = form_data(editor_client.get(url), "externalevidencelink_form")
    data.update(rating="High impact", change_reason="Rating checked")
    assert editor_client.post(url, data).status_code == 302
    link.refresh_from_db()
    assert link.rating != "High impact"


def test_the_api_is_read_only(editor_client, curator_client, entry):
    url = reverse("api:intervention-detail", args=[entry.slug])
    for client in (editor_client, curator_client):
        for method in (client.post, client.put, client.patch, client.delete):
            assert method(url, {"summary": "Changed."}).status_code in {403, 405}
    entry.refresh_from_db()
    assert entry.summary == "The live summary."


def test_the_publish_actions_stay_refused_to_editors(editor_client):
    entry = make_intervention(state="in-review")
    changelist = reverse("admin:interventions_intervention_changelist")
    editor_client.post(changelist, {"action": "publish", "_selected_action": [entry.pk]})
    assert Intervention.objects.get(pk=entry.pk).publication_state == "in-review"


def test_an_editor_cannot_reorder_purposes_through_the_lists_editable_column(editor_client):
    from interventions.models import Purpose

    purpose = Purpose.objects.order_by("position").first()
    url = reverse("admin:interventions_purpose_changelist")
    response = editor_client.post(
        url,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(purpose.pk),
            "form-0-position": "99",
            "_save": "Save",
        },
    )
    assert response.status_code in {200, 403}
    purpose.refresh_from_db()
    assert purpose.position != 99
