"""The seeded catalogue as a whole meets the bar every published entry must meet."""

import pytest
from django.db.models import Count, Q

from evaluations.models import OutcomeMetric
from interventions.models import Intervention, PublicationState

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(seeded_catalogue):
    pass


def test_every_seeded_entry_is_published(seeded):
    assert Intervention.objects.count() == 37
    assert not Intervention.objects.exclude(publication_state=PublicationState.PUBLISHED)


def test_every_published_entry_has_a_summary_theme_force_or_organisation_and_source(seeded):
    entries = Intervention.objects.published().annotate(
        themes_count=Count("themes", distinct=True),
        forces_count=Count("forces", distinct=True),
        partners_count=Count("partner_roles", distinct=True),
        sources_count=Count("citations", distinct=True),
    )
    lacking = entries.filter(
        Q(summary="") | Q(themes_count=0) | Q(forces_count=0, partners_count=0) | Q(sources_count=0)
    )
    assert list(lacking.values_list("slug", flat=True)) == []


def test_every_metric_has_a_source_and_a_unit(seeded):
    metrics = OutcomeMetric.objects.all()
    assert metrics.count() == 70
    assert not metrics.filter(Q(source__isnull=True) | Q(unit="") | Q(source_section=""))


def test_seeded_entries_per_source(seeded):
    per_source = dict(
        Intervention.objects.published()
        .values_list("citations__source__slug")
        .annotate(entries=Count("pk", distinct=True))
    )
    assert per_source == {
        "college-vvcp-interventions": 13,
        "college-vvcp-seminar-series-2021": 9,
        "apcc-in-focus-serious-violence-2023": 12,
        "ken-meeting-two-vrus": 12,
        "vkpp-call-for-practice-2020": 1,
    }
