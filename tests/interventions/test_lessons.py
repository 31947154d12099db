"""Lessons from delivery: the model, the entry's page, the API and downloads, published only."""

import csv
import io
import json

import pytest
from django.db import IntegrityError
from django.urls import reverse

from interventions.models import Lesson
from tests.factories import make_intervention, make_source

pytestmark = pytest.mark.django_db


def make_lesson(entry, **fields):
    defaults = {
        "key": "trust-first",
        "text": "Trust comes before challenge.",
        "source_section": "Case study 3, Key challenges and lessons learnt",
        "position": 1,
    }
    if "source" not in fields:
        defaults["source"] = make_source(title="PCCs Making a Difference")
    return Lesson.objects.create(intervention=entry, **{**defaults, **fields})


def body_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_lesson_names_its_entry_and_links_to_its_place_on_the_page():
    entry = make_intervention(slug="hkc")
    lesson = make_lesson(entry)
    assert str(lesson) == f"Lesson from {entry}: trust-first"
    assert lesson.get_absolute_url() == "/interventions/hkc/#lesson-trust-first"
    assert Lesson.objects.get_by_natural_key("hkc", "trust-first") == lesson


def test_two_lessons_of_one_entry_cannot_share_a_key():
    entry = make_intervention()
    make_lesson(entry)
    with pytest.raises(IntegrityError):
        make_lesson(entry)


def test_the_entry_page_lists_what_others_learnt_in_order_with_sources(client):
    entry = make_intervention(slug="hkc")
    make_lesson(entry, key="second", text="Map peer networks too.", position=2)
    make_lesson(entry, key="first", text="Trust comes before challenge.", position=1)
    content = client.get(reverse("catalogue:detail", args=["hkc"])).content.decode()
    assert '<h2 id="lessons">What others learnt</h2>' in content
    assert content.index("Trust comes before challenge.") < content.index("Map peer networks")
    assert "PCCs Making a Difference, Case study 3, Key challenges and lessons learnt" in content
    assert 'id="lesson-first"' in content


def test_an_entry_without_lessons_has_no_empty_section(client):
    make_intervention(slug="plain")
    content = client.get(reverse("catalogue:detail", args=["plain"])).content.decode()
    assert "What others learnt" not in content


def test_a_drafts_lessons_reach_no_public_surface(client):
    draft = make_intervention(state="draft", slug="draft-entry")
    make_lesson(draft, text="A draft's private lesson.")
    published = make_intervention(slug="public-entry")
    make_lesson(published, key="public", text="A public lesson.")
    assert client.get(reverse("catalogue:detail", args=["draft-entry"])).status_code == 404
    surfaces = [
        client.get(reverse("api:intervention-list")),
        client.get(reverse("downloads:csv")),
        client.get(reverse("downloads:json")),
        client.get(reverse("catalogue:detail", args=["public-entry"])),
    ]
    for response in surfaces:
        body = body_of(response).decode("utf-8")
        assert "A draft's private lesson." not in body
        assert "A public lesson." in body
    assert Lesson.objects.of_published().count() == 1


def test_the_api_and_json_download_give_lessons_as_a_list_with_their_source(client):
    entry = make_intervention(slug="hkc")
    make_lesson(entry)
    api = client.get(reverse("api:intervention-detail", args=["hkc"])).json()
    assert api["lessons"] == [
        {
            "key": "trust-first",
            "text": "Trust comes before challenge.",
            "source": {
                "slug": Lesson.objects.get().source.slug,
                "title": "PCCs Making a Difference",
                "publisher": Lesson.objects.get().source.publisher,
                "url": Lesson.objects.get().source.url,
                "section": "Case study 3, Key challenges and lessons learnt",
            },
        }
    ]
    download = json.loads(body_of(client.get(reverse("downloads:json"))))
    assert download["interventions"][0]["lessons"] == api["lessons"]


def test_the_csv_download_joins_an_entrys_lessons_in_one_column(client):
    entry = make_intervention(slug="hkc")
    make_lesson(entry, key="b", text="Second.", position=2)
    make_lesson(entry, key="a", text="First.", position=1)
    body = body_of(client.get(reverse("downloads:csv"))).decode("utf-8").removeprefix("\ufeff")
    (row,) = csv.DictReader(io.StringIO(body))
    assert row["lessons"] == "First.; Second."
