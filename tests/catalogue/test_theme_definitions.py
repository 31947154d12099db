"""Every theme says where its description comes from: a document, or the catalogue's own words."""

import pytest
from django.urls import reverse

from interventions.models import Theme
from tests.factories import make_source
from tests.pages import text_of

pytestmark = pytest.mark.django_db

THEMES = reverse("catalogue:themes")


def theme_page(client, slug):
    return text_of(client.get(reverse("catalogue:theme", args=[slug])))


def test_every_theme_is_marked_as_the_catalogues_own_definition_by_a_named_curator(client):
    text = text_of(client.get(THEMES))
    themes = list(Theme.objects.all())
    assert len(themes) == 15
    for theme in themes:
        assert theme.is_catalogues_own_definition
        assert theme.definition_by == "VKPP catalogue curators"
        assert theme.definition_note.startswith("No source")
        assert theme.definition_note in text
    marked = "Catalogue\u2019s own definition, written by the VKPP catalogue curators"
    assert text.count(marked) == 15


def test_a_college_theme_names_where_its_name_comes_from_on_its_page(client):
    text = theme_page(client, "county-lines")
    assert "Catalogue\u2019s own definition, written by the VKPP catalogue curators." in text
    assert "one of the six areas that the College of Policing's page" in text
    assert "the page gives no definition" in text


def test_a_theme_no_source_names_says_so(client):
    text = theme_page(client, "hotspot-policing")
    assert "No source names or defines this theme" in text


def test_a_theme_a_document_defines_cites_it_instead(client):
    source = make_source(title="A glossary of violence reduction")
    Theme.objects.filter(slug="knife-crime").update(
        definition_source=source, definition_section="Glossary: knife crime"
    )
    text = theme_page(client, "knife-crime")
    assert "Definition from A glossary of violence reduction, Glossary: knife crime." in text
    assert "Catalogue\u2019s own definition" not in text
    index = text_of(client.get(THEMES))
    assert "Definition from A glossary of violence reduction, Glossary: knife crime." in index
