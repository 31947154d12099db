import csv
import io
from urllib.parse import parse_qs, urlsplit

import pytest

from interventions.models import Force, Intervention, PublicationState, Theme
from tests.browser.support import expect
from tests.factories import make_intervention

pytestmark = pytest.mark.browser


def test_a_reader_downloads_the_csv_of_a_filtered_list(page, site):
    make_intervention(
        name="Secret knife crime draft",
        slug="secret-knife-crime-draft",
        state=PublicationState.DRAFT,
        themes=[Theme.objects.get(slug="knife-crime")],
        forces=[Force.objects.get(slug="metropolitan")],
    )
    page.goto("/interventions/")
    with page.expect_navigation():
        page.locator("#theme-knife-crime").check()
    expect(page.locator("#results-heading")).to_contain_text("theme Knife crime")
    knife_crime = Intervention.objects.published().filter(themes__slug="knife-crime")
    with page.expect_download() as info:
        page.locator("a[href*='download.csv']").first.click()
    download = info.value
    assert parse_qs(urlsplit(download.url).query)["theme"] == ["knife-crime"]
    assert download.suggested_filename.endswith(".csv")
    text = download.path().read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    name = next(column for column in rows[0] if column.strip().lower() == "name")
    assert sorted(row[name] for row in rows) == sorted(entry.name for entry in knife_crime)
    assert "Secret knife crime draft" not in text


def test_the_csv_address_answers_with_a_csv_file(page, site):
    response = page.request.get("/interventions/download.csv?theme=knife-crime")
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/csv")
