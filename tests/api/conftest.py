from datetime import date

import pytest
from django.core.cache import cache

from interventions.models import Force, Theme
from tests.factories import (
    make_funding,
    make_intervention,
    make_organisation,
    make_outcome,
    make_report,
    make_session,
    make_source,
)


@pytest.fixture(autouse=True)
def fresh_throttle():
    """Throttle counts live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def theme(db):
    """Themes and forces are reference data loaded by a migration; fetch them by slug."""
    return lambda slug: Theme.objects.get(slug=slug)


@pytest.fixture
def force(db):
    return lambda slug: Force.objects.get(slug=slug)


@pytest.fixture
def api(client):
    """GET an API address; returns the response, whose body is JSON."""

    def get(path, params=None, **headers):
        response = client.get(path, params or {}, **headers)
        assert response["Content-Type"].startswith("application/json"), response.content
        return response

    return get


@pytest.fixture
def catalogue(theme, force):
    """A published entry with everything an entry can show, a plain one, and two drafts
    with a report and figures of their own."""
    source = make_source(
        slug="vvcp-page",
        title="Interventions evaluated by the VVCP",
        publisher="College of Policing",
        url="https://example.org/vvcp",
    )
    evaluator = make_organisation(slug="uni", name="A University", kind="university")
    vru = make_organisation(slug="vru", name="The VRU", kind="vru", force_area=force("kent"))
    rich = make_intervention(
        name="Knife Awareness Programme",
        short_name="KAP",
        slug="knife-awareness",
        summary="Teaches pupils about knives.",
        description="Longer account.",
        themes=[theme("knife-crime"), theme("county-lines")],
        forces=[force("kent"), force("sussex")],
        purposes=["prevention"],
        settings=["school"],
        sources=[source],
        partners=[(vru, "lead"), (evaluator, "evaluator")],
        evidence_stage="independently-evaluated",
        status="ended",
        age_min=11,
        age_max=16,
        start_year=2019,
        end_year=2021,
        target_group="Pupils in years 7 to 11",
        last_reviewed=date(2024, 5, 1),
        curator_note="Dates differ between sources.",
    )
    report = make_report(
        [rich],
        slug="kap-evaluation",
        title="Knife Awareness Programme: full technical report",
        report_type="full-technical-report",
        published_on=date(2021, 7, 13),
        file_format="pdf",
        file_size_bytes=188959,
        url="https://example.org/kap.pdf",
        evaluator=evaluator,
        source=source,
        source_section="Knife crime section",
    )
    make_outcome(
        rich,
        key="knife-offences",
        measure="Knife offences near schools",
        value="10.9",
        unit="percent",
        direction="reduction",
        baseline_value=120,
        follow_up_value="106.92",
        baseline_period="2019",
        follow_up_period="2021",
        cohort="Kent schools",
        sample_size=40,
        source=source,
        source_section="Table 2",
        report=report,
    )
    make_funding(
        rich,
        key="home-office",
        description="Home Office",
        amount_gbp=1_200_000,
        amount_qualifier="over",
        period="2019-2021",
        funder=vru,
        source=source,
    )
    make_session([rich], title="Knife crime seminar", number=2, source=source)
    plain = make_intervention(name="Plain Work", slug="plain-work")
    drafts = []
    for state in ("draft", "in-review"):
        draft = make_intervention(
            name=f"Secret {state} work",
            slug=f"secret-{state}",
            state=state,
            themes=[theme("knife-crime")],
            forces=[force("kent")],
            partners=[(vru, "lead")],
            sources=[source],
        )
        make_report([draft], slug=f"secret-{state}-report", title=f"Secret {state} report")
        make_outcome(draft, key="secret-figure", measure="Secret figure", source=source)
        drafts.append(draft)
    # A synthesis covering a published entry and a draft: public, naming only the first.
    make_report([plain, drafts[0]], slug="synthesis", title="A synthesis", report_type="synthesis")
    return {"rich": rich, "plain": plain, "drafts": drafts, "report": report}
