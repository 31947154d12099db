"""Each force's page names the forces bordering it, with their published entries."""

import pytest
from django.urls import reverse

from tests.factories import make_intervention
from tests.pages import text_of

pytestmark = pytest.mark.django_db


def nearby(client, slug):
    response = client.get(reverse("catalogue:force", args=[slug]))
    assert response.status_code == 200
    return response, {force.slug: force for force in response.context["nearby"]}


def test_a_force_with_one_entry_suggests_its_neighbours_entries(client, force):
    make_intervention(name="Lancashire work", forces=[force("lancashire")])
    make_intervention(name="Manchester work", forces=[force("greater-manchester")])
    make_intervention(name="Merseyside draft", forces=[force("merseyside")], state="draft")
    response, forces = nearby(client, "lancashire")
    assert set(forces) == {
        "cumbria",
        "greater-manchester",
        "merseyside",
        "north-yorkshire",
        "west-yorkshire",
    }
    assert [entry.name for entry in forces["greater-manchester"].latest] == ["Manchester work"]
    assert forces["greater-manchester"].entry_count == 1
    # Drafts are neither counted nor listed.
    assert forces["merseyside"].entry_count == 0
    assert forces["merseyside"].latest == []
    text = text_of(response)
    assert "Nearby forces" in text
    assert "Manchester work" in text
    assert "Merseyside draft" not in text


def test_each_neighbour_shows_its_three_most_recent_entries_and_links_the_rest(client, force):
    for number in range(5):
        make_intervention(name=f"Cheshire {number}", forces=[force("cheshire")])
    response, forces = nearby(client, "merseyside")
    assert [entry.name for entry in forces["cheshire"].latest] == [
        "Cheshire 4",
        "Cheshire 3",
        "Cheshire 2",
    ]
    assert "All 5 from Cheshire" in text_of(response)


def test_an_entry_led_by_two_neighbours_is_listed_under_each(client, force):
    make_intervention(name="Shared", forces=[force("cumbria"), force("merseyside")])
    _, forces = nearby(client, "lancashire")
    assert [entry.name for entry in forces["cumbria"].latest] == ["Shared"]
    assert [entry.name for entry in forces["merseyside"].latest] == ["Shared"]


def test_british_transport_police_says_it_has_no_area_to_border(client):
    response, forces = nearby(client, "british-transport-police")
    assert forces == {}
    assert "polices no area of its own" in text_of(response)
