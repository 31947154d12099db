"""The list as plain text to paste into a briefing: readable labels, published entries only."""

import pytest
from django.urls import reverse

from tests.factories import make_intervention

pytestmark = pytest.mark.django_db

BRIEFING = reverse("catalogue:briefing")


def briefing(client, params=None):
    response = client.get(BRIEFING, params or {})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["X-Robots-Tag"] == "noindex"
    return response.content.decode()


def test_each_entry_has_its_name_forces_evidence_stage_summary_and_address(client, force, theme):
    make_intervention(
        name="Operation Example",
        slug="operation-example",
        forces=[force("lancashire"), force("cumbria")],
        themes=[theme("knife-crime")],
        evidence_stage="locally-evaluated",
        summary="Youth workers meet young people in hospital. They then follow them up for months.",
    )
    text = briefing(client, {"theme": "knife-crime"})
    assert text.startswith("# Violence reduction interventions: theme Knife crime\n")
    assert "1 published intervention in the Violence Reduction Interventions Catalogue" in text
    assert "Online at http://testserver/interventions/?theme=knife-crime" in text
    assert "- **Operation Example**" in text
    assert "Police forces: Cumbria Constabulary, Lancashire Constabulary." in text
    assert "Evidence stage: Locally evaluated." in text
    # One line of summary: its first sentence.
    assert "  Youth workers meet young people in hospital.\n" in text
    assert "follow them up" not in text
    assert "http://testserver/interventions/operation-example/" in text
    # Labels, not slugs.
    assert "locally-evaluated" not in text


def test_drafts_and_entries_in_review_are_never_listed(client):
    make_intervention(name="Published one")
    make_intervention(name="Secret draft", state="draft")
    make_intervention(name="Secret review", state="in-review")
    text = briefing(client)
    assert "Published one" in text
    assert "Secret" not in text
    assert "1 published intervention " in text


def test_it_follows_the_lists_filters_including_all_of_the_themes(client, theme):
    make_intervention(name="Both", themes=[theme("knife-crime"), theme("county-lines")])
    make_intervention(name="Knives only", themes=[theme("knife-crime")])
    text = briefing(client, {"theme": ["knife-crime", "county-lines"], "match": "all"})
    assert "Both" in text
    assert "Knives only" not in text
    assert "theme County lines and Knife crime" in text


def test_markdown_in_a_name_is_written_out_rather_than_acted_on(client):
    make_intervention(name="[Click](javascript:alert(1)) *bold* <b>")
    text = briefing(client)
    assert r"\[Click\](javascript:alert(1)) \*bold\* \<b\>" in text
    assert "<b>" not in text


@pytest.mark.parametrize(
    "params",
    [
        {"theme": "bananas"},
        {"match": "some"},
        {"age": "-5", "age_unknown": "maybe"},
        {"page": "zzz"},
        {"ordering": "<script>"},
    ],
)
def test_bad_values_are_set_aside_with_a_note_never_an_error(client, params):
    make_intervention(name="Still listed")
    text = briefing(client, params)
    assert "Still listed" in text
    if set(params) - {"page"}:
        assert "Note: " in text


def test_an_overlong_or_nul_search_is_tidied_never_an_error(client):
    make_intervention(name="Still listed")
    assert "The search is longer than 200 characters" in briefing(client, {"q": "x" * 5000})
    assert "Still listed" in briefing(client, {"q": "\x00"})


def test_a_long_list_stops_at_the_limit_and_links_the_rest(client, monkeypatch):
    monkeypatch.setattr("catalogue.views.BRIEFING_LIMIT", 2)
    for number in range(3):
        make_intervention(name=f"Entry {number}")
    text = briefing(client)
    assert "3 published interventions" in text
    assert (
        "The first 2 are listed here; the full list is at http://testserver/interventions/" in text
    )
    assert "Entry 2" not in text


def test_the_list_page_links_it_with_its_filters_but_not_when_nothing_matches(client, theme):
    make_intervention(themes=[theme("knife-crime")])
    content = client.get("/interventions/", {"theme": "knife-crime"}).content.decode()
    assert 'href="/interventions/list.txt?theme=knife-crime"' in content
    content = client.get("/interventions/", {"theme": "county-lines"}).content.decode()
    assert "list.txt" not in content


def test_it_answers_only_get_and_head(client):
    assert client.post(BRIEFING).status_code == 405
