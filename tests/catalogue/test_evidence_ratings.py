"""Ratings on the public pages: the "How we rate evidence" page, the entry's "Did it work?"
section, the cards, and the list's verdict filter. Only published entries' ratings show."""

import re

import pytest
from django.urls import reverse

from evaluations.models import NO_RATING_TEXT
from tests.factories import make_intervention, make_rating, make_report
from tests.pages import text_of

pytestmark = pytest.mark.django_db

LIST = reverse("catalogue:list")
RATINGS = reverse("catalogue:evidence-ratings")


@pytest.fixture
def entries():
    rated = make_intervention(name="Rated")
    make_report(
        [rated],
        title="Evaluation of Rated: Full technical report",
        design_level="3",
        design_basis="Evaluation, page 4",
        independent="yes",
        independence_basis="Introduction",
    )
    make_report([rated], title="Rated annual report 2023", report_type="annual-report")
    make_rating(
        rated,
        verdict="reduced-harm",
        findings_summary="Fewer assaults among those taking part than in a similar group.",
        source_section="Evaluation, page 4",
    )
    self_reported = make_intervention(name="Self reported")
    make_rating(self_reported, verdict="reduced-harm", rests_on_self_reported_figures=True)
    unrated = make_intervention(name="Unrated")
    draft = make_intervention(name="Secret draft", slug="secret-draft", state="draft")
    make_rating(draft, verdict="increased-harm", findings_summary="Draft findings only.")
    return {"rated": rated, "self_reported": self_reported, "unrated": unrated, "draft": draft}


def counts(response):
    return {option.value: option.count for option in response.context["facets"]["verdict"]}


class TestRatingsPage:
    @pytest.mark.parametrize("path", [reverse("catalogue:home"), LIST, RATINGS])
    def test_every_page_footer_links_to_the_scale(self, client, path):
        footer = client.get(path).content.decode().split('<footer class="site-footer">')[1]
        assert f'<a href="{RATINGS}">How we rate evidence</a>' in footer

    def test_it_defines_the_scale_in_plain_words(self, client, entries):
        response = client.get(RATINGS)
        assert response.status_code == 200
        content = response.content.decode()
        assert len(re.findall(r"<h1[ >]", content)) == 1
        text = text_of(response)
        for words in [
            "Evidence of reduced violence or harm",
            "Mixed or no clear effect",
            "Evidence of increased harm",
            "Not yet known",
            "Level 3: before and after, with a comparable group that did not take part",
            "Level 5: random assignment",
            "independent of those delivering the intervention",
            "EMMIE",
            "EIF",
            "CrimeSolutions",
            "Youth Endowment Fund",
            "Rests on self-reported before-and-after figures",
        ]:
            assert words in text, words

    def test_its_counts_are_of_published_entries_only(self, client, entries):
        text = text_of(client.get(RATINGS))
        assert "2 published entries with the verdict Evidence of reduced violence or harm" in text
        # The draft's "increased harm" rating is never counted.
        assert "0 published entries with the verdict Evidence of increased harm" in text
        assert "Draft findings only" not in text


class TestEntryPage:
    def test_did_it_work_leads_with_verdict_confidence_and_sourced_findings(self, client, entries):
        response = client.get(entries["rated"].get_absolute_url())
        text = text_of(response)
        body = text[text.index("Did it work?", text.index("At a glance")) :]
        assert body.startswith("Did it work? Evidence of reduced violence or harm")
        assert "Confidence Moderate. Strongest design Maryland level 3, independent." in text
        assert "Rated by Alex Curator, 15 January 2026" in text
        assert "What the evaluation found Fewer assaults among those taking part" in text
        assert ", Evaluation, page 4." in text
        assert f'href="{RATINGS}"' in response.content.decode()

    def test_reports_show_their_design_independence_and_whether_they_evaluate(
        self, client, entries
    ):
        text = text_of(client.get(entries["rated"].get_absolute_url()))
        assert (
            "Evaluation of Rated: Full technical report: Maryland level 3; "
            "independent of those delivering it: yes." in text
        )
        assert "Annual report (not an evaluation of this intervention)" in text
        assert "Design Maryland level 3 (Evaluation, page 4)" in text

    def test_a_self_reported_verdict_says_so_plainly(self, client, entries):
        text = text_of(client.get(entries["self_reported"].get_absolute_url()))
        assert "Rests on self-reported before-and-after figures." in text
        assert "(rests on self-reported before-and-after figures)" in text  # at a glance

    def test_an_unrated_entry_says_not_yet_known_and_never_guesses(self, client, entries):
        text = text_of(client.get(entries["unrated"].get_absolute_url()))
        assert f"Did it work? {NO_RATING_TEXT}" in text
        assert "No evaluation of this intervention is recorded." in text
        assert "Confidence Not known." in text

    def test_a_drafts_rating_has_no_public_page(self, client, entries):
        assert client.get(entries["draft"].get_absolute_url()).status_code == 404


class TestListPage:
    def test_cards_show_each_entrys_verdict_with_a_link_to_the_scale(self, client, entries):
        response = client.get(LIST)
        text = text_of(response)
        assert text.count("Did it work? Evidence of reduced violence or harm") == 2
        assert (
            "Evidence of reduced violence or harm "
            "(rests on self-reported before-and-after figures)" in text
        )
        assert "Did it work? Not yet known" in text
        assert "Secret draft" not in text
        assert response.content.decode().count(f'href="{RATINGS}"') >= 4

    def test_the_card_counts_evaluation_reports_only(self, client, entries):
        text = text_of(client.get(LIST))
        assert "1 evaluation report" in text
        assert "2 evaluation reports" not in text

    def test_the_verdict_filter_narrows_the_list_and_counts_published_entries(
        self, client, entries
    ):
        response = client.get(LIST, {"verdict": "reduced-harm"})
        assert [entry.name for entry in response.context["interventions"]] == [
            "Rated",
            "Self reported",
        ]
        assert counts(response) == {
            "reduced-harm": 2,
            "mixed": 0,
            "increased-harm": 0,
            "not-yet-known": 1,
        }
        both = client.get(LIST, {"verdict": ["increased-harm", "not-yet-known"]})
        assert [entry.name for entry in both.context["interventions"]] == ["Unrated"]

    @pytest.mark.parametrize(
        "value",
        ["<script>alert(1)</script>", "REDUCED-HARM", "reduced-harm' OR 1=1 --", "x" * 5000],
    )
    def test_a_hostile_or_malformed_verdict_is_left_out_and_named(self, client, entries, value):
        response = client.get(LIST, {"verdict": [value, "not-yet-known"]})
        assert response.status_code == 200
        assert [entry.name for entry in response.context["interventions"]] == ["Unrated"]
        assert len(response.context["notices"]) == 1
        assert response.context["notices"][0].startswith("There is no verdict “")
        assert "<script>alert" not in response.content.decode()

    def test_a_nul_byte_in_the_verdict_is_harmless(self, client, entries):
        response = client.get(LIST + "?verdict=%00&verdict=mixed")
        assert response.status_code == 200
        assert list(response.context["interventions"]) == []
