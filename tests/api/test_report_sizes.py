"""A report's size as its document writes it; derived bytes are marked approximate."""

import pytest
import yaml
from django.urls import reverse

from tests.factories import make_intervention, make_report

pytestmark = pytest.mark.django_db


def test_the_api_gives_the_written_size_and_calls_the_bytes_approximate(api):
    entry = make_intervention(slug="kap")
    make_report([entry], file_size_bytes=188959)
    (report,) = api(reverse("api:intervention-detail", args=["kap"])).json()["reports"]
    assert report["file_size"] == "184.53 KB"
    assert report["approximate_file_size_bytes"] == 188959
    # The old name stays, as the README's contract promises, and says it is approximate too.
    assert report["file_size_bytes"] == 188959


def test_the_schema_says_the_bytes_are_derived_and_approximate(client):
    schema = yaml.safe_load(client.get(reverse("api:schema")).content)
    report = schema["components"]["schemas"]["Report"]["properties"]
    assert report["approximate_file_size_bytes"]["description"].startswith("Approximate:")
    assert report["file_size_bytes"]["description"].startswith("Approximate,")
    assert "exactly as the source document writes it" in report["file_size"]["description"]
