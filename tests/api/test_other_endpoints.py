"""Themes, forces, organisations, sources, reports and outcomes: lists and details,
with published entries only in everything they nest or count."""

import pytest
from django.urls import reverse

from evaluations.models import OutcomeMetric
from interventions.models import Organisation
from tests.factories import make_intervention

pytestmark = pytest.mark.django_db


def everything(api, name, params=None):
    response = api(reverse(f"api:{name}-list"), {"page_size": 100, **(params or {})})
    assert response.status_code == 200
    return response.json()["results"]


def one(api, name, *args):
    response = api(reverse(f"api:{name}", args=args))
    assert response.status_code == 200
    return response.json()


def test_a_theme_lists_and_counts_only_its_published_entries(api, catalogue):
    theme = one(api, "theme-detail", "knife-crime")
    assert theme["name"] == "Knife crime"
    assert theme["interventions"] == ["knife-awareness"]
    assert theme["intervention_count"] == 1
    assert theme["url"] == "http://testserver/themes/knife-crime/"


def test_the_theme_list_shows_every_theme_even_without_entries(api, catalogue):
    themes = {theme["slug"]: theme for theme in everything(api, "theme")}
    assert themes["neurodiversity"]["intervention_count"] == 0
    assert themes["county-lines"]["interventions"] == ["knife-awareness"]


def test_forces_give_their_region_and_published_entries(api, catalogue):
    forces = {force["slug"]: force for force in everything(api, "force")}
    assert len(forces) == 44
    assert forces["kent"]["region"] == "south-east"
    assert forces["kent"]["interventions"] == ["knife-awareness"]
    assert one(api, "force-detail", "sussex")["intervention_count"] == 1


def test_an_organisation_in_two_roles_counts_an_entry_once_and_drafts_never(api, catalogue):
    Organisation.objects.get(slug="vru").partner_roles.create(
        intervention=catalogue["rich"], role="funder"
    )
    vru = one(api, "organisation-detail", "vru")
    assert vru["interventions"] == ["knife-awareness"]
    assert vru["intervention_count"] == 1
    assert vru["force_area"] == "kent"
    assert vru["kind"] == "vru"


def test_a_source_lists_its_published_entries_and_its_document_address(api, catalogue):
    source = one(api, "source-detail", "vvcp-page")
    assert source["interventions"] == ["knife-awareness"]
    assert source["document_url"] == "https://example.org/vvcp"
    assert source["url"] == "http://testserver/interventions/?source=vvcp-page"


def test_reports_of_drafts_never_appear(api, catalogue):
    slugs = {report["slug"] for report in everything(api, "report")}
    assert slugs == {"kap-evaluation", "synthesis"}
    response = api(reverse("api:report-detail", args=["secret-draft-report"]))
    assert response.status_code == 404


def test_a_report_detail_gives_the_contract_fields(api, catalogue):
    report = one(api, "report-detail", "kap-evaluation")
    assert report["file_size"] == "184.53 KB"
    assert report["interventions"] == ["knife-awareness"]
    assert report["catalogue_url"] == (
        "http://testserver/interventions/knife-awareness/#report-kap-evaluation"
    )


def test_reports_can_be_narrowed_to_one_entry(api, catalogue):
    reports = everything(api, "report", {"intervention": "plain-work"})
    assert [report["slug"] for report in reports] == ["synthesis"]


def test_a_draft_cannot_be_used_as_a_report_filter(api, catalogue):
    response = api(reverse("api:report-list"), {"intervention": "secret-draft"})
    assert response.status_code == 400


def test_outcomes_of_drafts_never_appear(api, catalogue):
    outcomes = everything(api, "outcome")
    assert [outcome["key"] for outcome in outcomes] == ["knife-offences"]
    secret = OutcomeMetric.objects.get(intervention__slug="secret-draft")
    assert api(reverse("api:outcome-detail", args=[secret.pk])).status_code == 404
    by_key = reverse("api:outcome-by-key", args=["secret-draft", "secret-figure"])
    assert api(by_key).status_code == 404


def test_an_outcome_is_found_by_its_number_or_by_its_entry_and_key(api, catalogue):
    figure = OutcomeMetric.objects.get(key="knife-offences")
    by_id = one(api, "outcome-detail", figure.pk)
    by_key = one(api, "outcome-by-key", "knife-awareness", "knife-offences")
    assert by_id == by_key
    assert by_id["intervention"] == "knife-awareness"
    assert by_id["value_display"] == "10.9%"
    assert by_id["catalogue_url"] == (
        "http://testserver/interventions/knife-awareness/#outcome-knife-offences"
    )


def test_outcomes_can_be_narrowed_to_one_entry(api, catalogue):
    assert everything(api, "outcome", {"intervention": "plain-work"}) == []
    assert len(everything(api, "outcome", {"intervention": "knife-awareness"})) == 1


def test_the_root_lists_every_endpoint(api):
    root = api(reverse("api:api-root")).json()
    assert set(root) == {
        "interventions", "themes", "forces", "organisations", "reports", "outcomes", "sources",
    }  # fmt: skip
    assert root["themes"] == "http://testserver/api/v1/themes/"


def test_lists_page_through_their_rows(api, catalogue):
    first = api(reverse("api:force-list")).json()
    assert first["count"] == 44 and len(first["results"]) == 20
    assert first["next"] == "http://testserver/api/v1/forces/?page=2"
    last = api(reverse("api:force-list"), {"page": 3}).json()
    assert len(last["results"]) == 4 and last["next"] is None
    assert last["previous"] == "http://testserver/api/v1/forces/?page=2"


def test_paging_keeps_repeated_filter_parameters(api, theme):
    for _ in range(3):
        make_intervention(themes=[theme("knife-crime")])
    body = api(
        reverse("api:intervention-list"),
        {"theme": ["knife-crime", "county-lines"], "page_size": 1},
    ).json()
    assert "theme=county-lines" in body["next"] and "theme=knife-crime" in body["next"]


def test_a_theme_says_its_description_is_the_catalogues_own_and_who_wrote_it(api, catalogue):
    theme = one(api, "theme-detail", "county-lines")
    assert theme["is_catalogues_own_definition"] is True
    assert theme["definition_by"] == "VKPP catalogue curators"
    assert theme["definition_note"].startswith("No source defines this theme.")
