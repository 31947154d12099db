"""Links from an entry to the matching strand or entry in other evidence catalogues."""

import re
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from evidence.models import EvidenceCatalogue, ExternalEvidenceLink
from interventions.roles import permission_names
from tests.admin_forms import form_data
from tests.factories import make_intervention
from tests.pages import text_of

pytestmark = pytest.mark.django_db

PREFIX = "external_evidence"


def link(entry, **fields):
    defaults = {
        "catalogue": EvidenceCatalogue.YEF_TOOLKIT,
        "title": "Focused deterrence",
        "url": "https://example.org/toolkit/focused-deterrence/",
        "rating": "High impact, moderate evidence",
        "checked_on": date(2025, 1, 10),
    }
    return ExternalEvidenceLink.objects.create(intervention=entry, **{**defaults, **fields})


def change_url(entry):
    return reverse("admin:interventions_intervention_change", args=[entry.pk])


def test_the_five_catalogues_are_offered():
    assert EvidenceCatalogue.labels == [
        "Youth Endowment Fund toolkit",
        "College of Policing Crime Reduction Toolkit",
        "College of Policing practice bank",
        "CrimeSolutions",
        "Foundations guidebook",
    ]


def test_the_entry_page_shows_each_link_with_its_catalogue_rating_and_date_checked(client):
    entry = make_intervention(name="Operation Example")
    link(entry, note="Rates the approach in general, not this intervention.")
    link(
        entry,
        catalogue=EvidenceCatalogue.CRIMESOLUTIONS,
        title="Group violence reduction strategy",
        url="https://example.org/crimesolutions/gvrs",
        rating="",
        checked_on=date(2024, 11, 2),
    )
    response = client.get(entry.get_absolute_url())
    content = response.content.decode()
    text = text_of(response)
    assert '<h2 id="evidence-elsewhere">Evidence elsewhere</h2>' in content
    assert (
        '<a href="https://example.org/toolkit/focused-deterrence/">Focused deterrence</a>'
        in content
    )
    assert (
        "Focused deterrence Catalogue Youth Endowment Fund toolkit Its rating High impact, "
        "moderate evidence Checked 10 January 2025 Rates the approach in general, not this "
        "intervention."
    ) in text
    assert "Its rating It gives no rating Checked 2 November 2024" in text


def test_an_entry_without_links_has_no_evidence_elsewhere_section(client):
    entry = make_intervention()
    assert "Evidence elsewhere" not in client.get(entry.get_absolute_url()).content.decode()


@pytest.mark.parametrize("state", ["draft", "in-review"])
def test_links_of_unpublished_entries_appear_on_no_public_page(client, state):
    hidden = make_intervention(state=state, slug="hidden")
    link(hidden, title="Secret strand")
    assert ExternalEvidenceLink.objects.published().count() == 0
    for url in [
        hidden.get_absolute_url(),
        "/",
        "/interventions/",
        "/outcomes/",
        "/compare/?items=hidden,x",
    ]:
        response = client.get(url)
        assert "Secret strand" not in response.content.decode(), url


def test_a_date_checked_in_the_future_is_refused_in_words():
    entry = make_intervention()
    future = link(entry)
    future.checked_on = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        future.full_clean()
    assert error.value.message_dict == {"checked_on": ["The date checked cannot be in the future."]}


def test_the_same_address_cannot_be_linked_twice_from_one_entry():
    entry = make_intervention()
    link(entry)
    duplicate = ExternalEvidenceLink(
        intervention=entry,
        catalogue=EvidenceCatalogue.PRACTICE_BANK,
        title="Again",
        url="https://example.org/toolkit/focused-deterrence/",
        checked_on=date(2025, 1, 1),
    )
    with pytest.raises(ValidationError):
        duplicate.full_clean()


def test_editors_may_add_and_change_links_and_curators_may_also_delete_them():
    editor_permissions = permission_names("Editor")
    curator_permissions = permission_names("Curator")
    names = {f"evidence.{action}_externalevidencelink" for action in ("view", "add", "change")}
    assert names <= editor_permissions
    assert "evidence.delete_externalevidencelink" not in editor_permissions
    assert names | {"evidence.delete_externalevidencelink"} <= curator_permissions


def inline_data(client, entry, **fields):
    data = form_data(client.get(change_url(entry)), "intervention_form")
    total = int(data[f"{PREFIX}-TOTAL_FORMS"])
    data[f"{PREFIX}-TOTAL_FORMS"] = str(total + 1)
    data.update({f"{PREFIX}-{total}-{name}": value for name, value in fields.items()})
    return data


def test_an_editor_adds_a_link_on_the_entry_form_and_history_records_it(editor_client):
    entry = make_intervention(state="draft")
    data = inline_data(
        editor_client,
        entry,
        catalogue="crime-reduction-toolkit",
        title="Hot spots policing",
        url="college.example/toolkit/hot-spots",
        rating="Overall reduced crime",
        checked_on="10/01/2025",
        note="",
    )
    response = editor_client.post(change_url(entry), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    saved = ExternalEvidenceLink.objects.get(intervention=entry)
    assert saved.url == "https://college.example/toolkit/hot-spots"
    assert saved.checked_on == date(2025, 1, 10)
    assert saved.history.count() == 1
    history = editor_client.get(
        reverse("admin:interventions_intervention_history", args=[entry.pk])
    )
    assert (
        "Hot spots policing (College of Policing Crime Reduction Toolkit)"
        in history.content.decode()
    )


def test_a_bad_link_is_refused_with_the_reason_and_what_was_typed_kept(editor_client):
    entry = make_intervention(state="draft")
    tomorrow = timezone.localdate() + timedelta(days=1)
    data = inline_data(
        editor_client,
        entry,
        catalogue="not-a-catalogue",
        title="Typed title",
        url="javascript:alert(1)",
        rating="",
        checked_on=tomorrow.strftime("%d/%m/%Y"),
        note="",
    )
    response = editor_client.post(change_url(entry), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Select a valid choice" in content
    assert "Enter a valid URL" in content
    assert 'value="Typed title"' in content
    assert not ExternalEvidenceLink.objects.exists()


def test_an_editor_is_not_offered_deleting_a_link_and_a_curator_is(editor_client, curator):
    entry = make_intervention(state="draft")
    saved = link(entry)
    content = editor_client.get(change_url(entry)).content.decode()
    assert f'name="{PREFIX}-0-DELETE"' not in content
    editor_client.force_login(curator)
    data = form_data(editor_client.get(change_url(entry)), "intervention_form")
    data[f"{PREFIX}-0-DELETE"] = "on"
    response = editor_client.post(change_url(entry), data)
    assert response.status_code == 302
    assert not ExternalEvidenceLink.objects.filter(pk=saved.pk).exists()


def test_curators_see_every_link_oldest_check_first(curator_client):
    entry = make_intervention(name="Operation Example")
    link(entry, title="Checked long ago", url="https://a.example/", checked_on=date(2023, 1, 1))
    link(entry, title="Checked lately", url="https://b.example/", checked_on=date(2025, 1, 1))
    content = curator_client.get(
        reverse("admin:evidence_externalevidencelink_changelist")
    ).content.decode()
    assert content.index("Checked long ago") < content.index("Checked lately")


def test_saving_a_link_refreshes_cached_public_pages(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    entry = make_intervention()
    client.get(entry.get_absolute_url())
    link(entry, title="Newly linked strand")
    response = client.get(entry.get_absolute_url())
    assert "Newly linked strand" in response.content.decode()
    cache.clear()


def test_the_evidence_elsewhere_heading_sits_among_the_entry_sections(client):
    entry = make_intervention()
    link(entry)
    content = client.get(entry.get_absolute_url()).content.decode()
    levels = re.findall(
        r"<h([1-6])[^>]*>Evidence elsewhere|<h([1-6])[^>]*class=\"elsewhere-title\"", content
    )
    assert levels == [("2", ""), ("", "3")]
