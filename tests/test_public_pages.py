import re

import pytest
from django.urls import reverse

from tests.factories import make_intervention, make_outcome, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_entry():
    entry = make_intervention(name="Operation Example")
    make_report([entry], title="Evaluation of Operation Example: Full technical report")
    make_outcome(entry, measure="Robberies in the town centre", value=45)
    return entry


def public_urls(entry):
    return [
        reverse("catalogue:home"),
        reverse("catalogue:list"),
        entry.get_absolute_url(),
        reverse("catalogue:theme", args=["knife-crime"]),
        reverse("catalogue:force", args=["sussex"]),
        reverse("catalogue:evidence-ratings"),
        reverse("catalogue:themes"),
        reverse("catalogue:region", args=["south-east"]),
        reverse("catalogue:region", args=["national"]),
        reverse("alerts:subscribe") + "?theme=knife-crime",
        reverse("alerts:sent"),
        reverse("privacy"),
    ]


def test_every_public_page_answers_and_has_exactly_one_heading(client, published_entry):
    for url in public_urls(published_entry):
        response = client.get(url)
        assert response.status_code == 200, url
        assert len(re.findall(r"<h1[ >]", response.content.decode())) == 1, url


def test_the_detail_page_shows_reports_with_sizes_and_outcomes(client, published_entry):
    content = client.get(published_entry.get_absolute_url()).content.decode()
    assert "Evaluation of Operation Example: Full technical report" in content
    assert "184.53 KB" in content
    assert "Robberies in the town centre" in content
    assert "45%" in content


@pytest.mark.parametrize(
    "path",
    [
        "/interventions/no-such-entry/",
        "/themes/no-such-theme/",
        "/forces/no-such-force/",
        "/regions/no-such-region/",
        "/organisations/no-such-organisation/",
        "/interventions/%3Cscript%3E/",
        "/interventions/" + "a" * 5000 + "/",
    ],
)
def test_unknown_and_hostile_addresses_get_a_helpful_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    content = response.content.decode()
    assert "Page not found" in content
    assert "<script>" not in content


def test_pages_forbid_framing_and_sniffing(client):
    response = client.get(reverse("catalogue:home"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_entry_page_links_to_the_correction_form_for_that_entry(client, published_entry):
    content = client.get(published_entry.get_absolute_url()).content.decode()
    assert f"/share-practice/correction/?entry={published_entry.slug}" in content
    assert "Suggest a correction or update" in content


def test_every_page_links_to_share_your_practice(client):
    assert 'href="/share-practice/"' in client.get(reverse("catalogue:home")).content.decode()
