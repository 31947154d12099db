import pytest

from interventions.models import Force, Theme


@pytest.fixture
def theme():
    """Themes and forces are reference data loaded by a migration; fetch them by slug."""
    return lambda slug: Theme.objects.get(slug=slug)


@pytest.fixture
def force():
    return lambda slug: Force.objects.get(slug=slug)
