"""An organisation or source document known only to work in progress (a draft, an entry in
review) reaches no public page, facet, sitemap, download or API answer, the API's schema and
docs included; once a published entry names it, it appears everywhere it should."""

import json

import pytest
import yaml
from django.core.cache import cache
from django.urls import reverse

from interventions.models import Organisation, SourceDocument, Theme
from tests.factories import (
    make_funding,
    make_intervention,
    make_organisation,
    make_outcome,
    make_report,
    make_session,
    make_source,
)

pytestmark = pytest.mark.django_db

ORGANISATION_TITLE = "Hush Hush Youth Trust"
SOURCE_TITLE = "Unannounced pilot briefing"


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()


@pytest.fixture
def hidden(theme):
    """A draft naming an organisation and a source nothing published names."""
    organisation = make_organisation(name=ORGANISATION_TITLE, slug="hush-trust")
    source = make_source(title=SOURCE_TITLE, slug="pilot-briefing")
    make_intervention(name="Published work", slug="published-work", themes=[theme("knife-crime")])
    for state in ("draft", "in-review"):
        draft = make_intervention(
            state=state, partners=[(organisation, "lead")], sources=[source],
            themes=[theme("knife-crime")],
        )  # fmt: skip
        make_outcome(draft, source=source)
        make_funding(draft, funder=organisation, source=source)
        make_report([draft], publisher=organisation, source=source)
    return organisation, source


def publish_a_link(organisation, source):
    entry = make_intervention(
        name="Now public", partners=[(organisation, "lead")], sources=[source]
    )
    make_outcome(entry, source=source)


def text(client, address, **headers):
    response = client.get(address, **headers)
    assert response.status_code == 200, address
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


# Every public surface that lists or names organisations and sources, with its address.
LISTINGS = [
    reverse("catalogue:home"),
    reverse("catalogue:list"),
    reverse("evidence:outcomes"),
    reverse("api:organisation-list"),
    reverse("api:source-list"),
    reverse("api:schema"),
    reverse("api:docs"),
    "/sitemap.xml",
]


@pytest.mark.parametrize("address", LISTINGS)
def test_work_in_progress_names_nothing_on_a_listing(client, hidden, address):
    content = text(client, address)
    for secret in (ORGANISATION_TITLE, SOURCE_TITLE, "hush-trust", "pilot-briefing"):
        assert secret not in content, (address, secret)


@pytest.mark.parametrize("address", LISTINGS)
def test_a_published_link_makes_them_public_on_a_listing(client, hidden, address):
    publish_a_link(*hidden)
    content = text(client, address)
    # The home page and the outcomes' filter list sources only; the sitemap, organisations.
    expected = {
        reverse("catalogue:home"): [SOURCE_TITLE],
        reverse("evidence:outcomes"): [SOURCE_TITLE],
        reverse("api:organisation-list"): [ORGANISATION_TITLE],
        reverse("api:source-list"): [SOURCE_TITLE],
        "/sitemap.xml": ["hush-trust"],
    }.get(address, ["pilot-briefing"])
    for name in expected:
        assert name in content, (address, name)


def test_an_organisation_of_drafts_only_has_no_page(client, hidden):
    address = reverse("catalogue:organisation", args=["hush-trust"])
    assert client.get(address).status_code == 404
    publish_a_link(*hidden)
    assert client.get(address).status_code == 200


@pytest.mark.parametrize("kind", ["organisation", "source"])
def test_the_api_has_no_detail_for_work_in_progress(client, hidden, kind):
    slug = {"organisation": "hush-trust", "source": "pilot-briefing"}[kind]
    address = reverse(f"api:{kind}-detail", args=[slug])
    assert client.get(address).status_code == 404
    publish_a_link(*hidden)
    assert client.get(address).json()["slug"] == slug


def test_the_schema_offers_only_public_sources_whatever_its_format(client, hidden):
    def source_values(schema):
        parameters = schema["paths"]["/api/v1/interventions/"]["get"]["parameters"]
        (source,) = [parameter for parameter in parameters if parameter["name"] == "source"]
        return source["schema"]["items"]["enum"]

    address = reverse("api:schema")
    as_yaml = yaml.safe_load(client.get(address).content)
    as_json = json.loads(client.get(address, HTTP_ACCEPT="application/json").content)
    assert "pilot-briefing" not in source_values(as_yaml)
    assert "pilot-briefing" not in source_values(as_json)
    publish_a_link(*hidden)
    assert "pilot-briefing" in source_values(yaml.safe_load(client.get(address).content))


@pytest.mark.parametrize(
    "address",
    [
        reverse("api:intervention-list"),
        reverse("downloads:csv"),
        reverse("downloads:json"),
        reverse("downloads:feed"),
    ],
)
def test_filtering_by_a_source_of_drafts_only_is_answered_as_for_no_such_source(
    client, hidden, address
):
    hidden_source = client.get(address, {"source": "pilot-briefing"})
    no_source = client.get(address, {"source": "no-such-source"})
    assert hidden_source.status_code == no_source.status_code == 400
    assert SOURCE_TITLE not in hidden_source.content.decode()
    publish_a_link(*hidden)
    assert client.get(address, {"source": "pilot-briefing"}).status_code == 200


def test_the_list_page_sets_a_source_of_drafts_only_aside_as_unknown(client, hidden):
    content = text(client, reverse("catalogue:list") + "?source=pilot-briefing")
    assert "There is no source document “pilot-briefing”" in content
    assert SOURCE_TITLE not in content


@pytest.mark.parametrize("kind", ["organisation", "source"])
def test_an_old_address_of_work_in_progress_is_not_redirected(client, hidden, kind):
    row = hidden[0] if kind == "organisation" else hidden[1]
    old_slug = row.slug
    row.slug = f"{old_slug}-renamed"
    row.save()
    if kind == "organisation":
        old = reverse("catalogue:organisation", args=[old_slug])
    else:
        old = reverse("api:source-detail", args=[old_slug])
    response = client.get(old)
    assert response.status_code == 404
    assert "renamed" not in response.content.decode()
    publish_a_link(*hidden)
    assert client.get(old).status_code == 301


# What links an organisation or a source to a published entry


def test_an_organisation_is_public_through_any_link_to_a_published_entry():
    def public_slugs():
        return set(Organisation.objects.public().values_list("slug", flat=True))

    partner, funder, publisher, evaluator = (
        make_organisation(slug=slug) for slug in ("partner", "funder", "publisher", "evaluator")
    )
    draft = make_intervention(state="draft", partners=[(partner, "lead")])
    make_funding(draft, funder=funder)
    make_report([draft], publisher=publisher, evaluator=evaluator)
    assert public_slugs() == set()
    draft.publication_state = "published"
    draft.save()
    assert public_slugs() == {"partner", "funder", "publisher", "evaluator"}


def test_a_source_is_public_through_any_link_to_a_published_entry():
    def public_slugs():
        return set(SourceDocument.objects.public().values_list("slug", flat=True))

    cited, funding, figure, report, seminar = (
        make_source(slug=slug) for slug in ("cited", "funding", "figure", "report", "seminar")
    )
    make_source(slug="unused")
    draft = make_intervention(state="draft", sources=[cited])
    make_funding(draft, source=funding)
    make_outcome(draft, source=figure)
    make_report([draft], source=report)
    make_session([draft], source=seminar)
    assert public_slugs() == set()
    draft.publication_state = "published"
    draft.save()
    assert public_slugs() == {"cited", "funding", "figure", "report", "seminar"}


def test_a_source_defining_a_theme_is_public_as_the_theme_pages_show_it():
    glossary = make_source(slug="glossary")
    assert not SourceDocument.objects.public().filter(slug="glossary").exists()
    Theme.objects.filter(pk=Theme.objects.order_by("pk").first().pk).update(
        definition_source=glossary
    )
    assert SourceDocument.objects.public().filter(slug="glossary").exists()
