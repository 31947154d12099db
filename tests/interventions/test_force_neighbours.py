"""Which forces border each other: data loaded by migration, for "Nearby forces"."""

import pytest

from interventions.models import Force

pytestmark = pytest.mark.django_db

APART = "british-transport-police"


def neighbours():
    return {
        force.slug: {other.slug for other in force.neighbours.all()}
        for force in Force.objects.prefetch_related("neighbours")
    }


def test_bordering_is_symmetric():
    borders = neighbours()
    one_way = [(a, b) for a, others in borders.items() for b in others if a not in borders[b]]
    assert one_way == []


def test_every_territorial_force_has_a_neighbour_and_none_borders_itself():
    borders = neighbours()
    assert len(borders) == 44
    alone = [slug for slug, others in borders.items() if not others and slug != APART]
    assert alone == []
    assert [slug for slug, others in borders.items() if slug in others] == []


def test_british_transport_police_polices_no_area_so_borders_no_force():
    assert neighbours()[APART] == set()


@pytest.mark.parametrize(
    ("force", "borders", "does_not_border"),
    [
        (
            "lancashire",
            {"cumbria", "north-yorkshire", "west-yorkshire", "greater-manchester", "merseyside"},
            {"cheshire"},
        ),
        ("city-of-london", {"metropolitan"}, {"kent"}),
        ("north-wales", {"cheshire", "west-mercia", "dyfed-powys"}, {"merseyside"}),
        ("kent", {"metropolitan", "surrey", "sussex"}, {"essex"}),
        ("devon-and-cornwall", {"avon-and-somerset", "dorset"}, {"wiltshire"}),
    ],
)
def test_known_borders_are_recorded_and_crossings_over_water_are_not(
    force, borders, does_not_border
):
    recorded = neighbours()[force]
    assert borders == recorded
    assert not recorded & does_not_border


def test_adding_a_neighbour_in_one_direction_records_both(db):
    kent = Force.objects.get(slug="kent")
    essex = Force.objects.get(slug="essex")
    kent.neighbours.add(essex)
    assert kent in essex.neighbours.all()
