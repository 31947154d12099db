"""The Atom feed of a filtered list: new and updated entries and new reports of them,
published entries only; and the list page linking its own feed and downloads."""

import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from interventions.models import Intervention
from tests.factories import make_intervention, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle():
    """Throttle counts live in the cache; each test starts with none."""
    cache.clear()


FEED = reverse("downloads:feed")
ATOM = "{http://www.w3.org/2005/Atom}"


def entries_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.content)
    return [
        {
            "title": item.findtext(f"{ATOM}title"),
            "link": item.find(f"{ATOM}link").get("href"),
            "id": item.findtext(f"{ATOM}id"),
            "summary": item.findtext(f"{ATOM}summary"),
        }
        for item in root.findall(f"{ATOM}entry")
    ]


def age(entry, days):
    """Makes an entry look ``days`` old: published and last updated then."""
    then = timezone.now() - timedelta(days=days)
    Intervention.objects.filter(pk=entry.pk).update(published_at=then, updated_at=then)


@pytest.fixture
def followed(theme, force):
    """County lines work in the North West, and work elsewhere."""
    lines = make_intervention(
        name="Lines Project",
        slug="lines-project",
        themes=[theme("county-lines")],
        forces=[force("merseyside")],
    )
    elsewhere = make_intervention(
        name="Kent Project", themes=[theme("county-lines")], forces=[force("kent")]
    )
    knives = make_intervention(
        name="Knife Project", themes=[theme("knife-crime")], forces=[force("cumbria")]
    )
    return {"lines": lines, "elsewhere": elsewhere, "knives": knives}


def test_the_feed_follows_exactly_the_filter(client, followed):
    items = entries_of(client.get(FEED, {"theme": "county-lines", "region": "north-west"}))
    assert [item["title"] for item in items] == ["New entry: Lines Project"]
    assert items[0]["link"] == "http://testserver/interventions/lines-project/"
    assert len(entries_of(client.get(FEED))) == 3


def test_the_feed_names_its_filter_its_list_and_its_licence(client, followed):
    response = client.get(FEED, {"theme": "county-lines", "region": "north-west"})
    root = ET.fromstring(response.content)
    assert root.findtext(f"{ATOM}title") == (
        "Violence Reduction Interventions Catalogue: theme County lines; region North West"
    )
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert (
        links["alternate"]
        == "http://testserver/interventions/?theme=county-lines&region=north-west"
    )
    assert links["self"] == (
        "http://testserver/interventions/feed/?theme=county-lines&region=north-west"
    )
    assert "Open Government Licence v3.0" in root.findtext(f"{ATOM}rights")


@override_settings(DATA_LICENCE={"name": "CC BY 4.0", "url": "https://example.org/cc"})
def test_the_feed_states_the_configured_licence(client, followed):
    root = ET.fromstring(client.get(FEED).content)
    assert "CC BY 4.0" in root.findtext(f"{ATOM}rights")


def test_updated_entries_are_announced_as_updated_newest_first(client, followed):
    for days, entry in enumerate(followed.values(), start=10):
        age(entry, days)
    knives = followed["knives"]
    knives.refresh_from_db()
    knives.summary = "Now also in schools."
    knives.save()
    titles = [item["title"] for item in entries_of(client.get(FEED))]
    assert titles == [
        "Updated entry: Knife Project",
        "New entry: Lines Project",
        "New entry: Kent Project",
    ]


def test_a_new_report_of_a_followed_entry_is_announced(client, followed):
    for entry in followed.values():
        age(entry, 30)
    make_report([followed["lines"]], title="Lines evaluation", slug="lines-evaluation")
    make_report([followed["knives"]], title="Knife evaluation")
    items = entries_of(client.get(FEED, {"theme": "county-lines", "region": "north-west"}))
    assert items[0]["title"] == "New report: Lines evaluation"
    assert items[0]["link"] == (
        "http://testserver/interventions/lines-project/#report-lines-evaluation"
    )
    assert "Knife evaluation" not in str(items)


def test_items_have_stable_unique_ids(client, followed):
    make_report([followed["lines"]])
    first = [item["id"] for item in entries_of(client.get(FEED))]
    assert len(set(first)) == len(first) == 4
    assert all(re.fullmatch(r"tag:testserver,2025:(intervention|report)/\d+", id_) for id_ in first)
    followed["lines"].save()
    assert sorted(item["id"] for item in entries_of(client.get(FEED))) == sorted(first)


def test_drafts_and_their_reports_never_appear(client, followed, theme):
    for state in ("draft", "in-review"):
        secret = make_intervention(
            name=f"Secret {state}", state=state, themes=[theme("county-lines")]
        )
        make_report([secret], title=f"Secret report {state}")
    make_report([followed["lines"], secret], title="Shared synthesis")
    for params in ({}, {"theme": "county-lines"}, {"q": "secret"}):
        content = client.get(FEED, params).content.decode()
        assert "Secret" not in content
    shared = [item for item in entries_of(client.get(FEED)) if "Shared" in item["title"]]
    assert "Secret" not in shared[0]["summary"]


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"theme": "nope"}, "theme: There is no theme “nope”."),
        ({"age": "x"}, "age: The age “x” is not a whole number from 0 to 120."),
        ({"q": "\x00"}, "q: Null characters are not allowed."),
        ({"region": ["north-west", "mars"]}, "region: There is no region “mars”."),
    ],
)
def test_an_unusable_value_is_a_400_naming_it_never_a_wider_feed(client, followed, params, named):
    response = client.get(FEED, params)
    assert response.status_code == 400
    assert named in response.content.decode()


@pytest.mark.parametrize("size", [5, 100])
def test_the_feed_takes_the_same_queries_for_any_catalogue(
    client, theme, size, django_assert_num_queries
):
    for number in range(size):
        entry = make_intervention(name=f"Entry {number}", themes=[theme("knife-crime")])
        make_report([entry])
    # The option lists (one query); the entries and their themes; the reports and their
    # entries; the catalogue's version for the ETag, read again after the saves above
    # (web.shared_cache).
    with django_assert_num_queries(6):
        items = entries_of(client.get(FEED, {"theme": "knife-crime"}))
    assert len(items) == min(30, 2 * size)


# The list page ------------------------------------------------------------------------


def test_the_list_page_links_its_own_feed_in_its_head(client, followed):
    response = client.get(
        reverse("catalogue:list"),
        {"theme": "county-lines", "region": "north-west", "ordering": "-name"},
    )
    head = response.content.decode().split("</head>")[0]
    found = re.search(
        r'<link rel="alternate" type="application/atom\+xml" [^>]*href="([^"]+)"', head
    )
    assert found.group(1) == "/interventions/feed/?theme=county-lines&amp;region=north-west"


def test_the_list_page_offers_downloads_and_feed_for_exactly_its_filter(client, followed):
    page = client.get(
        reverse("catalogue:list"),
        {"theme": ["county-lines", "bogus"], "ordering": "-name", "page": "2"},
    ).content.decode()
    assert "Download these results:" in page
    assert 'href="/interventions/download.csv?theme=county-lines&amp;ordering=-name"' in page
    assert 'href="/interventions/download.json?theme=county-lines&amp;ordering=-name"' in page
    assert "Follow these results:" in page
    assert 'href="/interventions/feed/?theme=county-lines"' in page
    assert page.count("Download these results:") == 1


def test_the_unfiltered_list_links_the_whole_catalogue(client, followed):
    page = client.get(reverse("catalogue:list")).content.decode()
    assert 'href="/interventions/download.csv"' in page
    assert 'href="/interventions/feed/"' in page


def test_the_list_pages_links_lead_to_the_same_entries_as_the_page(client, followed):
    response = client.get(reverse("catalogue:list"), {"theme": "county-lines"})
    shown = {entry.slug for entry in response.context["interventions"]}
    feed = entries_of(client.get(FEED, {"theme": "county-lines"}))
    assert {item["link"].rstrip("/").rsplit("/", 1)[-1] for item in feed} == shown


def test_the_feed_shares_the_apis_rate_per_client(client, followed, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1/min"},
    }
    assert client.get(FEED).status_code == 200
    refused = client.get(FEED)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0


@pytest.mark.parametrize(
    ("path", "feed"),
    [
        ("/themes/county-lines/", "/interventions/feed/?theme=county-lines"),
        ("/forces/dorset/", "/interventions/feed/?force=dorset"),
    ],
)
def test_theme_and_force_pages_link_their_own_feed(client, path, feed):
    content = client.get(path).content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in content
    assert f'href="{feed}"' in content
    assert client.get(feed).status_code == 200
