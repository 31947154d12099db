"""The figures and reports seeded from the APCC serious violence case studies.

Other sources are seeded alongside, so every query is limited to this document's figures.
"""

from decimal import Decimal

import pytest

from evaluations.models import EvaluationReport, OutcomeMetric

pytestmark = pytest.mark.django_db

APCC = "apcc-in-focus-serious-violence-2023"


@pytest.fixture
def seeded(seeded_catalogue):
    pass


def metric(intervention, key):
    return OutcomeMetric.objects.get(intervention__slug=intervention, key=key)


def apcc_metrics():
    return OutcomeMetric.objects.filter(source__slug=APCC)


def test_every_apcc_figure_names_its_source_section_unit_and_measure(seeded):
    metrics = apcc_metrics().select_related("intervention")
    assert metrics.count() >= 60
    for figure in metrics:
        assert figure.unit in {"percent", "count", "gbp", "ratio"}, figure.key
        assert figure.measure, figure.key
        assert figure.source_section.startswith("Case study "), figure.key
        assert figure.intervention.citations.filter(source__slug=APCC).exists(), figure.key


def test_every_apcc_case_study_has_figures(seeded):
    with_figures = set(apcc_metrics().values_list("intervention__slug", flat=True))
    assert len(with_figures) == 12


def test_changes_have_a_direction_and_counts_of_people_do_not(seeded):
    assert metric("habitual-knife-carriers-project", "offending-occurrences").direction == (
        "reduction"
    )
    assert metric(
        "operation-deter", "knife-possession-arrests-charged-milton-keynes"
    ).direction == ("increase")
    assert metric("merseyside-violence-reduction-partnership", "beneficiaries").direction == ""


def test_portsmouth_robberies_keep_counts_periods_and_the_stated_percentage(seeded):
    december = metric("hampshire-violent-crime-taskforce", "portsmouth-robberies-december")
    assert december.value == Decimal("45")
    assert december.unit == "percent"
    assert december.direction == "reduction"
    assert (december.baseline_value, december.baseline_period) == (37, "December 2019")
    assert (december.follow_up_value, december.follow_up_period) == (20, "December 2022")
    assert december.baseline_display == "37"
    assert december.follow_up_display == "20"

    january = metric("hampshire-violent-crime-taskforce", "portsmouth-robberies-january")
    assert january.value_display == "18%"
    assert (january.baseline_value, january.follow_up_value) == (33, 26)
    assert (january.baseline_period, january.follow_up_period) == ("January 2020", "January 2023")


def test_arithmetic_the_source_gets_wrong_is_kept_and_explained(seeded):
    january = metric("hampshire-violent-crime-taskforce", "portsmouth-robberies-january")
    assert "21.2%" in january.curator_note
    december = metric("hampshire-violent-crime-taskforce", "portsmouth-robberies-december")
    assert "45.9%" in december.curator_note
    headline = metric("hampshire-violent-crime-taskforce", "portsmouth-robberies")
    assert headline.value_display == "Up to 45%"


def test_habitual_knife_carriers_figures_keep_the_cohort_of_44(seeded):
    hkc = "habitual-knife-carriers-project"
    offending = metric(hkc, "offending-occurrences")
    assert offending.value_display == "76%"
    assert offending.sample_size == 44
    assert offending.report.evaluator.name == "National Children's Bureau"
    counts = {
        key: metric(hkc, key).value
        for key in [
            "linked-to-an-occurrence-before-referral",
            "reduced-offending",
            "no-further-occurrences",
            "victims-before-referral",
            "victims-not-linked-again",
        ]
    }
    assert counts == {
        "linked-to-an-occurrence-before-referral": 43,
        "reduced-offending": 37,
        "no-further-occurrences": 32,
        "victims-before-referral": 24,
        "victims-not-linked-again": 20,
    }
    assert metric(hkc, "victims-not-linked-again").measure_kind == "victimisation"


def test_sussex_wide_figures_keep_their_periods(seeded):
    sussex = metric("habitual-knife-carriers-project", "sussex-public-place-serious-violence")
    assert sussex.value_display == "10%"
    assert sussex.baseline_period == "Pre-funding year to March 2019"
    assert sussex.follow_up_period == "12 months to June 2023"
    assert sussex.report.slug == "sussex-vrp-performance-report-q1-2023"
    fewer = metric("habitual-knife-carriers-project", "brighton-hove-fewer-offences")
    assert (fewer.value, fewer.unit, fewer.cohort) == (177, "count", "Brighton & Hove")
    assert metric("habitual-knife-carriers-project", "vrp-individuals-reached").value_display == (
        "1,841"
    )


@pytest.mark.parametrize(
    ("intervention", "key", "shown"),
    [
        ("merseyside-violence-reduction-partnership", "emergency-department-attendances", "10.9%"),
        ("merseyside-violence-reduction-partnership", "ambulance-call-outs", "14.7%"),
        ("merseyside-violence-reduction-partnership", "beneficiaries", "More than 21,000"),
        (
            "merseyside-violence-reduction-partnership",
            "sports-arts-culture-beneficiaries",
            "Almost 8,500",
        ),
        (
            "merseyside-violence-reduction-partnership",
            "neurodiversity-training-professionals",
            "Nearly 300",
        ),
        ("merseyside-violence-reduction-partnership", "cost-of-violence-2019-20", "£185.4 million"),
        ("merseyside-violence-reduction-partnership", "saving-per-pound-spent", "£3.16"),
        (
            "greater-manchester-vru-community-led-approach",
            "young-people-in-community-sport",
            "Over 1,129",
        ),
        (
            "greater-manchester-vru-community-led-approach",
            "salford-mentees-improved-wellbeing",
            "Over 90%",
        ),
        (
            "greater-manchester-vru-community-led-approach",
            "young-people-in-prevention-activities",
            "More than 10,000",
        ),
        ("west-yorkshire-ae-navigator-programme", "blosm-young-people-supported", "Just under 400"),
        ("intact-programme", "individuals-offered-interventions", "In excess of 600"),
        ("intact-programme", "no-further-police-contact", "87%"),
        ("wales-violence-prevention-unit", "cost-of-violence-to-nhs-wales", "£205 million"),
        ("wales-violence-prevention-unit", "patients-engaged-2022-23", "1,330"),
        (
            "humber-violence-prevention-partnership",
            "invested-in-interventions-with-young-people",
            "Around £750,000",
        ),
        ("nottinghamshire-youth-work-charter", "core-funding-for-commissioning", "£724,000"),
        ("lancashire-violence-reduction-network", "knife-assault-hospital-admissions", "55%"),
        ("west-midlands-faith-alliance", "network-members", "Over 400"),
    ],
)
def test_figures_read_as_the_source_words_them(seeded, intervention, key, shown):
    assert metric(intervention, key).value_display == shown


def test_cohorts_and_groups_are_recorded(seeded):
    assert metric(
        "lancashire-violence-reduction-network", "champions-adult-project-reached"
    ).cohort == ("Aged 18 to 25")
    assert metric(
        "lancashire-violence-reduction-network", "champions-youth-project-reached"
    ).value == (594)
    mentored = metric(
        "greater-manchester-vru-community-led-approach", "salford-young-people-mentored"
    )
    assert (mentored.value, mentored.cohort) == (64, "Salford, aged 10 to 18")
    members = metric("west-midlands-faith-alliance", "network-members")
    assert (members.baseline_value, members.baseline_period) == (30, "February 2020")
    assert (members.follow_up_value, members.follow_up_period) == (400, "July 2023")


def test_figures_from_a_named_report_point_to_it(seeded):
    cost = metric("merseyside-violence-reduction-partnership", "cost-of-violence-2019-20")
    assert cost.report.title == (
        "Economic & social costs of violence on Merseyside: A report for the Merseyside VRP"
    )
    assert cost.report.evaluator.slug == "liverpool-john-moores-university"
    admissions = metric(
        "greater-manchester-vru-community-led-approach", "sharp-object-admissions-under-25"
    )
    assert admissions.report.slug == "greater-manchester-vru-annual-report-2022-23"
    assert admissions.baseline_period == "2021"


def test_reports_keep_their_evaluators_types_and_dates_as_given(seeded):
    reports = EvaluationReport.objects.filter(source__slug=APCC)
    assert reports.count() == 12
    ncb = reports.get(slug="ncb-habitual-knife-carriers-evaluation-2022-23")
    assert (ncb.evaluator.slug, ncb.date_display) == ("national-childrens-bureau", "2022/23")
    intact = reports.get(slug="aberystwyth-intact-evaluation-2023")
    assert intact.evaluator.slug == "aberystwyth-university"
    assert intact.date_note == "Commissioned between March and May 2023"
    navigator = reports.get(slug="west-yorkshire-ae-navigator-evaluation-april-2022")
    assert navigator.date_display == "April 2022"
    annual = reports.get(slug="lancashire-vrn-annual-report-2022-23")
    assert annual.report_type == "annual-report"
    assert reports.get(slug="arc-lancashire-champions-evaluations").evaluator.name == "ARC"
    assert not reports.exclude(file_size_bytes=None).exists()
    assert not reports.exclude(url="").exists()


def test_reports_without_a_printed_title_say_so(seeded):
    reports = EvaluationReport.objects.filter(source__slug=APCC)
    untitled = reports.exclude(slug="ljmu-economic-social-costs-violence-merseyside")
    for report in untitled:
        assert "gives no title" in report.curator_note, report.slug
    assert reports.get(slug="ljmu-economic-social-costs-violence-merseyside").curator_note == ""


def test_the_detail_page_shows_the_figures_table(client, seeded):
    content = client.get("/interventions/habitual-knife-carriers-project/").content.decode()
    assert "Outcomes reported" in content
    assert "76% reduction" in content
    assert "(sample of 44)" in content
    assert "Impact and outcome evaluation of the Habitual Knife Carriers project" in content
    assert "<dt>Evaluated by</dt>" in content
    assert "National Children&#x27;s Bureau</a>" in content

    taskforce = client.get("/interventions/hampshire-violent-crime-taskforce/").content.decode()
    assert '37 <span class="meta">(December 2019)</span>' in taskforce
    assert '20 <span class="meta">(December 2022)</span>' in taskforce
    assert "Up to 45% reduction" in taskforce
    assert "21.2%" in taskforce

    merseyside = client.get(
        "/interventions/merseyside-violence-reduction-partnership/"
    ).content.decode()
    assert "£185.4 million" in merseyside
    assert "10.9% reduction" in merseyside
