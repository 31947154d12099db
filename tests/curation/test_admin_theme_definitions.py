"""Curators keep where each theme's description comes from, and the list of practice a source
names only in passing; editors read both, and a change they post is refused on the server."""

import pytest
from django.urls import reverse

from interventions.models import Theme, UncataloguedMention
from tests.factories import make_intervention, make_source
from tests.pages import text_of

pytestmark = pytest.mark.django_db


def theme_form(theme, **changes):
    return {
        "name": theme.name,
        "slug": theme.slug,
        "description": theme.description,
        "definition_source": "",
        "definition_section": "",
        "definition_by": theme.definition_by,
        "definition_note": theme.definition_note,
        **changes,
    }


def mention_form(document, **changes):
    return {
        "source": document.pk,
        "key": "street-project",
        "name": "Street project",
        "section": "Opening",
        "what_the_source_says": "Named as an example.",
        "why_not_an_entry": "No place or activity is given.",
        "position": "0",
        **changes,
    }


def test_a_curator_records_who_wrote_a_themes_description(curator_client, client):
    theme = Theme.objects.order_by("pk").first()
    change = reverse("admin:interventions_theme_change", args=[theme.pk])

    response = curator_client.post(
        change,
        theme_form(
            theme,
            definition_by="The catalogue's editorial board",
            definition_note="No document defines it.",
        ),
    )

    assert response.status_code == 302
    theme.refresh_from_db()
    assert theme.definition_by == "The catalogue's editorial board"
    client.logout()
    assert "The catalogue's editorial board" in text_of(client.get(theme.get_absolute_url()))


def test_an_editors_change_to_a_themes_definition_is_refused(editor_client):
    theme = Theme.objects.order_by("pk").first()
    before = Theme.objects.filter(pk=theme.pk).values().get()

    response = editor_client.post(
        reverse("admin:interventions_theme_change", args=[theme.pk]),
        theme_form(theme, definition_by="An editor"),
    )

    assert response.status_code == 403
    assert Theme.objects.filter(pk=theme.pk).values().get() == before


def test_a_curator_lists_a_passing_mention_beside_its_source(curator_client, client):
    source = make_source(title="Meeting notes", slug="meeting-notes")
    make_intervention(sources=[source])

    response = curator_client.post(
        reverse("admin:interventions_uncataloguedmention_add"), mention_form(source)
    )

    assert response.status_code == 302
    client.logout()
    assert "Street project (Opening)." in text_of(client.get(reverse("catalogue:home")))


def test_an_editor_cannot_add_a_passing_mention(editor_client):
    source = make_source(title="Meeting notes", slug="meeting-notes")

    response = editor_client.post(
        reverse("admin:interventions_uncataloguedmention_add"), mention_form(source)
    )

    assert response.status_code == 403
    assert not UncataloguedMention.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"key": "not a slug!"},
        {"name": "x" * 5000},
        {"source": "999999"},
        {"position": "-4"},
    ],
)
def test_a_malformed_mention_is_refused_with_the_form_kept(curator_client, changes):
    source = make_source(title="Meeting notes", slug="meeting-notes")

    response = curator_client.post(
        reverse("admin:interventions_uncataloguedmention_add"), mention_form(source, **changes)
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not UncataloguedMention.objects.exists()


def test_a_mention_with_a_nul_byte_is_refused_and_nothing_is_stored(curator_client):
    source = make_source(title="Meeting notes", slug="meeting-notes")

    response = curator_client.post(
        reverse("admin:interventions_uncataloguedmention_add"),
        mention_form(source, what_the_source_says="Named\x00 here."),
    )

    assert response.status_code == 400
    assert not UncataloguedMention.objects.exists()
