"""An editor's change to an organisation or source that published pages show waits for a
curator, as a change to the entry itself does."""

import pytest
from django.urls import reverse

from interventions.models import Lesson, Organisation, PendingRevision, SourceDocument, Theme
from tests.admin_forms import form_data
from tests.factories import (
    make_funding,
    make_intervention,
    make_organisation,
    make_outcome,
    make_rating,
    make_report,
    make_session,
    make_source,
)

pytestmark = pytest.mark.django_db


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def edit(client, obj, reason="Corrected from its website", **changes):
    form_id = f"{obj._meta.model_name}_form"
    data = form_data(client.get(change_url(obj)), form_id)
    data.update(changes, change_reason=reason)
    return client.post(change_url(obj), data)


def review(client, revision, decision="_approve"):
    url = reverse("admin:interventions_pendingrevision_change", args=[revision.pk])
    return client.post(url, {"comment": "Checked against its website", decision: "1"})


@pytest.fixture
def partner():
    partner = make_organisation(name="Safer Streets Trust", description="The live words.")
    make_intervention(name="Operation Shield", partners=[(partner, "delivery")])
    return partner


def test_an_editors_change_to_a_published_partner_waits_and_the_public_page_keeps_it(
    editor_client, client, partner
):
    response = edit(editor_client, partner, name="Renamed Trust", description="New words.")

    assert response.status_code == 302
    partner.refresh_from_db()
    assert (partner.name, partner.description) == ("Safer Streets Trust", "The live words.")
    revision = PendingRevision.objects.waiting().get()
    assert revision.target == partner
    public = client.get(partner.get_absolute_url()).content.decode()
    assert "Safer Streets Trust" in public and "Renamed Trust" not in public
    notice = editor_client.get(change_url(partner)).content.decode()
    assert "You are seeing your change waiting for review" in notice


def test_a_curator_sees_the_change_and_the_entries_it_reaches_then_approves_it(
    editor_client, client, curator, partner
):
    edit(editor_client, partner, description="New words.")
    revision = PendingRevision.objects.waiting().get()
    client.force_login(curator)

    page = client.get(
        reverse("admin:interventions_pendingrevision_change", args=[revision.pk])
    ).content.decode()
    assert "The live words." in page and "New words." in page
    assert "Operation Shield" in page

    assert review(client, revision).status_code == 302
    partner.refresh_from_db()
    assert partner.description == "New words."
    assert "New words." in client.get(partner.get_absolute_url()).content.decode()


def test_a_returned_change_leaves_the_organisation_as_it_was(
    editor_client, client, curator, partner
):
    edit(editor_client, partner, description="New words.")
    client.force_login(curator)

    review(client, PendingRevision.objects.waiting().get(), decision="_return")

    partner.refresh_from_db()
    assert partner.description == "The live words."


def test_the_publisher_of_a_report_on_a_published_entry_is_under_review(editor_client):
    publisher = make_organisation(name="Home Office")
    make_report([make_intervention()], publisher=publisher)

    edit(editor_client, publisher, name="Home Office (renamed)")

    assert Organisation.objects.get(pk=publisher.pk).name == "Home Office"
    assert PendingRevision.objects.waiting().get().target == publisher


def test_an_organisation_only_drafts_name_is_changed_at_once(editor_client):
    organisation = make_organisation(name="Draft Partner")
    make_intervention(state="draft", partners=[(organisation, "delivery")])

    assert edit(editor_client, organisation, name="Draft Partner Ltd").status_code == 302

    assert Organisation.objects.get(pk=organisation.pk).name == "Draft Partner Ltd"
    assert not PendingRevision.objects.exists()


def test_a_curators_change_to_a_published_partner_goes_live_with_a_reason(curator_client, partner):
    refused = edit(curator_client, partner, reason="", name="Renamed Trust")
    assert refused.status_code == 200
    assert "Say why you are making this change" in refused.content.decode()

    assert edit(curator_client, partner, name="Renamed Trust").status_code == 302
    assert Organisation.objects.get(pk=partner.pk).name == "Renamed Trust"
    assert not PendingRevision.objects.exists()


def cited(source):
    make_intervention(sources=[source])


def funded(source):
    make_funding(make_intervention(), source=source)


def lesson(source):
    Lesson.objects.create(
        intervention=make_intervention(), key="lesson", text="What they learnt.", source=source
    )


def figure(source):
    make_outcome(make_intervention(), source=source)


def verdict(source):
    make_rating(make_intervention(), verdict="mixed", source=source)


def report(source):
    make_report([make_intervention()], source=source)


def seminar(source):
    make_session([make_intervention()], source=source)


@pytest.mark.parametrize("shown_by", [cited, funded, lesson, figure, verdict, report, seminar])
def test_an_editors_change_to_a_source_a_published_page_cites_waits(editor_client, shown_by):
    source = make_source(title="Annual report 2023", url="https://example.org/report.pdf")
    shown_by(source)

    response = edit(editor_client, source, title="Annual report 2024", url="https://x.example")

    assert response.status_code == 302
    source.refresh_from_db()
    assert source.title == "Annual report 2023"
    assert source.url == "https://example.org/report.pdf"
    assert PendingRevision.objects.waiting().get().target == source


def test_an_editors_change_to_a_source_only_drafts_cite_is_saved_at_once(editor_client):
    source = make_source(title="Draft notes")
    make_intervention(state="draft", sources=[source])

    edit(editor_client, source, title="Draft notes, revised")

    assert SourceDocument.objects.get(pk=source.pk).title == "Draft notes, revised"
    assert not PendingRevision.objects.exists()


def test_the_approved_source_title_reaches_the_public_page(editor_client, client, curator):
    source = make_source(title="Annual report 2023")
    entry = make_intervention(sources=[source])
    edit(editor_client, source, title="Annual report 2024")
    assert "Annual report 2024" not in client.get(entry.get_absolute_url()).content.decode()
    client.force_login(curator)

    review(client, PendingRevision.objects.waiting().get())

    assert "Annual report 2024" in client.get(entry.get_absolute_url()).content.decode()


def test_the_list_marks_the_organisations_with_a_change_waiting(editor_client, partner):
    other = make_organisation(name="Quiet Partner")
    edit(editor_client, partner, description="New words.")
    url = reverse("admin:interventions_organisation_changelist")

    listed = editor_client.get(url, {"revision": "waiting"}).context["cl"].result_list

    assert list(listed) == [partner]
    assert other not in listed


def test_the_history_shows_the_change_sent_for_review(editor_client, partner):
    edit(editor_client, partner, description="New words.")

    url = reverse("admin:interventions_organisation_history", args=[partner.pk])
    page = editor_client.get(url).content.decode()

    assert "Change submitted for review" in page


@pytest.mark.parametrize("model", ["organisation", "sourcedocument"])
def test_editors_cannot_delete_organisations_or_sources(editor_client, partner, model):
    obj = partner if model == "organisation" else make_source()
    url = reverse(f"admin:interventions_{model}_delete", args=[obj.pk])

    assert editor_client.post(url, {"post": "yes"}).status_code == 403
    changelist = reverse(f"admin:interventions_{model}_changelist")
    editor_client.post(changelist, {"action": "delete_selected", "_selected_action": [obj.pk]})
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_the_api_and_the_source_list_keep_the_live_words_while_a_change_waits(
    editor_client, client, partner
):
    source = make_source(title="Annual report 2023", slug="annual-report")
    make_intervention(sources=[source])
    edit(editor_client, partner, name="Renamed Trust")
    edit(editor_client, source, title="Annual report 2024")

    organisation = client.get(reverse("api:organisation-detail", args=[partner.slug])).json()
    document = client.get(reverse("api:source-detail", args=[source.slug])).json()

    assert organisation["name"] == "Safer Streets Trust"
    assert document["title"] == "Annual report 2023"
    assert "Renamed Trust" not in client.get(reverse("catalogue:list")).content.decode()


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"name": "n" * 5000}, "Ensure this value has at most 200 characters"),
        ({"website": "javascript:alert(1)"}, "Enter a valid URL."),
        ({"description": "d" * 600_000}, "This change is too large to keep for review."),
    ],
)
def test_an_oversized_or_hostile_change_is_refused_with_a_message(
    editor_client, partner, changes, message
):
    response = edit(editor_client, partner, **changes)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PendingRevision.objects.exists()


def test_an_editors_change_to_a_source_that_only_defines_a_theme_waits(editor_client, client):
    source = make_source(title="Glossary of violence reduction", slug="glossary")
    theme = Theme.objects.order_by("pk").first()
    theme.definition_source = source
    theme.definition_section = "Terms"
    theme.save()

    response = edit(editor_client, source, title="Renamed glossary")

    assert response.status_code == 302
    source.refresh_from_db()
    assert source.title == "Glossary of violence reduction"
    assert PendingRevision.objects.waiting().get().target == source
    page = client.get(theme.get_absolute_url()).content.decode()
    assert "Glossary of violence reduction" in page and "Renamed glossary" not in page
