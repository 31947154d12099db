import pytest
from django.urls import reverse

from evaluations.models import EvaluationReport, OutcomeMetric
from interventions.models import Force, Intervention, PublicationState, Theme
from tests.factories import make_intervention, make_outcome, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def county_lines():
    return Theme.objects.get(slug="county-lines")


@pytest.fixture
def dorset():
    return Force.objects.get(slug="dorset")


@pytest.fixture
def entries(county_lines, dorset):
    return {
        "published": make_intervention(
            name="Published entry", themes=[county_lines], forces=[dorset]
        ),
        "draft": make_intervention(
            name="Secret draft entry",
            state=PublicationState.DRAFT,
            themes=[county_lines],
            forces=[dorset],
        ),
        "review": make_intervention(
            name="Entry awaiting review",
            state=PublicationState.IN_REVIEW,
            themes=[county_lines],
            forces=[dorset],
        ),
    }


def test_published_returns_only_published_entries(entries):
    assert list(Intervention.objects.published()) == [entries["published"]]


def test_reports_and_outcomes_of_drafts_are_not_published(entries):
    shared = make_report([entries["published"], entries["draft"]])
    draft_only = make_report([entries["draft"]])
    make_outcome(entries["draft"])
    visible = make_outcome(entries["published"])
    assert list(EvaluationReport.objects.published()) == [shared]
    assert draft_only not in EvaluationReport.objects.published()
    assert list(OutcomeMetric.objects.published()) == [visible]


@pytest.mark.parametrize("state", ["draft", "review"])
def test_an_unpublished_entry_has_no_public_page(client, entries, state):
    response = client.get(entries[state].get_absolute_url())
    assert response.status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        reverse("catalogue:home"),
        reverse("catalogue:list"),
        reverse("catalogue:theme", args=["county-lines"]),
        reverse("catalogue:force", args=["dorset"]),
    ],
)
def test_unpublished_entries_appear_on_no_public_page(client, entries, url):
    response = client.get(url)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Published entry" in content
    assert "Secret draft entry" not in content
    assert "Entry awaiting review" not in content


def test_counts_on_the_home_page_include_published_entries_only(client, entries):
    response = client.get(reverse("catalogue:home"))
    themes = {theme.slug: theme.entry_count for theme in response.context["themes"]}
    assert themes["county-lines"] == 1
    assert response.context["entry_count"] == 1
