"""The filter panel of the list and the outcomes pages arrives folded, and the stylesheet
alone shows it beside the results on a wide screen: a phone draws the results first and
nothing moves after the first paint (no script folds the panel away once it is drawn)."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.factories import make_intervention, make_outcome

pytestmark = pytest.mark.django_db

PAGES = [reverse("catalogue:list"), reverse("evidence:outcomes")]
WIDE = "(min-width: 56rem)"


def static_text(path):
    with open(finders.find(path), encoding="utf-8") as file:
        return file.read()


def media_block(css, query):
    """The rules inside ``@media <query> { ... }``, however many such blocks there are."""
    blocks = []
    for match in re.finditer(rf"@media {re.escape(query)} \{{", css):
        depth, start = 1, match.end()
        for position in range(start, len(css)):
            depth += {"{": 1, "}": -1}.get(css[position], 0)
            if depth == 0:
                blocks.append(css[start:position])
                break
    return "\n".join(blocks)


@pytest.mark.parametrize("address", PAGES)
def test_the_filter_panel_arrives_folded(client, address):
    make_outcome(make_intervention())
    content = client.get(address).content.decode()
    (panel,) = re.findall(r"<details[^>]*id=\"filter-panel\"[^>]*>", content)
    assert " open" not in panel
    assert "<summary>" in content.split(panel, 1)[1].lstrip()[:9]


def test_the_stylesheet_alone_shows_the_filters_beside_the_results_on_a_wide_screen():
    wide_rules = media_block(static_text("css/site.css"), WIDE)
    assert re.search(
        r"\.filter-panel::details-content \{ content-visibility: visible; \}", wide_rules
    )
    assert "grid-template-columns" in wide_rules  # the panel has a column of its own there


def test_no_script_folds_the_panel_after_the_first_paint():
    script = static_text("js/catalogue.js")
    assert not re.search(r"\.open\s*=\s*false", script)
    assert f'matchMedia("{WIDE}")' in script  # the same breakpoint as the stylesheet's
