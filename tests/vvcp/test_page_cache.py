import pytest
from django.core.cache import cache

from interventions.models import Intervention, PublicationState, Theme
from tests.factories import make_intervention

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def test_an_anonymous_page_is_served_from_the_cache_the_second_time(client, caplog):
    make_intervention(name="Cached entry")
    first = client.get("/interventions/")
    second = client.get("/interventions/")
    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert second.cache_status == "hit"


def test_publishing_an_entry_shows_on_the_very_next_request(client):
    draft = make_intervention(name="Newly published entry", state=PublicationState.DRAFT)
    assert "Newly published entry" not in client.get("/interventions/").content.decode()
    draft.publication_state = PublicationState.PUBLISHED
    draft.save()
    assert "Newly published entry" in client.get("/interventions/").content.decode()


def test_unpublishing_an_entry_removes_it_on_the_very_next_request(client):
    entry = make_intervention(name="Soon withdrawn")
    assert client.get(entry.get_absolute_url()).status_code == 200
    assert "Soon withdrawn" in client.get("/").content.decode()
    entry.publication_state = PublicationState.DRAFT
    entry.save()
    assert "Soon withdrawn" not in client.get("/").content.decode()
    assert client.get(entry.get_absolute_url()).status_code == 404


def test_editing_a_theme_link_invalidates_cached_pages(client):
    entry = make_intervention(name="Re-themed entry")
    client.get("/themes/county-lines/")
    entry.themes.add(Theme.objects.get(slug="county-lines"))
    response = client.get("/themes/county-lines/")
    assert response.cache_status == "miss"


def test_signed_in_staff_always_get_a_fresh_page(client, staff_user):
    client.force_login(staff_user)
    client.get("/")
    assert getattr(client.get("/"), "cache_status", "bypass") == "bypass"


def test_error_pages_are_not_cached(client):
    client.get("/interventions/missing/")
    assert getattr(client.get("/interventions/missing/"), "cache_status", "bypass") == "bypass"


def test_a_bulk_publish_from_the_admin_shows_on_the_very_next_request(client, curator):
    draft = make_intervention(name="Bulk published entry", state=PublicationState.DRAFT)
    assert "Bulk published entry" not in client.get("/interventions/").content.decode()
    Intervention.objects.filter(pk=draft.pk).publish(by=curator)
    assert "Bulk published entry" in client.get("/interventions/").content.decode()


def test_a_bulk_unpublish_removes_the_entry_on_the_very_next_request(client, curator):
    entry = make_intervention(name="Bulk withdrawn entry")
    assert "Bulk withdrawn entry" in client.get("/interventions/").content.decode()
    Intervention.objects.filter(pk=entry.pk).unpublish(by=curator)
    assert "Bulk withdrawn entry" not in client.get("/interventions/").content.decode()
