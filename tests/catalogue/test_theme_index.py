"""/themes/: every theme, its published entries counted, and what it covers."""

import pytest
from django.urls import reverse

from interventions.models import Theme
from tests.factories import make_intervention
from tests.pages import text_of

pytestmark = pytest.mark.django_db

THEMES = reverse("catalogue:themes")


def test_it_lists_every_theme_with_its_description_and_a_link(client):
    response = client.get(THEMES)
    assert response.status_code == 200
    content = response.content.decode()
    for theme in Theme.objects.all():
        assert f'<a href="{theme.get_absolute_url()}">{theme.name}</a>' in content
        assert theme.description in text_of(response)
    assert "the catalogue\u2019s own plain definition" in text_of(response)


def test_counts_are_of_published_entries_only(client, theme):
    make_intervention(themes=[theme("knife-crime")])
    make_intervention(themes=[theme("knife-crime"), theme("county-lines")])
    make_intervention(themes=[theme("knife-crime")], state="draft")
    make_intervention(themes=[theme("county-lines")], state="in-review")
    counts = {item.slug: item.entry_count for item in client.get(THEMES).context["themes"]}
    assert counts["knife-crime"] == 2
    assert counts["county-lines"] == 1
    assert "Knife crime (2 published entries)" in text_of(client.get(THEMES))


def test_the_menu_and_the_theme_page_breadcrumb_lead_to_it(client):
    home = client.get("/").content.decode()
    assert '<li><a href="/themes/">Themes</a></li>' in home
    theme_page = client.get(reverse("catalogue:theme", args=["knife-crime"])).content.decode()
    assert '<li><a href="/themes/">Themes</a></li>' in theme_page
    assert 'href="/themes/" aria-current="page">Themes</a>' in client.get(THEMES).content.decode()
