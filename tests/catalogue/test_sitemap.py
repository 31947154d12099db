import re

import pytest
from django.urls import reverse

from interventions.models import Force, Theme
from tests.factories import make_intervention, make_organisation

pytestmark = pytest.mark.django_db


def locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return re.findall(r"<loc>(.*?)</loc>", response.content.decode())


def test_the_sitemap_lists_published_entries_and_never_unpublished_ones(client):
    published = make_intervention(slug="published-entry")
    make_intervention(slug="draft-entry", state="draft")
    make_intervention(slug="review-entry", state="in-review")
    urls = locations(client)
    assert f"http://testserver{published.get_absolute_url()}" in urls
    assert not [url for url in urls if "draft-entry" in url or "review-entry" in url]


def test_the_sitemap_lists_home_the_list_and_every_theme_and_force_page(client):
    urls = locations(client)
    assert "http://testserver/" in urls
    assert "http://testserver/interventions/" in urls
    for theme in Theme.objects.all():
        assert f"http://testserver{theme.get_absolute_url()}" in urls
    for force in Force.objects.all():
        assert f"http://testserver{force.get_absolute_url()}" in urls


def test_the_sitemap_lists_organisations_named_by_a_published_entry_only(client):
    named = make_organisation(slug="named")
    draft_only = make_organisation(slug="draft-only")
    make_organisation(slug="unnamed")
    make_intervention(partners=[(named, "lead")])
    make_intervention(partners=[(draft_only, "lead")], state="draft")
    organisation_urls = [url for url in locations(client) if "/organisations/" in url]
    assert organisation_urls == ["http://testserver/organisations/named/"]


def test_entries_and_browse_pages_carry_their_last_change(client):
    theme = Theme.objects.get(slug="knife-crime")
    entry = make_intervention(themes=[theme])
    content = client.get("/sitemap.xml").content.decode()
    lastmod = entry.updated_at.date().isoformat()
    assert f"<loc>http://testserver{entry.get_absolute_url()}</loc><lastmod>{lastmod}" in content
    assert f"<loc>http://testserver{theme.get_absolute_url()}</loc><lastmod>{lastmod}" in content


def test_the_sitemap_takes_a_few_queries_whatever_its_size(client, django_assert_max_num_queries):
    # A count and a page of items for each of the four database-backed sections, the
    # regions' dates in one, and the catalogue's version for the ETag (read again after
    # the entries were saved).
    for _ in range(30):
        make_intervention(partners=[(make_organisation(), "lead")])
    with django_assert_max_num_queries(10):
        client.get("/sitemap.xml")


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert f"Sitemap: http://testserver{reverse('sitemap')}" in lines


def test_robots_txt_answers_only_reads(client):
    assert client.post("/robots.txt").status_code == 405


def test_the_sitemap_lists_the_themes_index_and_every_regions_page(client):
    urls = locations(client)
    assert "http://testserver/themes/" in urls
    regions = sorted(url for url in urls if "/regions/" in url)
    assert "http://testserver/regions/north-west/" in regions
    assert "http://testserver/regions/national/" in regions
    assert len(regions) == 11


def test_a_regions_date_comes_from_published_entries_only(client, force):
    make_intervention(forces=[force("kent")], state="draft")
    content = client.get("/sitemap.xml").content.decode()
    block = content.split("<loc>http://testserver/regions/south-east/</loc>")[1].split("</url>")[0]
    assert "<lastmod>" not in block
