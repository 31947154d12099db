"""The data licence is stated in every page footer, and follows the setting."""

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.factories import make_intervention
from tests.pages import text_of

pytestmark = pytest.mark.django_db

OGL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


@pytest.mark.parametrize(
    "path",
    [
        reverse("catalogue:home"),
        reverse("catalogue:list"),
        "/interventions/entry/",
        reverse("api:docs"),
        "/no-such-page/",
    ],
)
def test_every_page_footer_states_the_open_government_licence(client, path):
    make_intervention(slug="entry")
    page = client.get(path).content.decode()
    footer = page.split('<footer class="site-footer">')[1]
    assert f'<a href="{OGL}">Open Government Licence v3.0</a>' in footer


@override_settings(DATA_LICENCE={"name": "CC BY 4.0", "url": "https://example.org/cc-by"})
def test_another_licence_can_be_named_in_settings(client):
    response = client.get(reverse("catalogue:home"))
    assert "available under the CC BY 4.0." in text_of(response)
    assert "Open Government Licence" not in response.content.decode()
