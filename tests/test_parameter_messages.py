"""The same bad value gets the same words on every surface that reads it: the catalogue
list, the outcomes explorer and the comparison (forgiving: a notice on the page) and the
API, the downloads and the feed (strict: a 400 naming the parameter)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LIST = reverse("catalogue:list")
OUTCOMES = reverse("evidence:outcomes")
COMPARE = reverse("evidence:compare")
API = reverse("api:intervention-list")
CSV = reverse("downloads:csv")
FEED = reverse("downloads:feed")


def notices(client, path, params):
    response = client.get(path, params)
    assert response.status_code == 200
    return response.context["notices"]


def api_errors(client, params, path=API):
    response = client.get(path, params)
    assert response.status_code == 400, response.content
    return response.json()["errors"]


def plain_errors(client, path, params):
    response = client.get(path, params)
    assert response.status_code == 400
    return response.content.decode()


def test_a_bad_page_number_is_worded_alike_everywhere(client):
    reason = "The page number “two” is not a whole number of at least 1"
    notice = f"{reason}, so page 1 is shown."
    assert notices(client, LIST, {"page": "two"}) == [notice]
    assert notices(client, OUTCOMES, {"page": "two"}) == [notice]
    assert api_errors(client, {"page": "two"}) == {"page": [f"{reason}."]}
    assert api_errors(client, {"page": "two"}, reverse("api:theme-list")) == {
        "page": [f"{reason}."]
    }


def test_a_page_beyond_the_last_is_worded_alike_everywhere(client):
    reason = "There is no page 99: there is only 1 page of results"
    notice = f"{reason}, so page 1 is shown."
    assert notices(client, LIST, {"theme": "knife-crime", "page": "99"}) == [notice]
    assert notices(client, OUTCOMES, {"page": "99"}) == [notice]
    response = client.get(API, {"theme": "knife-crime", "page": "99"})
    assert response.status_code == 404
    assert response.json()["errors"] == {"page": [f"{reason}."]}


def test_an_unknown_theme_slug_is_worded_alike_everywhere(client):
    reason = "There is no theme “bananas”"
    notice = f"{reason}, so it was left out."
    assert notices(client, LIST, {"theme": "bananas"}) == [notice]
    assert notices(client, OUTCOMES, {"theme": "bananas"}) == [notice]
    advice = f"The theme slugs are listed at {reverse('api:theme-list')}."
    assert api_errors(client, {"theme": "bananas"}) == {"theme": [f"{reason}. {advice}"]}
    assert f"theme: {reason}. {advice}" in plain_errors(client, CSV, {"theme": "bananas"})
    assert f"theme: {reason}. {advice}" in plain_errors(client, FEED, {"theme": "bananas"})
    # The comparison names entries, not themes, in the same form.
    assert notices(client, COMPARE, {"items": "bananas"}) == [
        "There is no published entry “bananas”, so it was left out."
    ]


def test_an_oversized_search_is_worded_alike_everywhere(client):
    reason = "The search is longer than 200 characters"
    search = "knife " + "x" * 400
    assert notices(client, LIST, {"q": search}) == [f"{reason}, so only its beginning was used."]
    assert api_errors(client, {"q": search}) == {"q": [f"{reason}."]}
    assert f"q: {reason}." in plain_errors(client, FEED, {"q": search})


def test_an_unknown_sort_order_is_worded_alike_everywhere(client):
    reason = "There is no sort order “; DROP TABLE”"
    assert notices(client, LIST, {"ordering": "; DROP TABLE"}) == [
        f"{reason}, so the default sort was used."
    ]
    assert notices(client, OUTCOMES, {"sort": "; DROP TABLE"}) == [
        f"{reason}, so the figures are sorted by entry."
    ]
    (message,) = api_errors(client, {"ordering": "; DROP TABLE"})["ordering"]
    assert message.startswith(f"{reason}. Use one of: relevance, name")


def test_a_sort_order_given_twice_is_worded_alike_everywhere(client):
    reason = "The sort order was given 2 times"
    assert notices(client, LIST, {"ordering": ["-name", "name"]}) == [
        f"{reason}, so the first, “-name”, was used."
    ]
    assert notices(client, OUTCOMES, {"sort": ["measure", "entry"]}) == [
        f"{reason}, so the first, “measure”, was used."
    ]
    assert api_errors(client, {"ordering": ["-name", "name"]}) == {
        "ordering": [f"{reason}. Give it once."]
    }


def test_a_flood_of_values_is_worded_alike_everywhere(client):
    flood = [f"nope-{number}" for number in range(150)]
    reason = "The address gave 150 values where at most 100 are read"
    notice = f"{reason}, so the rest were left out."
    assert notices(client, LIST, {"theme": flood})[0] == notice
    assert notices(client, OUTCOMES, {"theme": flood})[0] == notice
    assert notices(client, COMPARE, {"items": ",".join(flood)})[0] == notice
    assert api_errors(client, {"theme": flood})["theme"][0] == f"{reason}."


def test_a_nul_byte_is_worded_alike_everywhere(client):
    reason = "Null characters are not allowed"
    notice = f"{reason}, so the theme “evil” was left out."
    assert notices(client, LIST, {"theme": "\x00evil"}) == [notice]
    assert notices(client, OUTCOMES, {"theme": "\x00evil"}) == [notice]
    assert notices(client, COMPARE, {"items": "\x00evil"}) == [
        f"{reason}, so the published entry “evil” was left out."
    ]
    assert api_errors(client, {"theme": "\x00evil"}) == {"theme": [f"{reason}."]}
    assert f"theme: {reason}." in plain_errors(client, FEED, {"theme": "\x00evil"})
