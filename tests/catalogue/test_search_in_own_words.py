"""Searching the seeded catalogue in practitioners' own words: places, forces and regions,
synonyms and typos; what the page says about it; and what it offers when nothing matches."""

import re

import pytest
from django.urls import reverse

from interventions.models import Force, PublicationState, Theme
from tests.catalogue.search_table import KNIFE_CRIME, LANCASHIRE, QUERIES
from tests.factories import make_intervention

pytestmark = pytest.mark.django_db

LIST = reverse("catalogue:list")


@pytest.fixture
def seeded(seeded_catalogue):
    pass


def found(client, query, **params):
    response = client.get(LIST, {"q": query, **params})
    assert response.status_code == 200
    return response, {entry.slug for entry in response.context["paginator"].object_list}


@pytest.mark.parametrize(("query", "expected", "only"), QUERIES, ids=[row[0] for row in QUERIES])
def test_a_real_query_finds_the_entries_a_practitioner_wants(client, seeded, query, expected, only):
    _, slugs = found(client, query)
    assert expected <= slugs, f"missing {sorted(expected - slugs)}"
    if only:
        assert slugs == expected, f"unrelated {sorted(slugs - expected)}"


def test_the_api_search_reads_the_same_words_the_same_way(client, seeded):
    for query, expected, only in QUERIES:
        response = client.get(reverse("api:intervention-list"), {"q": query, "page_size": 100})
        assert response.status_code == 200, query
        slugs = {row["slug"] for row in response.json()["results"]}
        assert expected <= slugs, query
        if only:
            assert slugs == expected, query


def test_a_named_place_says_it_filtered_and_links_to_the_search_everywhere(client, seeded):
    response, slugs = found(client, "knife Blackpool")
    assert slugs == {"lancashire-violence-reduction-network"}
    html = response.content.decode()
    assert "Showing entries in Lancashire Constabulary\u2019s area" in html
    everywhere = re.search(r'href="([^"]+)">Search everywhere instead', html).group(1)
    assert everywhere == f"{LIST}?q=knife"
    _, everywhere_slugs = found(client, "knife")
    assert everywhere_slugs >= KNIFE_CRIME
    assert len(everywhere_slugs) > len(slugs)


def test_a_region_says_so_and_its_everywhere_link_drops_only_the_region(client, seeded):
    response = client.get(LIST, {"q": "north west", "evidence_stage": "untested"})
    html = response.content.decode()
    assert "Showing entries in the North West region" in html
    assert f'href="{LIST}?evidence_stage=untested">Search everywhere instead' in html


def test_typos_are_read_as_the_vocabulary_words_and_the_page_says_so(client, seeded):
    response, slugs = found(client, "knfe crme")
    assert slugs >= KNIFE_CRIME
    html = response.content.decode()
    assert "<strong>knife</strong> (you typed “knfe”)" in html
    assert "<strong>crime</strong> (you typed “crme”)" in html


def test_a_synonym_says_what_else_it_found(client, seeded):
    response, _ = found(client, "stabbing")
    assert "entries filed under the theme Knife crime" in response.content.decode()


def test_stab_finds_knife_crime_and_nothing_unrelated(client, seeded):
    _, slugs = found(client, "stab")
    assert slugs == KNIFE_CRIME


def test_drafts_never_reach_a_search_by_place_synonym_or_typo(client, seeded):
    draft = make_intervention(
        name="Draft Blackpool stabbing project",
        state=PublicationState.DRAFT,
        themes=[Theme.objects.get(slug="knife-crime")],
        forces=[Force.objects.get(slug="lancashire")],
    )
    for query in ["Blackpool", "Lancs", "stabbing", "knfe crme", "north west", "Draft"]:
        response, slugs = found(client, query)
        assert draft.slug not in slugs, query
        assert "Draft Blackpool" not in response.content.decode(), query
    response = client.get(reverse("api:intervention-list"), {"q": "Blackpool"})
    assert draft.slug not in response.content.decode()


def test_nothing_found_offers_did_you_mean_nearest_and_no_downloads(client, seeded):
    response = client.get(LIST, {"q": "knife", "region": "wales"})
    html = response.content.decode()
    assert response.context["paginator"].count == 0
    assert "Download these results" not in html
    assert "application/atom+xml" not in html
    assert "Atom feed" not in html
    nearest = response.context["search_help"]["nearest"]
    assert ("Knife crime", reverse("catalogue:theme", args=["knife-crime"]), 7) in [
        (link.label, link.url, link.count) for link in nearest
    ]
    # The filter to drop, with its count: the knife search everywhere.
    _, everywhere = found(client, "knife")
    assert f"Remove the region filter</a>: {len(everywhere)} interventions" in html


def test_did_you_mean_offers_the_search_without_words_the_catalogue_lacks(client, seeded):
    response = client.get(LIST, {"q": "hospitalz zzzq"})
    assert response.context["paginator"].count == 0
    link = response.context["search_help"]["did_you_mean"]
    assert link.label == "hospital"
    assert f'Did you mean <a href="{LIST}?q=hospital">hospital</a>?' in response.content.decode()
    assert client.get(link.url).context["paginator"].count > 0


def test_nearest_counts_only_published_entries(client, seeded):
    make_intervention(
        state=PublicationState.DRAFT,
        themes=[Theme.objects.get(slug="knife-crime")],
        forces=[Force.objects.get(slug="lancashire")],
    )
    response = client.get(LIST, {"q": "knive zzzqq Lancs"})
    nearest = {link.label: link.count for link in response.context["search_help"]["nearest"]}
    assert nearest.get("Lancashire Constabulary") == len(LANCASHIRE)


HOSTILE = [
    "x" * 5000,
    " ".join(["knife"] * 1000),
    " ".join(f"word{number}" for number in range(1000)),
    "Lancs " * 300,
    "'; DROP TABLE interventions_place; --",
    "knife' OR '1'='1",
    "%> % _ \\ %%",
    "stab\x00bing \x07\x1b[31m",
    "ナイフ犯罪 Blackpool 🔪",
    "\uff2c\uff41\uff4e\uff43\uff53",  # Lancs in full-width letters
    "a & | ! ( ) : * <-> knife",
    "-",
    '"',
    "or or or",
    "A&E&&&",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_searches_never_fail_on_the_page_or_the_api(client, seeded, query):
    assert client.get(LIST, {"q": query}).status_code == 200
    api = client.get(reverse("api:intervention-list"), {"q": query})
    assert api.status_code in (200, 400)


def test_reading_a_search_takes_the_same_queries_whatever_its_words(
    client, seeded, django_assert_max_num_queries
):
    # As the plain search of test_query_counts: options, the reading (one query in place
    # of the plain search's "any match as typed"), facet counts, page, themes, forces.
    for query in ["knife crime young adults north west", "knfe crme Blakpool", "GMP"]:
        with django_assert_max_num_queries(6):
            client.get(LIST, {"q": query})
