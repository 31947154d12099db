"""The home page's evidence at a glance: published entries by evidence stage and by theme."""

import re

import pytest
from django.urls import reverse

from tests.evidence.conftest import parse_svg, svg_texts, text_alternative
from tests.factories import make_intervention

pytestmark = pytest.mark.django_db


def chart(response, chart_id):
    found = re.search(rf'<svg[^>]*id="{chart_id}".*?</svg>', response.content.decode(), flags=re.S)
    assert found, chart_id
    return parse_svg(found.group(0))


@pytest.fixture
def catalogue(theme):
    make_intervention(evidence_stage="independently-evaluated", themes=[theme("knife-crime")])
    make_intervention(
        evidence_stage="independently-evaluated",
        themes=[theme("knife-crime"), theme("county-lines")],
    )
    make_intervention(evidence_stage="untested", themes=[theme("county-lines")])
    for state in ("draft", "in-review"):
        make_intervention(
            state=state, evidence_stage="locally-evaluated", themes=[theme("knife-crime")]
        )


def test_entries_by_evidence_stage_count_published_entries_only(client, catalogue):
    root = chart(client.get(reverse("catalogue:home")), "chart-evidence-stages")
    assert svg_texts(root) == [
        "Untested or new",
        "1",
        "Feasibility study pending",
        "0",
        "Early outcomes reported",
        "0",
        "Locally evaluated",
        "0",
        "Independently evaluated",
        "2",
    ]
    title, description = text_alternative(root)
    assert title == "Published entries by evidence stage, from least to most evidence"
    assert description.startswith("Untested or new: 1 entry; Feasibility study pending: 0 entries")


def test_entries_by_theme_come_most_first_with_their_numbers(client, catalogue):
    root = chart(client.get(reverse("catalogue:home")), "chart-themes")
    texts = svg_texts(root)
    assert texts[:4] == ["County lines", "2", "Knife crime", "2"]
    assert texts[4:6] == ["Child sexual abuse and exploitation", "0"]


def test_the_home_page_still_counts_its_published_entries(client, catalogue):
    content = client.get(reverse("catalogue:home")).content.decode()
    assert "The catalogue holds 3 published entries" in content


def test_the_home_page_links_to_the_outcomes_explorer(client, catalogue):
    content = client.get(reverse("catalogue:home")).content.decode()
    assert (
        f'<a href="{reverse("evidence:outcomes")}">Every reported outcome in one table</a>'
        in content
    )
