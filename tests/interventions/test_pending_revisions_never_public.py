"""A change waiting for review reaches no public surface; once approved, every one shows it."""

import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from interventions.models import PendingRevision
from tests.admin_forms import form_data
from tests.factories import make_intervention, make_outcome, make_source

pytestmark = pytest.mark.django_db

LIVE_NAME = "Knife Crime Diversion"
PENDING_NAME = "Pendingly Renamed Diversion"
LIVE_FIGURE, PENDING_FIGURE = "36", "987654"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    # The anonymous page cache and the catalogue's cached aggregates, as in production.
    settings.PAGE_CACHE_SECONDS = 300
    settings.CATALOGUE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def entry(theme, force):
    source = make_source(slug="the-source")
    entry = make_intervention(
        name=LIVE_NAME,
        slug="knife-crime-diversion",
        themes=[theme("county-lines")],
        forces=[force("dorset")],
        sources=[source],
    )
    make_outcome(entry, key="arrests", measure="Arrests", value=Decimal(LIVE_FIGURE), source=source)
    make_intervention(name="Another entry", slug="another-entry")
    return entry


def surfaces(entry):
    return [
        entry.get_absolute_url(),
        reverse("catalogue:home"),
        reverse("catalogue:list"),
        reverse("catalogue:list") + "?q=diversion",
        reverse("catalogue:theme", args=["county-lines"]),
        reverse("catalogue:force", args=["dorset"]),
        reverse("api:intervention-list"),
        reverse("api:intervention-detail", args=[entry.slug]),
        reverse("api:outcome-list"),
        reverse("downloads:csv"),
        reverse("downloads:json"),
        reverse("downloads:feed"),
        "/sitemap.xml",
        reverse("evidence:outcomes"),
        reverse("evidence:outcomes_csv"),
        reverse("evidence:compare") + "?items=knife-crime-diversion,another-entry",
        reverse("evidence:entry_ris", args=[entry.slug]),
    ]


def read_all(urls):
    reader = Client()
    pages = {}
    for url in urls:
        response = reader.get(url)
        assert response.status_code == 200, url
        body = b"".join(response) if response.streaming else response.content
        pages[url] = body.decode("utf-8-sig")
    return pages


def without_times(text):
    return re.sub(r"\d{4}-\d\d-\d\dT[\d:.]+(\+00:00|Z)?", "TIME", text)


def submit_and_decide(editor, curator, entry, decision=None):
    client = Client()
    client.force_login(editor)
    url = reverse("admin:interventions_intervention_change", args=[entry.pk])
    data = form_data(client.get(url), "intervention_form")
    data.update(
        {"name": PENDING_NAME, "outcomes-0-value": PENDING_FIGURE, "change_reason": "Renamed"}
    )
    assert client.post(url, data).status_code == 302
    revision = PendingRevision.objects.get()
    if decision:
        client.force_login(curator)
        review = reverse("admin:interventions_pendingrevision_change", args=[revision.pk])
        assert client.post(review, {"comment": "Checked", decision: "1"}).status_code == 302
    return revision


def test_no_public_surface_shows_a_pending_change_even_after_caching(editor, curator, entry):
    urls = surfaces(entry)
    before = read_all(urls)  # fills the page cache and the cached aggregates
    submit_and_decide(editor, curator, entry)
    after = read_all(urls)
    for url in urls:
        assert PENDING_NAME not in after[url], url
        assert PENDING_FIGURE not in after[url].replace(",", ""), url
        # Unchanged, apart from when a download says it was generated.
        assert without_times(after[url]) == without_times(before[url]), url


def test_a_returned_change_never_shows(editor, curator, entry):
    urls = surfaces(entry)
    read_all(urls)
    submit_and_decide(editor, curator, entry, decision="_return")
    for url, page in read_all(urls).items():
        assert PENDING_NAME not in page, url


def test_every_public_surface_shows_an_approved_change(editor, curator, entry):
    urls = surfaces(entry)
    read_all(urls)
    submit_and_decide(editor, curator, entry, decision="_approve")
    after = read_all(urls)
    for url in urls:
        if "outcome" in url and "ris" not in url:
            assert PENDING_FIGURE in after[url].replace(",", ""), url
        elif url != "/sitemap.xml":
            assert PENDING_NAME in after[url], url


def test_the_list_counts_are_unchanged_by_a_pending_change(client, editor, curator, entry):
    submit_and_decide(editor, curator, entry)
    response = client.get(reverse("catalogue:list"), {"q": "pendingly"})
    assert response.context["paginator"].count == 0
    response = client.get(reverse("catalogue:list"), {"q": "knife"})
    assert response.context["paginator"].count == 1
