"""Lessons are added on the entry's admin page, by editors and curators, checked on the server."""

import pytest
from django.urls import reverse

from interventions.models import Lesson, PublicationState
from tests.admin_forms import form_data
from tests.factories import make_intervention, make_source

pytestmark = pytest.mark.django_db


def change_url(entry):
    return reverse("admin:interventions_intervention_change", args=[entry.pk])


def with_a_lesson(client, entry, **lesson):
    data = form_data(client.get(change_url(entry)), "intervention_form")
    data.update(
        {
            # A published entry's change carries its reason (curation.revisions).
            "change_reason": "Lesson added from the case study",
            "lessons-TOTAL_FORMS": "1",
            "lessons-0-key": "trust-first",
            "lessons-0-position": "1",
            "lessons-0-text": "Trust comes before challenge.",
            "lessons-0-source": str(make_source().pk),
            "lessons-0-source_section": "Case study 3, Key challenges and lessons learnt",
            **{f"lessons-0-{name}": value for name, value in lesson.items()},
        }
    )
    return client.post(change_url(entry), data)


def test_an_editor_adds_a_lesson_inline_on_the_entrys_page(editor_client):
    entry = make_intervention(state=PublicationState.DRAFT)
    assert 'id="lessons-group"' in editor_client.get(change_url(entry)).content.decode()
    response = with_a_lesson(editor_client, entry)
    assert response.status_code == 302, response.content.decode()[:2000]
    lesson = Lesson.objects.get(intervention=entry)
    assert lesson.text == "Trust comes before challenge."
    assert lesson.source_section.startswith("Case study 3")


@pytest.mark.parametrize(
    "field, value",
    [
        ("source_section", ""),
        ("key", "not a slug!"),
        ("key", "k" * 101),
        ("source_section", "s" * 201),
        ("source", "999999"),
        ("position", "-1"),
    ],
)
def test_a_lesson_with_a_missing_or_malformed_field_is_refused_with_a_message(
    editor_client, field, value
):
    entry = make_intervention(state=PublicationState.DRAFT)
    response = with_a_lesson(editor_client, entry, **{field: value})
    assert response.status_code == 200
    assert "Please correct the error" in response.content.decode()
    assert not Lesson.objects.exists()


def test_a_hostile_lesson_text_is_stored_as_text_and_shown_escaped(curator_client, client):
    entry = make_intervention(slug="open")
    with_a_lesson(curator_client, entry, text="<script>alert(1)</script>")
    client.logout()
    content = client.get(reverse("catalogue:detail", args=["open"])).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
