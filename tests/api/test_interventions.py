"""/api/v1/interventions/: the field contract, the entry in full, published entries only."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LIST = reverse("api:intervention-list")

INTERVENTION_FIELDS = {
    "slug", "name", "short_name", "url", "summary", "description", "themes", "forces",
    "organisations", "purposes", "evidence_stage", "status", "setting", "age_min", "age_max",
    "start_year", "end_year", "funding", "reports", "outcomes", "sources", "published_at",
    "last_reviewed",
}  # fmt: skip
REPORT_FIELDS = {
    "slug", "title", "report_type", "published", "file_format", "file_size",
    "approximate_file_size_bytes", "file_size_bytes", "url", "interventions",
}  # fmt: skip
OUTCOME_FIELDS = {
    "measure", "value", "unit", "direction", "baseline", "follow_up", "baseline_period",
    "follow_up_period", "cohort", "sample_size", "source",
}  # fmt: skip


def detail(api, slug):
    response = api(reverse("api:intervention-detail", args=[slug]))
    assert response.status_code == 200
    return response.json()


def test_the_list_is_paginated_with_count_next_previous_and_results(api, catalogue):
    body = api(LIST).json()
    assert body["count"] == 2
    assert body["next"] is None and body["previous"] is None
    assert [entry["slug"] for entry in body["results"]] == ["knife-awareness", "plain-work"]


def test_every_contract_field_is_present_on_entries_reports_and_outcomes(api, catalogue):
    entry = detail(api, "knife-awareness")
    assert set(entry) >= INTERVENTION_FIELDS
    assert set(entry["reports"][0]) >= REPORT_FIELDS
    assert set(entry["outcomes"][0]) >= OUTCOME_FIELDS
    assert {"slug", "name", "role"} <= set(entry["organisations"][0])


def test_an_entry_states_what_its_page_shows(api, catalogue):
    entry = detail(api, "knife-awareness")
    assert entry["name"] == "Knife Awareness Programme"
    assert entry["short_name"] == "KAP"
    assert entry["url"] == "http://testserver/interventions/knife-awareness/"
    assert entry["summary"] == "Teaches pupils about knives."
    assert entry["description"] == "Longer account."
    assert entry["themes"] == ["county-lines", "knife-crime"]
    assert entry["forces"] == ["kent", "sussex"]
    assert entry["regions"] == ["south-east"]
    assert entry["organisations"] == [
        {"slug": "vru", "name": "The VRU", "role": "lead", "note": ""},
        {"slug": "uni", "name": "A University", "role": "evaluator", "note": ""},
    ]
    assert entry["purposes"] == ["prevention"]
    assert entry["setting"] == ["school"]
    assert entry["evidence_stage"] == "independently-evaluated"
    assert entry["status"] == "ended"
    assert (entry["age_min"], entry["age_max"]) == (11, 16)
    assert (entry["start_year"], entry["end_year"]) == (2019, 2021)
    assert entry["target_group"] == "Pupils in years 7 to 11"
    assert entry["last_reviewed"] == "2024-05-01"
    assert entry["published_at"]
    assert entry["curator_note"] == "Dates differ between sources."
    assert entry["seminar_sessions"][0]["title"] == "Knife crime seminar"
    assert entry["sources"] == [
        {
            "slug": "vvcp-page",
            "title": "Interventions evaluated by the VVCP",
            "publisher": "College of Policing",
            "kind": "report",
            "date": "",
            "url": "https://example.org/vvcp",
            "section": "",
        }
    ]


def test_funding_gives_the_amount_as_a_number_and_as_displayed(api, catalogue):
    (funding,) = detail(api, "knife-awareness")["funding"]
    assert funding["description"] == "Home Office"
    assert funding["amount_gbp"] == 1200000
    assert funding["amount"] == "Over £1.2 million"
    assert funding["funder"] == "vru"
    assert funding["source"]["slug"] == "vvcp-page"


def test_a_report_gives_its_size_in_bytes_and_as_the_publisher_shows_it(api, catalogue):
    (report,) = detail(api, "knife-awareness")["reports"]
    assert report["slug"] == "kap-evaluation"
    assert report["title"] == "Knife Awareness Programme: full technical report"
    assert report["report_type"] == "full-technical-report"
    assert report["published"] == "2021-07-13"
    assert report["file_format"] == "pdf"
    assert report["file_size"] == "184.53 KB"
    assert report["approximate_file_size_bytes"] == 188959
    assert report["url"] == "https://example.org/kap.pdf"
    assert report["interventions"] == ["knife-awareness"]
    assert report["evaluator"] == {"slug": "uni", "name": "A University"}
    assert report["source"]["section"] == "Knife crime section"


def test_an_outcome_gives_its_figures_with_their_source(api, catalogue):
    (outcome,) = detail(api, "knife-awareness")["outcomes"]
    assert outcome["measure"] == "Knife offences near schools"
    assert outcome["value"] == 10.9
    assert outcome["value_display"] == "10.9%"
    assert outcome["unit"] == "percent"
    assert outcome["direction"] == "reduction"
    assert (outcome["baseline"], outcome["follow_up"]) == (120, 106.92)
    assert (outcome["baseline_period"], outcome["follow_up_period"]) == ("2019", "2021")
    assert outcome["cohort"] == "Kent schools"
    assert outcome["sample_size"] == 40
    assert outcome["source"] == {
        "slug": "vvcp-page",
        "title": "Interventions evaluated by the VVCP",
        "publisher": "College of Policing",
        "url": "https://example.org/vvcp",
        "section": "Table 2",
    }
    assert outcome["report"] == "kap-evaluation"


def test_an_entry_without_optional_details_gives_nulls_and_empty_lists(api, catalogue):
    entry = detail(api, "plain-work")
    assert entry["age_min"] is None and entry["last_reviewed"] is None
    assert entry["funding"] == [] and entry["outcomes"] == []
    assert entry["short_name"] == ""


@pytest.mark.parametrize("slug", ["secret-draft", "secret-in-review"])
def test_an_unpublished_entry_is_not_found(api, catalogue, slug):
    response = api(reverse("api:intervention-detail", args=[slug]))
    assert response.status_code == 404
    assert "Secret" not in response.content.decode()


@pytest.mark.parametrize(
    "params, published",
    [
        ({}, ["knife-awareness", "plain-work"]),
        ({"q": "secret"}, []),
        ({"q": "work"}, ["plain-work"]),
        ({"theme": "knife-crime"}, ["knife-awareness"]),
        ({"force": "kent"}, ["knife-awareness"]),
    ],
)
def test_no_list_or_search_names_an_unpublished_entry(api, catalogue, params, published):
    """The drafts match every one of these; only the published entries that do are listed."""
    response = api(LIST, params)
    assert "Secret" not in response.content.decode()
    assert [entry["slug"] for entry in response.json()["results"]] == published
    assert response.json()["count"] == len(published)


def test_a_report_covering_a_draft_names_only_the_published_entry(api, catalogue):
    (synthesis,) = detail(api, "plain-work")["reports"]
    assert synthesis["interventions"] == ["plain-work"]


def test_an_unknown_slug_is_a_json_404(api, catalogue):
    response = api(reverse("api:intervention-detail", args=["no-such-entry"]))
    assert response.status_code == 404
    assert response.json() == {"detail": "No Intervention matches the given query."}
