"""The College of Policing's VVCP interventions and July 2021 seminars, as seeded from fixtures/.

Other sources are seeded from the same folder, so every count here is limited to
the rows the two College documents own.
"""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluations.models import EvaluationReport, SeminarSession
from interventions.models import Intervention, PartnerRole, SourceCitation

pytestmark = pytest.mark.django_db

COLLEGE_PAGE = "college-vvcp-interventions"
SEMINAR_PAGE = "college-vvcp-seminar-series-2021"

# Every report link on the College page, transcribed from it in page order; the
# synthesis, which the page repeats under three interventions, appears once.
COLLEGE_PAGE_REPORTS = [
    ("Evaluation of DIVERT: Key findings and implications for practice", "184.53 KB"),
    ("Evaluation of DIVERT: Full technical report", "2.99 MB"),
    ("Operation Divan: Key findings and implications for practice", "196.44 KB"),
    ("Operation Divan: Full technical report", "992.5 KB"),
    ("Operation Met Divan: Key findings and implications for practice", "209.58 KB"),
    ("Operation Met Divan: Full technical report", "935.48 KB"),
    (
        "An exploratory analysis of young people identified by Op Met Divan: Full technical report",
        "622.27 KB",
    ),
    ("Evaluation of the CIRV: Key findings and implications for practice", "199.44 KB"),
    ("Evaluation of the CIRV: Full technical report", "1.98 MB"),
    ("Evaluation of TFEI: Key findings and implications for practice", "176.33 KB"),
    ("Evaluation of TFEI: Full technical report", "3.69 MB"),
    ("Synthesis of evidence on early intervention from TAWs, FSPs and TFEI", "1.24 MB"),
    (
        "Evaluation of the TAWs role and train the trainer educational approach: "
        "Key findings and implications for practice",
        "214.56 KB",
    ),
    (
        "Evaluation of the TAWs role and train the trainer educational approach: "
        "Full technical report",
        "1.64 MB",
    ),
    ("Evaluation of TAWs: Report of additional analysis", "406.56 KB"),
    (
        "Evaluation of the use of FSPs in cases of neglect: "
        "Key findings and implications for practice",
        "188.65 KB",
    ),
    ("Evaluation of the use of FSPs in cases of neglect: Full technical report", "2.33 MB"),
    ("Evaluation of the use of FSPs: Report of additional exploratory analysis", "444.27 KB"),
    ("SARA/SAM: Key findings and implications for practice", "180.96 KB"),
    ("SARA/SAM: Full technical report", "1.98 MB"),
    ("HHPU: Key findings and implications for practice", "186.31 KB"),
    ("HHPU: Full technical report", "1.96 MB"),
]

# The seminar page's titles use an en dash, kept exactly.
SESSION_1 = "Serious violence \N{EN DASH} diversion interventions"
SESSION_4 = "Knife crime \N{EN DASH} early intervention"

DIVERT = "divert-metropolitan-police"
DIVAN = "operation-divan"
MET_DIVAN = "operation-met-divan"
CIRV = "cirv-northamptonshire"
TFEI = "think-family-early-intervention-scheme"
TAWS = "trusted-adult-workers-hampshire"
FSPS = "family-safety-plans-in-cases-of-neglect"
SARA_SAM = "sara-v3-and-sam-pilot"
HHPU = "high-harm-perpetrator-unit-surrey"
CLIMATE = "climate-county-lines-intervention-team"
ART = "adolescent-risk-team-south-west-london"
OUT_OF_COURT = "out-of-court-panels-northumbria"
YET = "youth-engagement-team-suffolk"


def seed():
    out = StringIO()
    call_command("seed_catalogue", stdout=out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def seeded(seeded_catalogue, db):
    pass


def college_entries():
    return Intervention.objects.filter(citations__source__slug=COLLEGE_PAGE)


def college_reports():
    return EvaluationReport.objects.filter(source__slug=COLLEGE_PAGE)


def entry(slug):
    return Intervention.objects.get(slug=slug)


def slugs(queryset):
    return set(queryset.values_list("slug", flat=True))


def test_the_college_page_contributes_thirteen_entries_four_awaiting_a_feasibility_study():
    assert college_entries().count() == 13
    pending = college_entries().filter(evidence_stage="feasibility-pending")
    assert slugs(pending) == {CLIMATE, ART, OUT_OF_COURT, YET}
    assert college_entries().filter(evidence_stage="independently-evaluated").count() == 9


def test_every_report_on_the_college_page_is_seeded_once_with_its_exact_title_and_size():
    seeded = [(report.title, report.file_size_display) for report in college_reports()]
    assert len(seeded) == 22
    assert sorted(seeded) == sorted(COLLEGE_PAGE_REPORTS)
    assert set(college_reports().values_list("publisher__slug", flat=True)) == {
        "college-of-policing"
    }
    assert set(college_reports().values_list("file_format", flat=True)) == {"pdf"}


def test_the_early_intervention_synthesis_is_one_report_shared_by_tfei_taws_and_fsps():
    synthesis = college_reports().get(report_type="synthesis")
    assert synthesis.title == "Synthesis of evidence on early intervention from TAWs, FSPs and TFEI"
    assert slugs(synthesis.interventions.all()) == {TFEI, TAWS, FSPS}
    for slug in (TFEI, TAWS, FSPS):
        assert entry(slug).reports.filter(report_type="synthesis").count() == 1


def test_each_entry_has_the_reports_the_page_lists_under_it():
    expected_counts = {DIVERT: 2, DIVAN: 2, MET_DIVAN: 3, CIRV: 2, TFEI: 3, TAWS: 4, FSPS: 4}
    expected_counts |= {SARA_SAM: 2, HHPU: 2, CLIMATE: 0, ART: 0, OUT_OF_COURT: 0, YET: 0}
    assert {slug: entry(slug).reports.count() for slug in expected_counts} == expected_counts
    assert entry(MET_DIVAN).reports.get(report_type="exploratory-analysis").file_size_bytes == (
        637204
    )


def test_entries_are_filed_under_the_forces_that_run_them():
    expected = {
        DIVERT: {"Metropolitan Police Service"},
        DIVAN: {"North Yorkshire Police"},
        MET_DIVAN: {"Metropolitan Police Service"},
        CIRV: {"Northamptonshire Police"},
        TFEI: {"Avon and Somerset Police"},
        TAWS: {"Hampshire and Isle of Wight Constabulary"},
        FSPS: {"Hampshire and Isle of Wight Constabulary"},
        SARA_SAM: {"Cumbria Constabulary", "Lancashire Constabulary", "West Midlands Police"},
        HHPU: {"Surrey Police"},
        CLIMATE: {"Dorset Police"},
        ART: {"Metropolitan Police Service"},
        OUT_OF_COURT: {"Northumbria Police"},
        YET: {"Suffolk Constabulary"},
    }
    seeded = {slug: set(entry(slug).forces.values_list("name", flat=True)) for slug in expected}
    assert seeded == expected


def test_ages_are_recorded_only_where_the_page_states_them():
    assert entry(DIVERT).age_range_display == "18 to 25"
    assert (entry(DIVAN).age_min, entry(DIVAN).age_max) == (None, 17)
    assert (entry(MET_DIVAN).age_min, entry(MET_DIVAN).age_max) == (None, 17)
    assert entry(YET).age_range_display == "10 to 18"
    unstated = college_entries().exclude(slug__in=[DIVERT, DIVAN, MET_DIVAN, YET])
    assert not unstated.filter(age_min__isnull=False).exists()
    assert not unstated.filter(age_max__isnull=False).exists()


def test_names_and_themes_follow_the_college_page():
    assert entry(CIRV).display_name == "Community initiative to reduce violence (CIRV)"
    assert entry(TFEI).display_name == "Think family early intervention scheme (TFEI)"
    assert entry(CLIMATE).display_name == "County lines intervention team (CLIMATE)"
    assert entry(SARA_SAM).display_name == (
        "Spousal assault risk assessment (SARA v3) and stalking assessment and management "
        "tool (SAM)"
    )
    assert entry(DIVAN).themes.filter(slug="knife-crime").exists()
    assert entry(SARA_SAM).themes.filter(slug="domestic-abuse-and-stalking").exists()
    assert SourceCitation.objects.get(
        intervention__slug=HHPU, source__slug=COLLEGE_PAGE
    ).section == ("Risk assessment and management")
    assert SourceCitation.objects.get(
        intervention__slug=YET, source__slug=COLLEGE_PAGE
    ).section == ("Child sexual abuse and exploitation")


def test_only_the_sara_and_sam_pilot_is_recorded_as_a_pilot():
    assert slugs(college_entries().filter(status="pilot")) == {SARA_SAM}
    assert entry(SARA_SAM).start_year == 2018
    assert not college_entries().filter(status="ended").exists()


def test_the_four_seminar_sessions_have_their_dates_times_and_presenters():
    sessions = SeminarSession.objects.filter(source__slug=SEMINAR_PAGE)
    seeded = [
        (s.number, s.title, s.date, s.time_note, slugs(s.interventions.all())) for s in sessions
    ]
    assert seeded == [
        (
            1,
            SESSION_1,
            datetime.date(2021, 7, 7),
            "10am to 12pm",
            {DIVERT, CIRV},
        ),
        (
            2,
            "Early intervention for vulnerable children",
            datetime.date(2021, 7, 13),
            "10am to 12pm",
            {TAWS, TFEI, FSPS},
        ),
        (
            3,
            "Risk assessment and management",
            datetime.date(2021, 7, 21),
            "10.30am to 12pm",
            {HHPU, SARA_SAM},
        ),
        (
            4,
            SESSION_4,
            datetime.date(2021, 7, 28),
            "10am to 12pm",
            {DIVAN, MET_DIVAN},
        ),
    ]


def test_the_nine_presented_entries_cite_their_seminar_session():
    citations = SourceCitation.objects.filter(source__slug=SEMINAR_PAGE)
    assert {c.intervention.slug: c.section for c in citations} == {
        DIVERT: f"Session 1: {SESSION_1}",
        CIRV: f"Session 1: {SESSION_1}",
        TAWS: "Session 2: Early intervention for vulnerable children",
        TFEI: "Session 2: Early intervention for vulnerable children",
        FSPS: "Session 2: Early intervention for vulnerable children",
        HHPU: "Session 3: Risk assessment and management",
        SARA_SAM: "Session 3: Risk assessment and management",
        DIVAN: f"Session 4: {SESSION_4}",
        MET_DIVAN: f"Session 4: {SESSION_4}",
    }


def test_named_partners_are_linked_in_the_roles_the_sources_give_them():
    roles = {
        (role.intervention.slug, role.organisation.slug, role.role)
        for role in PartnerRole.objects.filter(intervention__in=college_entries())
    }
    assert roles == {
        (TAWS, "hampshire-and-isle-of-wight-opcc", "funder"),
        (FSPS, "crown-prosecution-service", "delivery-partner"),
        # The source says the NPCC's leads endorsed the pilot, not that the NPCC ran it.
        (SARA_SAM, "npcc", "endorser"),
    }


def test_curator_notes_explain_where_the_sources_contradict_themselves():
    assert "Operation Met Devan" in entry(MET_DIVAN).curator_note
    assert "Community initiative to reduce violence? (CIRV)" in entry(CIRV).curator_note
    assert "Cumbria Police" in entry(SARA_SAM).curator_note
    assert "eight initiatives" in entry(DIVAN).curator_note
    hhpu_key_findings = college_reports().get(
        title="HHPU: Key findings and implications for practice"
    )
    assert "186,31 KB" in hhpu_key_findings.curator_note
    assert hhpu_key_findings.file_size_display == "186.31 KB"


def test_seeding_a_second_time_changes_nothing():
    second = seed()
    assert "Seeded catalogue: 0 created, 0 updated" in second
    assert college_entries().count() == 13
    assert college_reports().count() == 22
    assert Intervention.history.filter(slug=DIVERT).count() == 1


def test_every_seeded_entry_is_published_with_a_summary_theme_force_and_sources():
    assert college_entries().published().count() == 13
    for intervention in college_entries():
        assert intervention.summary.strip(), intervention.slug
        assert intervention.description.strip(), intervention.slug
        assert intervention.themes.exists(), intervention.slug
        assert intervention.forces.exists(), intervention.slug
        assert intervention.last_reviewed == datetime.date(2026, 11, 21), intervention.slug


def test_the_detail_page_shows_the_reports_with_sizes_and_the_seminar_session(client):
    response = client.get(entry(TAWS).get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    for report in entry(TAWS).reports.all():
        assert report.title in content
        assert report.file_size_display in content
    assert "1.24 MB" in content
    assert "406.56 KB" in content
    assert (
        "Session 2: Early intervention for vulnerable children, 13 July 2021, 10am to 12pm"
        in content
    )
    assert "Office of the Police and Crime Commissioner for Hampshire and the Isle of Wight" in (
        content
    )


def test_a_detail_page_needs_as_many_queries_with_four_reports_as_with_two(client):
    def queries_for(slug):
        url = entry(slug).get_absolute_url()
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    assert entry(TAWS).reports.count() == 4
    assert entry(DIVERT).reports.count() == 2
    assert queries_for(TAWS) == queries_for(DIVERT)
