"""Curators extend the search vocabulary in the admin, and what they add changes what the
public search finds at once; editors read it."""

import pytest
from django.urls import reverse

from interventions.models import Force, ForceAlias, Place, SearchTerm, Theme
from tests.factories import make_intervention

pytestmark = pytest.mark.django_db


def url(model, view, *args):
    return reverse(f"admin:interventions_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def knife_entry():
    return make_intervention(
        name="Lancashire knife project",
        themes=[Theme.objects.get(slug="knife-crime")],
        forces=[Force.objects.get(slug="lancashire")],
    )


def public_search(client, query):
    response = client.get(reverse("catalogue:list"), {"q": query})
    return {entry.slug for entry in response.context["paginator"].object_list}


def test_a_curator_adds_a_synonym_and_the_public_search_finds_its_theme(
    curator_client, client, knife_entry
):
    assert knife_entry.slug not in public_search(client, "shanking")
    response = curator_client.post(
        url(SearchTerm, "add"),
        {"phrase": "Shanking", "means": "knife crime", "themes": [knife_entry.themes.get().pk]},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert knife_entry.slug in public_search(client, "shanking")
    # A misspelling of the new word is read as it too.
    assert knife_entry.slug in public_search(client, "shankng")


def test_a_curator_adds_a_place_and_a_search_naming_it_shows_its_force(
    curator_client, client, knife_entry
):
    lancashire = Force.objects.get(slug="lancashire")
    response = curator_client.post(
        url(Place, "add"),
        {"name": "Garstang", "kind": "town", "force": lancashire.pk, "region": "north-west"},
    )
    assert response.status_code == 302
    assert public_search(client, "Garstang") == {knife_entry.slug}


def test_a_place_in_the_wrong_region_for_its_force_is_refused_with_a_reason(curator_client):
    response = curator_client.post(
        url(Place, "add"),
        {
            "name": "Garstang",
            "kind": "town",
            "force": Force.objects.get(slug="lancashire").pk,
            "region": "london",
        },
    )
    assert response.status_code == 200
    assert "Lancashire Constabulary is in North West." in response.content.decode()
    assert not Place.objects.filter(name="Garstang").exists()


def test_a_duplicate_written_differently_is_refused_with_a_reason(curator_client):
    lancashire = Force.objects.get(slug="lancashire")
    ForceAlias.objects.create(alias="Lancs", force=lancashire)
    response = curator_client.post(
        url(ForceAlias, "add"), {"alias": "LANCS.", "force": lancashire.pk}
    )
    assert response.status_code == 200
    assert "is already in the list" in response.content.decode()


@pytest.mark.parametrize("model", [SearchTerm, ForceAlias, Place])
def test_editors_may_not_delete_vocabulary(editor_client, model):
    row = make_row(model)
    response = editor_client.post(url(model, "delete", row.pk), {"post": "yes"})
    assert response.status_code == 403
    assert model.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("model", [SearchTerm, ForceAlias, Place])
def test_curators_may_delete_vocabulary(curator_client, model):
    row = make_row(model)
    response = curator_client.post(url(model, "delete", row.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not model.objects.filter(pk=row.pk).exists()


def make_row(model):
    cumbria = Force.objects.get(slug="cumbria")
    if model is SearchTerm:
        return SearchTerm.objects.create(phrase="Blade runner")
    if model is ForceAlias:
        return ForceAlias.objects.create(alias="Cumbria Constab", force=cumbria)
    return Place.objects.create(name="Keswick", force=cumbria, region=cumbria.region)


@pytest.mark.parametrize("model", [SearchTerm, ForceAlias, Place])
def test_the_public_and_staff_without_a_role_cannot_change_the_vocabulary(
    client, staff_user, model
):
    assert client.get(url(model, "add")).status_code == 302  # to the login page
    client.force_login(staff_user)
    assert client.get(url(model, "changelist")).status_code == 403
    assert client.post(url(model, "add"), {}).status_code == 403


@pytest.mark.parametrize("model", [SearchTerm, ForceAlias, Place])
def test_the_vocabulary_lists_open_for_editors_to_read(editor_client, model):
    assert editor_client.get(url(model, "changelist"), {"q": "x' OR 1=1"}).status_code == 200
    assert editor_client.get(url(model, "add")).status_code == 403


@pytest.mark.parametrize("model", [SearchTerm, ForceAlias, Place])
def test_the_vocabulary_forms_open_for_curators(curator_client, model):
    assert curator_client.get(url(model, "add")).status_code == 200


def test_an_editor_cannot_add_a_search_word_and_the_public_search_is_unchanged(
    editor_client, client, knife_entry
):
    response = editor_client.post(
        url(SearchTerm, "add"),
        {"phrase": "Shanking", "means": "knife crime", "themes": [knife_entry.themes.get().pk]},
    )

    assert response.status_code == 403
    assert not SearchTerm.objects.filter(phrase="Shanking").exists()
    assert knife_entry.slug not in public_search(client, "shanking")


@pytest.mark.parametrize("model", [SearchTerm, ForceAlias, Place])
def test_an_editor_cannot_change_the_vocabulary(editor_client, model):
    row = make_row(model)
    before = model.objects.filter(pk=row.pk).values().get()

    page = editor_client.get(url(model, "change", row.pk))
    response = editor_client.post(
        url(model, "change", row.pk),
        {"phrase": "Changed", "alias": "Changed", "name": "Changed", "means": "anything"},
    )

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert response.status_code == 403
    assert model.objects.filter(pk=row.pk).values().get() == before
