import pytest

from interventions.models import Country, Force, Purpose, Region, Setting, Theme

pytestmark = pytest.mark.django_db

VVCP_THEMES = [
    "Gangs and youth violence",
    "Vulnerability and early intervention",
    "Vulnerable children and child protection",
    "Risk assessment and management",
    "County lines",
    "Child sexual abuse and exploitation",
]


def test_all_43_territorial_forces_and_british_transport_police_exist_after_migrate():
    assert Force.objects.count() == 44
    assert Force.objects.filter(name="British Transport Police").exists()
    assert Force.objects.exclude(region=Region.NATIONAL).count() == 43


def test_forces_are_spread_across_the_nine_english_regions_and_wales():
    regions = {region: Force.objects.filter(region=region).count() for region in Region.values}
    assert regions == {
        "north-east": 3,
        "north-west": 5,
        "yorkshire-and-the-humber": 4,
        "east-midlands": 5,
        "west-midlands": 4,
        "east-of-england": 6,
        "london": 2,
        "south-east": 5,
        "south-west": 5,
        "wales": 4,
        "national": 1,
    }


def test_welsh_forces_are_in_wales_and_the_rest_in_england():
    assert set(Force.objects.filter(country=Country.WALES).values_list("slug", flat=True)) == {
        "dyfed-powys",
        "gwent",
        "north-wales",
        "south-wales",
    }
    assert Force.objects.filter(country=Country.ENGLAND).count() == 39


def test_the_six_vvcp_themes_and_the_case_study_themes_exist():
    names = set(Theme.objects.values_list("name", flat=True))
    assert set(VVCP_THEMES) <= names
    assert {"Knife crime", "Hospital-based intervention", "Hotspot policing"} <= names
    assert all(Theme.objects.values_list("description", flat=True))


def test_the_four_purpose_types_of_the_call_for_practice_exist_in_order():
    assert list(Purpose.objects.values_list("name", flat=True)) == [
        "Prevention",
        "Diversion",
        "Reoffending",
        "Location",
    ]


def test_settings_include_custody_and_the_emergency_department():
    assert {"custody", "emergency-department", "school", "online"} <= set(
        Setting.objects.values_list("slug", flat=True)
    )
