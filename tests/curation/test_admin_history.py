"""Who changed what and when, visible in the admin, and going back to an earlier version."""

import html
import re

import pytest
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime

from interventions.models import Intervention, Organisation, PublicationState, Theme
from tests.admin_forms import form_data
from tests.factories import make_intervention

pytestmark = pytest.mark.django_db


def change_url(entry):
    return reverse("admin:interventions_intervention_change", args=[entry.pk])


def history_url(entry):
    return reverse("admin:interventions_intervention_history", args=[entry.pk])


def text_of(response):
    """The page as a reader sees it: no tags, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def save_form(client, entry, **changes):
    data = form_data(client.get(change_url(entry)), "intervention_form")
    data.update(changes)
    response = client.post(change_url(entry), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


@pytest.fixture
def organisation():
    return Organisation.objects.create(
        name="Hampshire and Isle of Wight Violence Reduction Unit",
        slug="hiow-vru",
        kind="vru",
    )


def test_the_history_page_shows_who_changed_which_field_from_what_to_what(curator_client, curator):
    entry = make_intervention(state=PublicationState.DRAFT, summary="Old summary.")
    save_form(curator_client, entry, summary="New summary.")

    page = text_of(curator_client.get(history_url(entry)))

    assert "cora" in page
    assert "Summary: Old summary. → New summary." in page
    assert "Updated at" not in page, "timestamps that change on every save are left out"


def test_state_changes_read_as_labels_with_the_reason_given(curator_client, curator):
    entry = make_intervention(state=PublicationState.IN_REVIEW)
    Intervention.objects.filter(pk=entry.pk).publish(by=curator, reason="Published (bulk action)")

    page = text_of(curator_client.get(history_url(entry)))

    assert "Publication state: In review → Published" in page
    assert "Published (bulk action)" in page
    assert "Published at: (empty) →" in page


def test_reverting_restores_an_earlier_version_and_says_so(curator_client):
    entry = make_intervention(state=PublicationState.DRAFT, summary="First summary.")
    save_form(curator_client, entry, summary="Second summary.")
    first = entry.history.order_by("history_id").first()
    revert_url = reverse(
        "admin:interventions_intervention_simple_history", args=[entry.pk, first.history_id]
    )

    data = form_data(curator_client.get(revert_url), "historicalintervention_form")
    assert data["summary"] == "First summary."
    assert curator_client.post(revert_url, data).status_code == 302

    entry.refresh_from_db()
    assert entry.summary == "First summary."
    latest = entry.history.order_by("-history_id").first()
    assert latest.history_change_reason.startswith("Reverted to the version of ")
    assert "Summary: Second summary. → First summary." in text_of(
        curator_client.get(history_url(entry))
    )


def test_reverting_to_a_version_before_publication_keeps_the_first_publication_date(
    curator_client, curator
):
    entry = make_intervention(state=PublicationState.DRAFT, summary="Draft summary.")
    entry.publish(by=curator)
    published_at = Intervention.objects.get(pk=entry.pk).published_at
    draft_version = entry.history.order_by("history_id").first()
    revert_url = reverse(
        "admin:interventions_intervention_simple_history",
        args=[entry.pk, draft_version.history_id],
    )
    data = form_data(curator_client.get(revert_url), "historicalintervention_form")
    curator_client.post(revert_url, {**data, "change_reason": "Back to the draft"})

    entry.refresh_from_db()
    assert entry.publication_state == PublicationState.DRAFT
    assert entry.published_at == published_at
    entry.publish(by=curator)
    entry.refresh_from_db()
    assert entry.published_at == published_at


def test_partner_roles_edited_inline_show_in_the_entry_history(editor_client, editor, organisation):
    entry = make_intervention(state=PublicationState.DRAFT)
    save_form(
        editor_client,
        entry,
        **{
            "partner_roles-TOTAL_FORMS": "1",
            "partner_roles-0-organisation": str(organisation.pk),
            "partner_roles-0-role": "lead",
            "partner_roles-0-note": "",
        },
    )
    role = entry.partner_roles.get()
    save_form(
        editor_client,
        entry,
        **{"partner_roles-0-id": str(role.pk), "partner_roles-0-role": "delivery-partner"},
    )

    page = text_of(editor_client.get(history_url(entry)))

    assert (
        "Partner role: Hampshire and Isle of Wight Violence Reduction Unit (Lead) Created edith"
        in page
    )
    assert "Role: Lead → Delivery partner" in page
    assert role.history.order_by("-history_id").first().history_user == editor


def test_funding_lines_deleted_inline_stay_in_the_history(curator_client, organisation):
    from tests.factories import make_source

    entry = make_intervention(state=PublicationState.DRAFT)
    line = entry.funding.create(
        key="home-office", description="Home Office grant", source=make_source()
    )
    data = form_data(curator_client.get(change_url(entry)), "intervention_form")
    data["funding-0-DELETE"] = "on"
    curator_client.post(change_url(entry), data)

    assert not entry.funding.exists()
    page = text_of(curator_client.get(history_url(entry)))
    assert "Funding: Home Office grant Deleted cora" in page
    assert line.history.count() == 2


def test_the_history_of_an_unknown_entry_is_a_404(curator_client):
    url = reverse("admin:interventions_intervention_history", args=[999999])
    assert curator_client.get(url).status_code == 404


def test_report_and_outcome_history_pages_show_field_changes(curator_client):
    from tests.factories import make_outcome

    entry = make_intervention()
    outcome = make_outcome(entry, value=10)
    outcome.value = 45
    outcome.save()
    url = reverse("admin:evaluations_outcomemetric_history", args=[outcome.pk])
    assert "Value: 10 → 45" in text_of(curator_client.get(url))


@pytest.mark.parametrize(
    "path",
    [
        "/admin/interventions/intervention/abc/history/1/",
        "/admin/interventions/intervention/1/history/abc/",
        "/admin/interventions/intervention/1/history/999999/",
        "/admin/interventions/intervention/%3Cscript%3E/history/",
    ],
)
def test_malformed_history_addresses_are_a_404(curator_client, path):
    make_intervention()
    assert curator_client.get(path).status_code == 404


RAW_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}|\+00:00")


def test_dates_in_the_history_read_like_the_rest_of_the_admin(curator_client, curator):
    entry = make_intervention(state=PublicationState.IN_REVIEW)
    Intervention.objects.filter(pk=entry.pk).publish(by=curator, reason="Published (bulk action)")
    record = entry.history.order_by("-history_id").first()
    published_at = date_format(localtime(record.published_at), "j M Y, H:i")

    page = text_of(curator_client.get(history_url(entry)))

    assert f"Published at: (empty) → {published_at}" in page
    assert f"{date_format(localtime(record.history_date), 'j M Y, H:i')} Changed cora" in page
    assert not RAW_TIMESTAMP.search(page), RAW_TIMESTAMP.search(page)


def test_a_version_without_field_changes_says_what_happened(curator_client, organisation):
    entry = make_intervention(state=PublicationState.DRAFT)
    save_form(
        curator_client,
        entry,
        **{
            "partner_roles-TOTAL_FORMS": "1",
            "partner_roles-0-organisation": str(organisation.pk),
            "partner_roles-0-role": "lead",
            "partner_roles-0-note": "",
        },
    )
    save_form(curator_client, entry, themes=[str(Theme.objects.get(slug="knife-crime").pk)])

    page = text_of(curator_client.get(history_url(entry)))
    rows = page[page.index("Changes to this intervention") : page.index("Partner roles, funding")]

    assert (
        "Changed cora No field changes; edited with it: partner role "
        "Hampshire and Isle of Wight Violence Reduction Unit (Lead), created." in rows
    )
    assert (
        "Changed cora No field changes (saved as it was, or only links such as themes, "
        "forces, purposes or settings changed)." in rows
    )
    assert "Created System (no signed-in user) Created" in rows
