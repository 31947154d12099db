"""Entries in draft or in review appear on no public page, count or listing."""

import pytest
from django.urls import reverse

from tests.factories import make_intervention, make_organisation, make_report, make_source
from tests.pages import text_of

pytestmark = pytest.mark.django_db

SECRET = "Secret unpublished work"


@pytest.fixture
def world(theme, force):
    source = make_source(slug="the-source")
    partner = make_organisation(slug="partner", force_area=force("dorset"))
    shared = {
        "themes": [theme("county-lines")],
        "forces": [force("dorset")],
        "purposes": ["diversion"],
        "settings": ["school"],
        "sources": [source],
        "partners": [(partner, "lead")],
        "summary": "Rescue work with children.",
    }
    published = make_intervention(name="Published work", slug="published-work", **shared)
    for state in ("draft", "in-review"):
        hidden = make_intervention(name=f"{SECRET} ({state})", state=state, **shared)
        make_report([hidden], evaluator=partner, title=f"{SECRET} report ({state})")
    return published


PAGES = [
    reverse("catalogue:home"),
    reverse("catalogue:list"),
    reverse("catalogue:list") + "?q=secret",
    reverse("catalogue:list") + "?q=rescue&theme=county-lines&source=the-source",
    reverse("catalogue:theme", args=["county-lines"]),
    reverse("catalogue:force", args=["dorset"]),
    reverse("catalogue:organisation", args=["partner"]),
    reverse("catalogue:detail", args=["published-work"]),
    reverse("catalogue:themes"),
    reverse("catalogue:region", args=["south-west"]),
    # Dorset's entries appear among a neighbour's "Nearby forces".
    reverse("catalogue:force", args=["hampshire"]),
    reverse("catalogue:briefing") + "?theme=county-lines",
    reverse("catalogue:briefing") + "?q=rescue&theme=county-lines&match=all&age_unknown=exclude",
    "/sitemap.xml",
]


@pytest.mark.parametrize("url", PAGES)
def test_no_public_page_names_an_unpublished_entry_or_its_reports(client, world, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "Secret" not in response.content.decode()


def test_the_list_and_its_counts_hold_published_entries_only(client, world):
    response = client.get(reverse("catalogue:list"))
    facets = response.context["facets"]
    assert response.context["paginator"].count == 1
    assert {option.value: option.count for option in facets["theme"]}["county-lines"] == 1
    assert {option.value: option.count for option in facets["source"]}["the-source"] == 1
    assert {option.value: option.count for option in facets["has_report"]} == {
        "true": 0,
        "false": 1,
    }


def test_a_search_for_an_unpublished_entry_finds_nothing(client, world):
    response = client.get(reverse("catalogue:list"), {"q": "secret"})
    assert response.context["paginator"].count == 0


def test_home_counts_hold_published_entries_only(client, world):
    text = text_of(client.get(reverse("catalogue:home")))
    assert "The catalogue holds 1 published entry" in text
    assert "County lines (1 published entry)" in text
    assert "1 published entry from this source" in text


def test_force_and_organisation_counts_hold_published_entries_only(client, world):
    assert "1 published intervention" in text_of(
        client.get(reverse("catalogue:force", args=["dorset"]))
    )
    organisation = client.get(reverse("catalogue:organisation", args=["partner"]))
    assert organisation.context["paginator"].count == 1
    assert list(organisation.context["reports"]) == []
