"""Every rating says who made it; the catalogue team's shared judgement is shown as such."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from evaluations.models import EvidenceRating
from tests.factories import make_intervention, make_rating
from tests.pages import text_of

pytestmark = pytest.mark.django_db

RATINGS = reverse("catalogue:evidence-ratings")
TEAM_SHOWN = (
    "Rated by VKPP catalogue curators (the catalogue team\u2019s collective judgement, "
    "not one person\u2019s), 30 November 2026"
)


def test_every_seeded_rating_is_the_catalogue_teams_and_the_entry_says_so(client):
    call_command("seed_catalogue", verbosity=0)
    ratings = EvidenceRating.objects.select_related("intervention")
    assert ratings.count() == 14
    for rating in ratings:
        assert rating.rated_by == "VKPP catalogue curators"
        response = client.get(rating.intervention.get_absolute_url())
        assert TEAM_SHOWN in text_of(response), rating.intervention.slug
        assert f'href="{RATINGS}#who-rates"' in response.content.decode()


def test_the_ratings_page_says_the_team_name_is_not_a_person(client):
    text = text_of(client.get(RATINGS))
    assert "Each entry names who rated it and when." in text
    assert (
        "“VKPP catalogue curators” is not a person: it stands for the catalogue team\u2019s "
        "collective judgement, not one person\u2019s" in text
    )


def test_a_rating_by_a_named_curator_carries_no_team_note(client):
    entry = make_intervention(name="Rated by one")
    make_rating(entry, rated_by="Alex Curator")
    text = text_of(client.get(entry.get_absolute_url()))
    assert "Rated by Alex Curator, " in text
    assert "collective judgement" not in text
