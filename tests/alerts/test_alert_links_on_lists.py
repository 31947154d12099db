"""Every list, theme, force, region and search page offers alerts for what it shows."""

import html
import re

import pytest

from tests.factories import make_intervention

pytestmark = pytest.mark.django_db

LINK_TEXT = "Get email alerts for these results"


def alert_link(content):
    found = re.search(rf'<a href="([^"]*)"[^>]*>{LINK_TEXT}</a>', content)
    assert found, "no alerts link"
    return html.unescape(found.group(1))


@pytest.mark.parametrize(
    ("page", "link"),
    [
        ("/interventions/", "/alerts/"),
        (
            "/interventions/?region=london&theme=knife-crime&ordering=name&page=1",
            "/alerts/?theme=knife-crime&region=london",
        ),
        ("/interventions/?q=mentoring", "/alerts/?q=mentoring"),
        ("/interventions/?theme=no-such-theme", "/alerts/"),
        ("/themes/knife-crime/", "/alerts/?theme=knife-crime"),
        ("/forces/sussex/", "/alerts/?force=sussex"),
        ("/regions/london/", "/alerts/?region=london"),
    ],
)
def test_each_list_links_to_alerts_for_its_own_search(client, theme, page, link):
    make_intervention(name="Mentoring", themes=[theme("knife-crime")])
    response = client.get(page)
    assert response.status_code == 200
    assert alert_link(response.content.decode()) == link
    subscribe_page = client.get(link)
    assert subscribe_page.status_code == 200


def test_a_search_with_no_results_can_still_be_followed(client):
    content = client.get("/interventions/?q=nothing+matches+this").content.decode()
    assert alert_link(content) == "/alerts/?q=nothing+matches+this"
