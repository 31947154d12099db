import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from interventions.models import Intervention, PublicationState
from tests.factories import make_intervention

pytestmark = pytest.mark.django_db


def test_the_database_refuses_an_age_range_whose_minimum_is_above_its_maximum():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_intervention(age_min=18, age_max=10)
    assert not Intervention.objects.exists()


def test_an_open_ended_age_range_is_allowed():
    make_intervention(age_min=18)
    make_intervention(age_max=25)
    assert Intervention.objects.count() == 2


def test_the_database_refuses_an_end_year_before_the_start_year():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_intervention(start_year=2022, end_year=2019)


def test_the_database_refuses_two_entries_with_the_same_slug():
    make_intervention(slug="op-deter")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_intervention(slug="op-deter")


def test_the_admin_form_explains_a_bad_age_range_in_words():
    intervention = Intervention(name="X", slug="x", summary="S", age_min=18, age_max=10)
    with pytest.raises(ValidationError) as error:
        intervention.full_clean()
    assert error.value.message_dict["age_max"] == [
        "The oldest age cannot be below the youngest age."
    ]


def test_publishing_sets_the_published_date_once():
    intervention = make_intervention(state=PublicationState.DRAFT)
    assert intervention.published_at is None
    intervention.publication_state = PublicationState.PUBLISHED
    intervention.save()
    first_published = intervention.published_at
    assert first_published is not None
    intervention.name = "Renamed"
    intervention.save()
    intervention.refresh_from_db()
    assert intervention.published_at == first_published


def test_the_database_refuses_a_published_entry_without_a_published_date():
    intervention = make_intervention(state=PublicationState.DRAFT)
    with pytest.raises(IntegrityError), transaction.atomic():
        Intervention.objects.filter(pk=intervention.pk).update(
            publication_state=PublicationState.PUBLISHED
        )


def test_suitable_for_age_matches_open_and_closed_ranges():
    teen = make_intervention(age_min=10, age_max=18)
    adult = make_intervention(age_min=18, age_max=25)
    anyone = make_intervention()
    assert set(Intervention.objects.suitable_for_age(15)) == {teen, anyone}
    assert set(Intervention.objects.suitable_for_age(18)) == {teen, adult, anyone}


def test_evidence_rank_orders_from_untested_to_independently_evaluated():
    strong = make_intervention(evidence_stage="independently-evaluated")
    weak = make_intervention(evidence_stage="untested")
    middle = make_intervention(evidence_stage="early-outcomes")
    ranked = Intervention.objects.with_evidence_rank().order_by("evidence_rank")
    assert list(ranked) == [weak, middle, strong]
