"""/regions/<slug>/: a region's forces, figures and published entries."""

import pytest
from django.urls import reverse

from tests.factories import make_intervention, make_outcome, make_report, make_source
from tests.pages import result_names, text_of

pytestmark = pytest.mark.django_db


def region_page(client, slug, **params):
    return client.get(reverse("catalogue:region", args=[slug]), params)


def test_it_lists_the_regions_forces_figures_and_published_entries(client, force, theme):
    source = make_source()
    led = make_intervention(
        name="Manchester work",
        forces=[force("greater-manchester")],
        themes=[theme("knife-crime")],
        evidence_stage="locally-evaluated",
    )
    make_intervention(name="Cumbria work", forces=[force("cumbria")], themes=[theme("knife-crime")])
    make_intervention(name="Kent work", forces=[force("kent")])
    draft = make_intervention(name="Draft work", forces=[force("cumbria")], state="draft")
    make_report([led], source=source)
    make_outcome(led, source=source)
    make_outcome(draft, source=source, key="draft-figure")
    response = region_page(client, "north-west")
    assert response.status_code == 200
    assert result_names(response) == ["Cumbria work", "Manchester work"]
    context = response.context
    assert context["paginator"].count == 2
    assert context["with_report"] == 1
    assert context["outcome_count"] == 1
    assert context["forces_with_entries"] == 2
    assert [item.slug for item in context["forces"]] == [
        "cheshire",
        "cumbria",
        "greater-manchester",
        "lancashire",
        "merseyside",
    ]
    assert {option.value: option.count for option in context["themes"]} == {"knife-crime": 2}
    text = text_of(response)
    assert "North West" in text
    assert "Draft work" not in text
    assert "Knife crime (2)" in text


def test_the_regions_figures_follow_publishing_and_a_move_to_another_region(client, force):
    entry = make_intervention(name="Moving work", forces=[force("cumbria")])
    make_outcome(entry, key="first")
    make_outcome(entry, key="second")
    assert region_page(client, "north-west").context["outcome_count"] == 2
    entry.publication_state = "draft"
    entry.save()
    assert region_page(client, "north-west").context["outcome_count"] == 0
    entry.publication_state = "published"
    entry.save()
    entry.forces.set([force("kent")])
    assert region_page(client, "north-west").context["outcome_count"] == 0
    assert region_page(client, "south-east").context["outcome_count"] == 2
    assert "Outcome figures reported 2" in text_of(region_page(client, "south-east"))


def test_an_entry_led_by_two_forces_of_the_region_counts_once(client, force):
    make_intervention(forces=[force("cumbria"), force("lancashire")])
    assert region_page(client, "north-west").context["paginator"].count == 1


def test_a_region_without_published_entries_says_so(client, force):
    make_intervention(forces=[force("gwent")], state="draft")
    response = region_page(client, "wales")
    assert response.status_code == 200
    assert "No intervention led by a force in Wales has been published" in text_of(response)


@pytest.mark.parametrize(
    "slug", ["nowhere", "North-West", "north-west-", "x" * 300, "%00", "..%2f", "<script>"]
)
def test_an_unknown_or_hostile_region_is_not_found(client, slug):
    response = client.get(f"/regions/{slug}/")
    assert response.status_code == 404


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999999999999999999", "1.5", "\x00"])
def test_a_bad_page_number_shows_a_real_page_and_says_so(client, force, page):
    make_intervention(forces=[force("kent")])
    response = region_page(client, "south-east", page=page)
    assert response.status_code == 200
    assert response.context["page_obj"].number == 1
    assert response.context["notices"]


def test_the_force_pages_and_the_forces_index_link_their_region(client):
    assert 'href="/regions/north-west/"' in client.get("/forces/lancashire/").content.decode()
    assert 'href="/regions/north-west/"' in client.get("/forces/").content.decode()
