"""The site's icon: linked from every page as SVG, and at /favicon.ico for everyone who asks
there (browsers on pages without the link, feed readers), so nobody gets a 404."""

import re

import pytest
from django.urls import reverse

from tests.factories import make_intervention

pytestmark = pytest.mark.django_db


def get_followed(client, address):
    response = client.get(address, follow=True)
    assert response.status_code == 200, address
    return response, b"".join(response.streaming_content) if response.streaming else (
        response.content
    )


@pytest.mark.parametrize(
    "address",
    [
        reverse("catalogue:home"),
        reverse("catalogue:list"),
        "/interventions/knife-work/",
        reverse("catalogue:theme", args=["knife-crime"]),
        reverse("catalogue:forces"),
        reverse("evidence:outcomes"),
        reverse("submissions:share"),
        reverse("api:docs"),
        "/no-such-page/",
    ],
)
def test_every_page_links_the_svg_icon_which_is_served(client, address):
    make_intervention(name="Knife work", slug="knife-work")
    page = client.get(address).content.decode()
    links = re.findall(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page)
    assert len(links) == 1, address
    response, body = get_followed(client, links[0])
    assert response["Content-Type"] == "image/svg+xml"
    svg = body.decode()
    assert svg.startswith("<svg") and 'viewBox="0 0 32 32"' in svg
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")  # nothing fetched


def test_favicon_ico_is_a_real_icon_not_a_404(client):
    first = client.get("/favicon.ico")
    assert first.status_code == 302
    assert first["Location"].endswith(".ico")
    assert "max-age" in first["Cache-Control"]
    response, body = get_followed(client, "/favicon.ico")
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    # An ICO header (reserved 0, type 1) holding at least the 16 and 32 pixel sizes.
    assert body[:4] == b"\x00\x00\x01\x00"
    count = int.from_bytes(body[4:6], "little")
    sizes = {body[6 + 16 * number] for number in range(count)}
    assert {16, 32} <= sizes


def test_favicon_ico_answers_only_reads(client):
    assert client.post("/favicon.ico").status_code == 405
