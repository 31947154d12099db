"""The search vocabulary as data: the seeded gazetteer and abbreviations are complete and
consistent, and the rules a curator's row must keep are kept."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from interventions.models import (
    Force,
    ForceAlias,
    Place,
    PlaceKind,
    Region,
    SearchTerm,
    SearchWord,
    Theme,
    search_key,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(seeded_catalogue):
    pass


def territorial_forces():
    return Force.objects.exclude(region=Region.NATIONAL)


def test_every_one_of_the_44_forces_has_an_abbreviation_or_other_name(seeded):
    forces = Force.objects.all()
    assert forces.count() == 44
    assert not forces.exclude(pk__in=ForceAlias.objects.values("force"))


def test_every_territorial_force_has_places_in_its_area(seeded):
    assert not territorial_forces().exclude(pk__in=Place.objects.values("force"))


def test_every_place_is_in_the_region_of_its_force(seeded):
    assert Place.objects.filter(force__isnull=False).count() > 400
    assert not Place.objects.filter(force__isnull=False).exclude(region=F("force__region"))


def test_every_region_is_named_in_the_gazetteer(seeded):
    named = set(Place.objects.filter(kind=PlaceKind.REGION).values_list("region", flat=True))
    assert named == set(Region.values) - {Region.NATIONAL}


@pytest.mark.parametrize(
    ("place", "force"),
    [
        ("Blackpool", "lancashire"),
        ("Preston", "lancashire"),
        ("Bristol", "avon-and-somerset"),
        ("Luton", "bedfordshire"),
        ("Middlesbrough", "cleveland"),
        ("Hull", "humberside"),
        ("Milton Keynes", "thames-valley"),
        ("Stoke-on-Trent", "staffordshire"),
        ("Newcastle upon Tyne", "northumbria"),
        ("Newcastle-under-Lyme", "staffordshire"),
        ("Swansea", "south-wales"),
        ("Wrexham", "north-wales"),
        ("Telford", "west-mercia"),
        ("Croydon", "metropolitan"),
    ],
)
def test_principal_towns_are_in_their_police_force_area(seeded, place, force):
    assert Place.objects.get_by_natural_key(place).force.slug == force


@pytest.mark.parametrize(
    ("alias", "force"),
    [
        ("Lancs", "lancashire"),
        ("GMP", "greater-manchester"),
        ("the Met", "metropolitan"),
        ("TVP", "thames-valley"),
        ("WMP", "west-midlands"),
        ("Notts", "nottinghamshire"),
        ("Beds", "bedfordshire"),
        ("Herts", "hertfordshire"),
        ("BTP", "british-transport-police"),
    ],
)
def test_everyday_abbreviations_name_their_force(seeded, alias, force):
    assert ForceAlias.objects.get_by_natural_key(alias).force.slug == force


def test_search_keys_ignore_capitals_hyphens_and_surrounding_punctuation():
    assert search_key("  Stoke-on-Trent, ") == "stoke on trent"
    assert search_key("A&E") == "a&e"
    assert search_key("“the Met”") == "the met"
    assert search_key("\uff2c\uff41\uff4e\uff43\uff53") == "lancs"  # full-width letters


def test_a_word_already_listed_with_other_capitals_is_refused_in_words(seeded):
    term = SearchTerm(phrase="STABBING!")
    with pytest.raises(ValidationError, match="already in the list"):
        term.full_clean()


def test_a_town_must_name_its_force_and_a_region_must_not():
    town = Place(name="Nowhere Town", kind=PlaceKind.TOWN, region=Region.NORTH_WEST)
    with pytest.raises(ValidationError, match="police force"):
        town.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        town.save()
    region = Place(
        name="Far North",
        kind=PlaceKind.REGION,
        region=Region.NORTH_WEST,
        force=Force.objects.get(slug="cumbria"),
    )
    with pytest.raises(ValidationError, match="spans several forces"):
        region.full_clean()


def test_a_place_in_another_region_than_its_force_is_refused_in_words():
    place = Place(
        name="Somewhere",
        kind=PlaceKind.TOWN,
        force=Force.objects.get(slug="lancashire"),
        region=Region.LONDON,
    )
    with pytest.raises(ValidationError, match="is in North West"):
        place.full_clean()


def test_saving_a_word_lists_its_words_for_did_you_mean_and_deleting_it_removes_them():
    term = SearchTerm.objects.create(phrase="Shanking incidents")
    term.themes.set([Theme.objects.get(slug="knife-crime")])
    assert SearchWord.objects.filter(word__in=["shanking", "incidents"]).count() == 2
    term.delete()
    assert not SearchWord.objects.filter(word="shanking").exists()
    # The catalogue's own theme names stay listed.
    assert SearchWord.objects.filter(word="knife").exists()
