"""Practice the sources name only in passing is listed with its source, not made an entry."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from interventions.models import Intervention, UncataloguedMention
from tests.documents import document_text
from tests.factories import make_intervention, make_source
from tests.pages import text_of

pytestmark = pytest.mark.django_db

HOME = reverse("catalogue:home")
KEN = "ken-meeting-two-vrus"


@pytest.fixture
def seeded():
    call_command("seed_catalogue", verbosity=0)


def test_the_ken_notes_passing_mentions_are_listed_under_the_notes_with_why(client, seeded):
    text = text_of(client.get(HOME))
    assert "Mentioned in this source but not catalogued" in text
    for name, section in [
        ("LEAD", "Lessons learned and future development"),
        ("YOLO programme", "Influencing change across a wider system"),
        ("Junction 42", "Influencing change across a wider system"),
    ]:
        assert f"{name} ({section})." in text
    assert "Why no entry: The notes give no place" in text
    content = client.get(HOME).content.decode()
    assert 'id="mention-ken-meeting-two-vrus-junction-42"' in content


def test_each_mention_is_in_its_document_under_the_section_named(seeded):
    notes = document_text(KEN)
    mentions = UncataloguedMention.objects.filter(source__slug=KEN)
    assert mentions.count() == 3
    for mention in mentions:
        heading = notes.index(mention.section)
        following = [
            notes.find(other, heading + 1)
            for other in ("Emerging practice", "Influencing change across", "Lessons learned")
        ]
        end = min([position for position in following if position > heading] or [len(notes)])
        assert mention.name.split()[0] in notes[heading:end], mention.name


def test_no_entry_is_made_for_what_the_notes_mention_in_passing(seeded):
    for name in ("LEAD", "YOLO", "Junction 42"):
        assert not Intervention.objects.filter(name__icontains=name).exists()


def test_a_source_with_no_published_entry_shows_no_mentions(client):
    hidden = make_source(title="Draft-only notes", slug="draft-only-notes")
    make_intervention(sources=[hidden], state="draft")
    UncataloguedMention.objects.create(
        source=hidden,
        key="secret",
        name="Secret scheme",
        section="Opening",
        what_the_source_says="Named.",
        why_not_an_entry="Nothing more.",
    )
    assert "Secret scheme" not in text_of(client.get(HOME))
    assert not UncataloguedMention.objects.public().exists()
