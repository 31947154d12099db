"""No public page, download, feed or API answer takes more than twelve queries.

Each address is read for a small and a larger catalogue: the count must also be the
same for both, so it cannot grow with the number of entries.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interventions.models import Force, Theme
from tests.factories import (
    make_funding,
    make_intervention,
    make_organisation,
    make_outcome,
    make_rating,
    make_report,
    make_session,
    make_source,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue_version_just_read")]

MOST_QUERIES = 12

ADDRESSES = [
    "/",
    "/interventions/",
    "/interventions/?theme=county-lines&region=south-east&evidence_stage=locally-evaluated",
    "/interventions/?q=entry&theme=county-lines&setting=school&age=14&ordering=evidence&page=2",
    "/interventions/?q=entyr",
    "/interventions/?verdict=mixed&verdict=not-yet-known",
    "/about/evidence-ratings/",
    "/interventions/entry-000/",
    "/themes/county-lines/",
    "/themes/",
    "/regions/south-east/",
    "/regions/south-east/?page=2",
    "/interventions/list.txt?theme=county-lines&theme=knife-crime&match=all",
    "/interventions/?theme=county-lines&theme=knife-crime&match=all&age=12&age_unknown=exclude",
    "/forces/kent/",
    "/organisations/shared-partner/",
    "/forces/",
    "/compare/?items=entry-000,entry-001",
    "/outcomes/",
    "/outcomes/?verdict=mixed&evidence_stage=locally-evaluated",
    "/outcomes/download.csv",
    "/outcomes/download.csv?verdict=mixed",
    "/evidence/gap-map/",
    "/evidence/gap-map/?region=south-east&force=kent&evidence_stage=locally-evaluated",
    "/evidence/gap-map/download.csv?region=south-east",
    "/interventions/entry-000/cite.ris",
    "/interventions/download.csv?theme=county-lines",
    "/interventions/download.json?q=entry",
    "/interventions/feed/",
    "/interventions/feed/?verdict=mixed",
    "/sitemap.xml",
    "/robots.txt",
    "/share-practice/",
    "/alerts/?theme=county-lines&region=south-east&q=entry",
    "/privacy/",
    "/api/v1/",
    "/api/v1/interventions/",
    "/api/v1/interventions/?q=entry&theme=county-lines&region=south-east&has_report=true",
    "/api/v1/interventions/entry-000/",
    "/api/v1/interventions/?verdict=mixed",
    "/api/v1/themes/",
    "/api/v1/themes/county-lines/",
    "/api/v1/forces/",
    "/api/v1/organisations/",
    "/api/v1/reports/",
    "/api/v1/outcomes/",
    "/api/v1/sources/",
    "/no-such-page/",
]


@pytest.fixture
def catalogue():
    """Adds richly linked entries, numbered from ``start``, to one shared catalogue."""
    source = make_source(slug="shared-source")
    partner = make_organisation(slug="shared-partner", force_area=Force.objects.get(slug="kent"))
    themes = list(Theme.objects.filter(slug__in=["county-lines", "knife-crime"]))
    forces = list(Force.objects.filter(slug__in=["kent", "sussex"]))
    make_intervention(state="draft", themes=themes, forces=forces, sources=[source])

    def add(start, stop):
        entries = [
            make_intervention(
                name=f"Entry {number:03}",
                slug=f"entry-{number:03}",
                themes=themes,
                forces=forces,
                purposes=["prevention"],
                settings=["school"],
                sources=[source],
                partners=[(partner, "lead")],
                evidence_stage="locally-evaluated",
                age_min=10,
                age_max=18,
            )
            for number in range(start, stop)
        ]
        for entry in entries[:3]:
            report = make_report([entry], source=source, evaluator=partner)
            make_outcome(entry, source=source, report=report)
            make_funding(entry, source=source, funder=partner)
            make_rating(entry, verdict="mixed", source=source)
        make_session(entries[:2], source=source)

    return add


def queries_for(client, address):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code in (200, 404), (address, response.status_code)
    return len(queries)


def test_no_public_address_takes_more_than_twelve_queries_or_more_for_more_entries(
    client, catalogue
):
    catalogue(0, 4)
    small = {address: queries_for(client, address) for address in ADDRESSES}
    catalogue(4, 60)
    large = {address: queries_for(client, address) for address in ADDRESSES}
    too_many = {address: number for address, number in large.items() if number > MOST_QUERIES}
    assert not too_many, f"more than {MOST_QUERIES} queries: {too_many}"
    growing = {
        address: (small[address], large[address])
        for address in ADDRESSES
        if small[address] != large[address]
    }
    assert not growing, f"queries grow with the catalogue: {growing}"
