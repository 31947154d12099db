"""/evidence/gap-map/: themes against kinds of outcome, from published entries only."""

import csv
import io

import pytest
from django.urls import reverse

from evidence.gapmap import CSV_COLUMNS, GAP_TEXT, GapMap
from tests.evidence.conftest import parse_svg, svg_texts, text_alternative
from tests.factories import make_intervention, make_outcome, make_rating

pytestmark = pytest.mark.django_db

URL = reverse("evidence:gap_map")
CSV_URL = reverse("evidence:gap_map_csv")


def download(client, params=None):
    response = client.get(CSV_URL, params or {})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"))))


def cell(gap_map, theme_slug, column):
    row = next(row for row in gap_map.rows if row.theme.slug == theme_slug)
    return next(cell for cell in row.cells if cell.column == column), row


@pytest.fixture
def catalogue(theme, force):
    """Knife crime: one independently evaluated entry with a reduction in violent crime and a
    hospital figure, one locally evaluated without figures. County lines: one local entry."""
    strong = make_intervention(
        name="Strong Programme",
        themes=[theme("knife-crime")],
        forces=[force("kent")],
        evidence_stage="independently-evaluated",
    )
    make_outcome(strong, measure_kind="violent-crime")
    make_outcome(strong, measure_kind="violent-crime")
    make_outcome(strong, measure_kind="hospital")
    make_rating(strong, verdict="reduced-harm")
    local = make_intervention(
        name="Local Scheme",
        themes=[theme("knife-crime"), theme("county-lines")],
        forces=[force("merseyside")],
        evidence_stage="locally-evaluated",
    )
    return strong, local


class TestTheGrid:
    def test_a_cell_counts_entries_by_kind_with_their_stages_and_verdicts(self, catalogue):
        gap_map = GapMap({})
        violent, row = cell(gap_map, "knife-crime", "violent-crime")
        assert violent.count == 1  # two figures of one entry count once
        assert violent.independently_evaluated == 1
        assert violent.reduced_harm == 1
        hospital, _ = cell(gap_map, "knife-crime", "hospital")
        assert hospital.count == 1
        none, _ = cell(gap_map, "knife-crime", "none")
        assert none.count == 1
        assert dict(none.stage_breakdown)["Locally evaluated"] == 1
        assert dict(none.verdict_breakdown)["Not yet known"] == 1
        assert row.count == 2 and not row.is_gap

    def test_the_columns_are_the_kinds_the_catalogue_uses_then_no_figure_yet(self, catalogue):
        columns = [value for value, _ in GapMap({}).columns]
        assert columns == ["violent-crime", "hospital", "none"]

    def test_a_theme_without_an_independently_evaluated_entry_is_a_gap_in_words(
        self, client, catalogue
    ):
        gap_map = GapMap({})
        _, row = cell(gap_map, "county-lines", "none")
        assert row.is_gap and row.count == 1
        page = client.get(URL).content.decode()
        assert "Gaps: themes with no independently evaluated entry" in page
        assert "<strong>County lines</strong>: 1 entry, none independently evaluated." in page
        texts = svg_texts(parse_svg(gap_map.chart()))
        assert GAP_TEXT in texts

    def test_the_chart_prints_every_value_and_describes_every_cell(self, catalogue):
        root = parse_svg(GapMap({}).chart())
        texts = svg_texts(root)
        assert "Knife crime" in texts and "1 independently evaluated" in texts
        assert "1 reduced harm" in texts and "1 indep." in texts
        _, description = text_alternative(root)
        assert "Knife crime: Violent crime: 1 entry (evidence stage: independently evaluated 1" in (
            description
        )
        assert "verdict: evidence of reduced violence or harm 1" in description

    def test_every_cell_links_to_its_entries(self, client, catalogue):
        page = client.get(URL, {"evidence_stage": "independently-evaluated"}).content.decode()
        assert (
            'href="/outcomes/?theme=knife-crime&amp;kind=violent-crime'
            '&amp;evidence_stage=independently-evaluated"' in page
        )
        gap_map = GapMap({"region": ["north-west"]})
        none, _ = cell(gap_map, "knife-crime", "none")
        assert none.url == "/interventions/?theme=knife-crime&region=north-west"
        violent, _ = cell(gap_map, "knife-crime", "violent-crime")
        assert "force=merseyside" in violent.url and "kind=violent-crime" in violent.url

    def test_a_kind_named_like_its_theme_still_links_to_both(self, catalogue, theme):
        strong, _ = catalogue
        make_outcome(strong, measure_kind="knife-crime")
        for column in ("knife-crime", "violent-crime"):
            knife, _ = cell(GapMap({}), "knife-crime", column)
            assert knife.url == f"/outcomes/?theme=knife-crime&kind={column}"

    def test_the_table_carries_the_numbers_with_headers(self, client, catalogue):
        page = client.get(URL).content.decode()
        assert (
            '<caption id="gap-map-table-caption">Published entries by theme and kind of outcome'
            in page
        )
        assert '<th scope="col">No outcome figure yet</th>' in page
        assert "<li>Independently evaluated: 1</li>" in page
        assert "<li>Evidence of reduced violence or harm: 1</li>" in page


class TestNarrowing:
    def test_region_force_and_stage_narrow_the_counts(self, catalogue):
        assert cell(GapMap({"region": ["south-east"]}), "knife-crime", "none")[0].count == 0
        by_force = GapMap({"force": ["merseyside"]})
        assert cell(by_force, "knife-crime", "violent-crime")[0].count == 0
        assert cell(by_force, "knife-crime", "none")[0].count == 1
        by_stage = GapMap({"evidence_stage": ["independently-evaluated"]})
        assert by_stage.entry_count == 1
        assert cell(by_stage, "county-lines", "none")[1].count == 0

    def test_the_form_keeps_its_choices_and_works_without_script(self, client, catalogue):
        page = client.get(URL, {"force": "kent"}).content.decode()
        assert 'method="get"' in page
        assert 'value="kent" id="force-kent" checked' in page
        assert "1 published entry: police force Kent Police" in page


class TestPublishedOnly:
    def test_a_draft_with_a_figure_changes_no_cell_count_or_csv_line(
        self, client, catalogue, theme
    ):
        before_page = GapMap({})
        before_csv = download(client)
        draft = make_intervention(
            state="draft", themes=[theme("county-lines")], evidence_stage="independently-evaluated"
        )
        make_outcome(draft, measure_kind="robbery")
        make_rating(draft, verdict="reduced-harm")
        after = GapMap({})
        assert [value for value, _ in after.columns] == [v for v, _ in before_page.columns]
        assert [[c.count for c in r.cells] for r in after.rows] == [
            [c.count for c in r.cells] for r in before_page.rows
        ]
        assert cell(after, "county-lines", "none")[1].is_gap
        assert download(client) == before_csv
        assert "Robbery" not in client.get(URL).content.decode()


class TestCsv:
    def test_one_line_per_cell_with_every_number(self, client, catalogue):
        rows = download(client)
        assert list(rows[0]) == CSV_COLUMNS
        line = next(
            r
            for r in rows
            if r["theme"] == "Knife crime" and r["kind_of_outcome"] == "Violent crime"
        )
        assert line["entries"] == "1"
        assert line["stage_independently-evaluated"] == "1"
        assert line["verdict_reduced-harm"] == "1"
        assert line["theme_has_independently_evaluated_entry"] == "yes"
        assert line["address"].startswith("http://testserver/outcomes/?theme=knife-crime")
        gap = next(
            r
            for r in rows
            if r["theme"] == "County lines" and r["kind_of_outcome"] == "No outcome figure yet"
        )
        assert gap["entries"] == "1" and gap["theme_has_independently_evaluated_entry"] == "no"

    def test_the_csv_follows_the_filters(self, client, catalogue):
        rows = download(client, {"force": "kent"})
        assert sum(int(r["entries"]) for r in rows if r["theme"] == "County lines") == 0

    def test_a_theme_name_a_spreadsheet_would_run_is_defused(self, client, catalogue, theme):
        knife = theme("knife-crime")
        knife.name = '=HYPERLINK("https://evil.example","x")'
        knife.save()
        rows = download(client)
        names = {r["theme"] for r in rows}
        assert "'" + knife.name in names
        assert knife.name not in names

    def test_it_is_an_attachment(self, client, catalogue):
        response = client.get(CSV_URL)
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert "evidence-gap-map-" in response["Content-Disposition"]


BAD_INPUT = [
    {"region": "atlantis"},
    {"force": "<script>alert(1)</script>"},
    {"evidence_stage": "' OR 1=1 --"},
    {"evidence_stage": "x" * 10_000},
    {"region": ["london", "london", "nowhere"]},
    {"force": ["kent"] * 500},
    {"region": "london\x00"},
    {"force": "kent%00"},
    {"evidence_stage": "\ufeff\u202e"},
    {"page": "-1", "sort": "x"},
]


class TestBadInput:
    @pytest.mark.parametrize("params", BAD_INPUT)
    def test_bad_input_never_fails_the_page_or_the_csv(self, client, catalogue, params):
        assert client.get(URL, params).status_code == 200
        assert client.get(CSV_URL, params).status_code == 200

    def test_an_unknown_value_is_left_out_and_named(self, client, catalogue):
        response = client.get(URL, {"region": ["atlantis", "north-west"]})
        page = response.content.decode()
        assert "There is no region “atlantis”, so it was left out." in page
        assert response.context["gap_map"].selected["region"] == ["north-west"]
        assert '<meta name="robots" content="noindex, follow">' in page

    def test_hostile_values_are_escaped(self, client, catalogue):
        page = client.get(URL, {"force": "<script>alert(1)</script>"}).content.decode()
        assert "<script>alert(1)" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page

    def test_oversized_values_are_cut_short_in_the_notice(self, client, catalogue):
        page = client.get(URL, {"evidence_stage": "x" * 10_000}).content.decode()
        assert "x" * 100 not in page
        assert "There is no evidence stage" in page

    def test_repeated_values_count_once_and_too_many_are_not_read(self, client, catalogue):
        response = client.get(URL, {"force": ["kent"] * 500})
        assert response.context["gap_map"].selected["force"] == ["kent"]
        assert "The address gave 500 values where at most 100 are read" in (
            response.content.decode()
        )

    def test_a_null_character_is_left_out(self, client, catalogue):
        response = client.get(URL, {"region": "london\x00"})
        assert response.context["gap_map"].selected["region"] == []
        assert "Null characters are not allowed" in response.content.decode()

    def test_only_get_and_head_are_answered(self, client):
        assert client.post(URL).status_code == 405
        assert client.post(CSV_URL).status_code == 405


def test_the_home_page_and_the_sitemap_link_to_the_map(client):
    assert URL in client.get("/").content.decode()
    assert f"http://testserver{URL}" in client.get("/sitemap.xml").content.decode()
