"""The tile map of forces on the home page and at /forces/, and its list equivalent."""

import re

import pytest
from django.urls import reverse

from evidence.forcemap import APART, GRID, SHADES, shade_for, tile_map
from interventions.models import Force
from tests.evidence.conftest import SVG, parse_svg
from tests.factories import make_intervention
from tests.pages import text_of

pytestmark = pytest.mark.django_db


def map_of(response):
    found = re.search(r'<svg[^>]*id="force-map".*?</svg>', response.content.decode(), flags=re.S)
    assert found, "no force map on the page"
    return parse_svg(found.group(0))


def tiles(root):
    """Each tile's link: {address: accessible name}."""
    return {link.get("href"): link.get("aria-label") for link in root.iter(f"{SVG}a")}


def test_the_grid_places_every_force_in_the_catalogue_once_and_no_two_in_one_square():
    assert set(GRID) == set(Force.objects.values_list("slug", flat=True))
    assert len(GRID) == 44
    cells = [(column, row) for column, row, _ in GRID.values()]
    assert len(cells) == len(set(cells))


def test_the_grid_keeps_the_rough_geography_of_england_and_wales():
    def column(slug):
        return GRID[slug][0]

    def row(slug):
        return GRID[slug][1]

    assert row("northumbria") < row("west-yorkshire") < row("west-midlands") < row("sussex")
    assert (
        column("north-wales") < column("cheshire") < column("derbyshire") < column("lincolnshire")
    )
    assert (
        column("south-wales")
        < column("gloucestershire")
        < column("thames-valley")
        < column("suffolk")
    )
    assert column("metropolitan") < column("kent")


@pytest.mark.parametrize("url", [reverse("catalogue:home"), reverse("catalogue:forces")])
def test_each_tile_links_to_its_force_and_is_named_with_its_published_count(client, force, url):
    make_intervention(forces=[force("sussex")])
    make_intervention(forces=[force("sussex"), force("kent")])
    make_intervention(forces=[force("sussex")], state="draft")
    make_intervention(forces=[force("kent")], state="in-review")
    links = tiles(map_of(client.get(url)))
    assert len(links) == 44
    assert links["/forces/sussex/"] == "Sussex 2: Sussex Police, 2 published entries"
    assert links["/forces/kent/"] == "Kent 1: Kent Police, 1 published entry"
    assert links["/forces/dorset/"] == "Dorset 0: Dorset Police, 0 published entries"


@pytest.mark.parametrize("url", [reverse("catalogue:home"), reverse("catalogue:forces")])
def test_every_tiles_name_starts_with_the_text_it_shows(client, force, url):
    make_intervention(forces=[force("bedfordshire"), force("dyfed-powys")])
    root = map_of(client.get(url))
    names = {}
    for link in root.iter(f"{SVG}a"):
        shown = [" ".join("".join(text.itertext()).split()) for text in link.iter(f"{SVG}text")]
        # Lines broken at a hyphen read as one word: "Dyfed-" and "Powys" are "Dyfed-Powys".
        visible = " ".join(shown).replace("- ", "-")
        name = link.get("aria-label")
        assert name.startswith(visible), (visible, name)
        names[link.get("href")] = name
    assert len(names) == 44
    assert names["/forces/bedfordshire/"] == ("Beds 1: Bedfordshire Police, 1 published entry")
    assert names["/forces/dyfed-powys/"].startswith("Dyfed-Powys 1: ")


def test_each_tile_prints_its_count_so_shade_is_not_the_only_cue(client, force):
    make_intervention(forces=[force("sussex")])
    root = map_of(client.get(reverse("catalogue:forces")))
    sussex = next(link for link in root.iter(f"{SVG}a") if link.get("href") == "/forces/sussex/")
    texts = ["".join(text.itertext()) for text in sussex.iter(f"{SVG}text")]
    assert texts == ["Sussex", "1"]
    assert "".join(sussex.find(f"{SVG}title").itertext()) == "Sussex Police: 1 published entry"


def test_tiles_are_shaded_in_steps_that_the_legend_names():
    assert [shade_for(count).label for count in (0, 1, 2, 3, 4, 40)] == [
        "None",
        "1",
        "2 or 3",
        "2 or 3",
        "4 or more",
        "4 or more",
    ]
    forces = list(Force.objects.all())
    for number, force in enumerate(forces):
        force.entry_count = number % 6
    root = parse_svg(tile_map(forces))
    legend = root.find(f".//{SVG}g[@class='map-legend']")
    labels = ["".join(text.itertext()) for text in legend.iter(f"{SVG}text")]
    assert labels == ["Published entries", *(shade.label for shade in SHADES)]
    fills = {shade.fill for shade in SHADES}
    tile_fills = {
        rect.get("fill") for rect in root.iter(f"{SVG}rect") if rect.get("class") == "tile"
    }
    assert tile_fills == fills


def test_british_transport_police_stands_apart_with_a_note(client):
    root = map_of(client.get(reverse("catalogue:forces")))
    btp = next(link for link in root.iter(f"{SVG}a") if link.get("href") == f"/forces/{APART}/")
    assert btp.find(f"{SVG}rect").get("stroke-dasharray")
    texts = ["".join(text.itertext()) for text in root.iter(f"{SVG}text")]
    assert "Railways across" in texts and "Great Britain" in texts


def test_the_map_is_a_named_group_so_its_links_stay_reachable(client):
    root = map_of(client.get(reverse("catalogue:forces")))
    # role="img" would hide the tiles' links from screen readers.
    assert root.get("role") == "group"
    assert root.find(f"{SVG}title").get("id") == root.get("aria-labelledby")
    assert root.find(f"{SVG}desc").get("id") == root.get("aria-describedby")


def test_the_forces_page_lists_every_force_by_region_beside_the_map(client, force):
    make_intervention(forces=[force("sussex")])
    response = client.get(reverse("catalogue:forces"))
    assert response.status_code == 200
    text = text_of(response)
    assert "Police forces" in text
    assert "South East (1 published entry)" in text
    assert "Sussex Police (1 published entry)" in text
    assert "British Transport Police (0 published entries)" in text
    assert (
        "1 of the 44 forces (the 43 territorial police forces of England and Wales and British "
        "Transport Police) leads at least one" in text
    )


def test_the_forces_page_is_in_the_main_navigation_and_the_sitemap(client):
    home = client.get(reverse("catalogue:home")).content.decode()
    assert f'href="{reverse("catalogue:forces")}"' in home
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/forces/</loc>" in sitemap
    assert "<loc>http://testserver/outcomes/</loc>" in sitemap


def test_a_force_page_leads_back_to_the_forces_page(client):
    content = client.get(reverse("catalogue:force", args=["sussex"])).content.decode()
    assert f'<a href="{reverse("catalogue:forces")}">Forces and regions</a>' in content


def test_a_map_drawn_again_shows_the_counts_of_the_moment():
    forces = list(Force.objects.filter(slug__in=["kent", "sussex"]))
    for force in forces:
        force.entry_count = 1
    before = tile_map(forces)
    forces[0].entry_count = 7
    after = tile_map(forces)
    assert after != before
    assert f"{forces[0].name}: 7 published entries" in after
    assert f"{forces[1].name}: 1 published entry" in after
    forces[0].entry_count = 1
    assert tile_map(forces) == before
