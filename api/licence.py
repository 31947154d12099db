"""The licence the catalogue's data is published under, stated in the API, exports,
feed and page footer. ``settings.DATA_LICENCE`` may name another, as {"name", "url"}."""

from django.conf import settings

OPEN_GOVERNMENT_LICENCE = {
    "name": "Open Government Licence v3.0",
    "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}


def data_licence():
    configured = getattr(settings, "DATA_LICENCE", None) or {}
    return {
        "name": configured.get("name") or OPEN_GOVERNMENT_LICENCE["name"],
        "url": configured.get("url") or OPEN_GOVERNMENT_LICENCE["url"],
    }


def link_header():
    """The licence as an HTTP Link header value (RFC 8288, relation "license")."""
    return f'<{data_licence()["url"]}>; rel="license"'
