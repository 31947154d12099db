"""Every public page has its own title, a description, a canonical address and one heading."""

import itertools
import re

import pytest
from django.urls import reverse

from tests.factories import make_intervention, make_organisation
from tests.pages import canonical_of, meta_description_of, title_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(theme, force):
    partner = make_organisation(name="Example Trust", slug="example-trust")
    entry = make_intervention(
        name="Operation Example",
        slug="operation-example",
        summary="Officers and youth workers meet young people after a stabbing.",
        themes=[theme("knife-crime")],
        forces=[force("sussex")],
        partners=[(partner, "lead")],
    )
    return [
        reverse("catalogue:home"),
        reverse("catalogue:list"),
        reverse("catalogue:list") + "?theme=knife-crime",
        reverse("catalogue:list") + "?theme=knife-crime&region=south-east",
        reverse("catalogue:list") + "?q=example",
        entry.get_absolute_url(),
        reverse("catalogue:theme", args=["knife-crime"]),
        reverse("catalogue:theme", args=["county-lines"]),
        reverse("catalogue:force", args=["sussex"]),
        reverse("catalogue:force", args=["kent"]),
        partner.get_absolute_url(),
    ]


def test_every_page_has_a_unique_title_and_description(client, pages):
    responses = [client.get(url) for url in pages]
    assert [response.status_code for response in responses] == [200] * len(pages)
    titles = [title_of(response) for response in responses]
    descriptions = [meta_description_of(response) for response in responses]
    assert len(set(titles)) == len(pages), titles
    assert len(set(descriptions)) == len(pages), descriptions
    assert all(len(description) > 40 for description in descriptions)


def test_every_page_has_a_canonical_address_of_its_own(client, pages):
    for url in pages:
        assert canonical_of(client.get(url)) == f"http://testserver{url}", url


def test_every_page_has_one_heading_a_skip_link_and_a_main_landmark(client, pages):
    for url in pages:
        content = client.get(url).content.decode()
        assert len(re.findall(r"<h1[ >]", content)) == 1, url
        assert '<a class="skip-link" href="#main">Skip to main content</a>' in content
        assert '<main id="main"' in content


def test_headings_do_not_skip_a_level(client, pages):
    for url in pages:
        levels = [
            int(level) for level in re.findall(r"<h([1-6])[ >]", client.get(url).content.decode())
        ]
        for previous, current in itertools.pairwise(levels):
            assert current <= previous + 1, (url, levels)


def test_pages_load_nothing_from_other_sites(client, pages):
    for url in pages:
        content = client.get(url).content.decode()
        assert not re.search(r'<script[^>]+src="(https?:)?//', content), url
        assert not re.search(r'<link rel="stylesheet"[^>]+href="(https?:)?//', content), url
        assert "<script>" not in content
        assert " style=" not in content


@pytest.mark.parametrize("path", ["css/site.css", "css/print.css", "js/catalogue.js"])
def test_the_sites_own_styles_and_script_are_served(client, path):
    response = client.get(f"/static/{path}")
    assert response.status_code == 200


def test_no_page_repeats_an_id(client, pages):
    for url in pages:
        ids = re.findall(r'\sid="([^"]+)"', client.get(url).content.decode())
        assert len(ids) == len(set(ids)), (url, sorted(ids))


def test_every_form_control_has_a_label(client, pages):
    for url in pages:
        content = client.get(url).content.decode()
        for control_id in re.findall(r'<(?:input|select|textarea)[^>]*\sid="([^"]+)"', content):
            assert f'<label for="{control_id}"' in content, (url, control_id)
        unlabelled = re.findall(r"<(?:input|select|textarea)(?![^>]*\sid=)[^>]*>", content)
        assert [tag for tag in unlabelled if 'type="hidden"' not in tag] == [], url
