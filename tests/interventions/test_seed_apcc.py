"""The seeded APCC case studies and Knowledge Exchange Network practice, as loaded from fixtures/.

Other sources are seeded alongside these, so every count is limited to what these two
documents are cited for.
"""

import datetime
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interventions.models import AgeGroup, Funding, Intervention, Organisation, PartnerRole

pytestmark = pytest.mark.django_db

APCC = "apcc-in-focus-serious-violence-2023"
KEN = "ken-meeting-two-vrus"

APCC_FORCES = {
    "operation-deter": "thames-valley",
    "west-midlands-faith-alliance": "west-midlands",
    "habitual-knife-carriers-project": "sussex",
    "west-yorkshire-ae-navigator-programme": "west-yorkshire",
    "intact-programme": "dyfed-powys",
    "nottinghamshire-youth-work-charter": "nottinghamshire",
    "hampshire-violent-crime-taskforce": "hampshire",
    "greater-manchester-vru-community-led-approach": "greater-manchester",
    "merseyside-violence-reduction-partnership": "merseyside",
    "wales-violence-prevention-unit": "south-wales",
    "humber-violence-prevention-partnership": "humberside",
    "lancashire-violence-reduction-network": "lancashire",
}


def seed():
    out = StringIO()
    call_command("seed_catalogue", stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(seeded_catalogue):
    pass


def cited_to(source):
    return Intervention.objects.filter(citations__source__slug=source)


def funding(intervention, key):
    return Funding.objects.get(intervention__slug=intervention, key=key)


def roles(intervention):
    return set(
        PartnerRole.objects.filter(intervention__slug=intervention).values_list(
            "organisation__slug", "role"
        )
    )


def test_all_twelve_apcc_case_studies_are_published_and_cited_to_the_apcc_report(seeded):
    entries = cited_to(APCC)
    assert set(entries.values_list("slug", flat=True)) == set(APCC_FORCES)
    assert entries.published().count() == 12
    published_at = datetime.datetime(2026, 11, 21, 9, 0, tzinfo=datetime.UTC)
    for entry in entries:
        assert entry.published_at == published_at, entry.slug
        assert entry.last_reviewed == datetime.date(2026, 11, 21), entry.slug


def test_each_case_study_is_filed_under_its_own_force_area(seeded):
    for slug, force in APCC_FORCES.items():
        entry = Intervention.objects.get(slug=slug)
        assert list(entry.forces.values_list("slug", flat=True)) == [force], slug


def test_case_studies_cite_their_section_by_contents_page(seeded):
    hkc = Intervention.objects.get(slug="habitual-knife-carriers-project")
    citation = hkc.citations.get()
    assert citation.source.slug == APCC
    assert citation.section == "Case study 3: Sussex, Habitual Knife Carriers Project (page 16)"
    lancashire = Intervention.objects.get(slug="lancashire-violence-reduction-network")
    assert lancashire.citations.get().section.endswith("(page 57)")


def test_evidence_stages_follow_what_each_case_study_reports(seeded):
    stages = dict(cited_to(APCC).values_list("slug", "evidence_stage"))
    assert stages["habitual-knife-carriers-project"] == "locally-evaluated"
    assert stages["intact-programme"] == "locally-evaluated"
    assert stages["operation-deter"] == "early-outcomes"
    assert stages["hampshire-violent-crime-taskforce"] == "early-outcomes"
    assert "untested" not in stages.values()


def test_names_short_names_and_contacts_are_kept_as_printed(seeded):
    deter = Intervention.objects.get(slug="operation-deter")
    assert deter.display_name == "Operation Deter (Op Deter)"
    assert deter.contact_email == "opcc.comms@thamesvally.police.uk"
    assert "thamesvally" in deter.curator_note
    assert "missing from the text" in deter.curator_note
    assert "without additional funding" in deter.description
    taskforce = Intervention.objects.get(slug="hampshire-violent-crime-taskforce")
    assert taskforce.display_name == "Violent Crime Taskforce (VCT)"
    assert taskforce.contact_email == "Sarah.Nicholson@hampshire.police.uk"
    merseyside = Intervention.objects.get(slug="merseyside-violence-reduction-partnership")
    assert merseyside.website == "https://www.merseysidevrp.com"
    assert merseyside.start_year == 2019


def test_partners_are_recorded_with_their_roles(seeded):
    assert ("national-childrens-bureau", "evaluator") in roles("habitual-knife-carriers-project")
    assert ("sussex-vrp", "lead") in roles("habitual-knife-carriers-project")
    assert ("aberystwyth-university", "evaluator") in roles("intact-programme")
    assert ("boxwise", "delivery-partner") in roles("intact-programme")
    assert ("crown-prosecution-service", "delivery-partner") in roles("operation-deter")
    assert ("hmcts", "delivery-partner") in roles("operation-deter")
    assert ("thames-valley-vru", "funder") in roles("operation-deter")
    assert ("liverpool-john-moores-university", "evaluator") in roles(
        "merseyside-violence-reduction-partnership"
    )
    assert ("university-of-hull", "evaluator") in roles("humber-violence-prevention-partnership")
    assert ("action-for-children", "delivery-partner") in roles("wales-violence-prevention-unit")
    assert ("youth-endowment-fund", "funder") in roles("wales-violence-prevention-unit")
    assert ("arc", "evaluator") in roles("lancashire-violence-reduction-network")
    assert ("hampshire-and-isle-of-wight-opcc", "lead") in roles(
        "hampshire-violent-crime-taskforce"
    )


def test_seeded_organisations_keep_their_printed_names_and_force_areas(seeded):
    trust = Organisation.objects.get(slug="calderdale-and-huddersfield-nhs-foundation-trust")
    assert trust.name == "Calderdale and Huddersfield NHS Foundation Trust"
    assert trust.kind == "nhs"
    assert trust.force_area.slug == "west-yorkshire"
    nnvrp = Organisation.objects.get(slug="nottingham-and-nottinghamshire-vrp")
    assert nnvrp.short_name == "NNVRP"
    assert nnvrp.kind == "vru"
    assert Organisation.objects.get(slug="university-hospital-of-wales").force_area.slug == (
        "south-wales"
    )


def test_every_organisation_these_sources_add_plays_a_part_in_an_entry(seeded):
    path = settings.BASE_DIR / "fixtures" / "21-organisations-apcc-ken.json"
    slugs = [record["fields"]["slug"] for record in json.loads(path.read_text())]
    for slug in slugs:
        organisation = Organisation.objects.get(slug=slug)
        assert (
            organisation.partner_roles.exists()
            or organisation.evaluated_reports.exists()
            or organisation.funding_given.exists()
        ), slug


def test_funding_lines_keep_amounts_and_periods_as_stated(seeded):
    taskforce = funding("hampshire-violent-crime-taskforce", "home-office-2022-2023")
    assert taskforce.amount_gbp == Decimal("566513")
    assert taskforce.period == "2022-2023"
    assert taskforce.funder.slug == "home-office"
    assert taskforce.amount_display == "£566,513"

    notts = funding("nottinghamshire-youth-work-charter", "nnvrp-core-home-office-commissioning")
    assert notts.amount_gbp == Decimal("724000")
    assert notts.description.startswith(
        "For the partnership's commissioned interventions, not for the charter: 51% of the "
        "NNVRP's core Home Office funding allocation"
    )
    assert "to support over 4,500" in notts.description

    lancashire = funding("lancashire-violence-reduction-network", "opcc-2022-into-2025")
    assert lancashire.amount_display == "£5 million"
    assert lancashire.period == "2022 into 2025"
    assert lancashire.funder.slug == "lancashire-opcc"

    humber = "humber-violence-prevention-partnership"
    assert funding(humber, "interventions-with-young-people").amount_display == "Around £750,000"
    assert funding(humber, "goole-youth-action-in-your-corner").amount_gbp == Decimal("35000")
    assert funding(humber, "catzero-north-east-lincolnshire").amount_gbp == Decimal("35000")


def test_funding_without_a_stated_amount_is_not_recorded_as_zero(seeded):
    lines = Funding.objects.filter(source__slug=APCC)
    assert not lines.filter(amount_gbp=0).exists()
    assert not Funding.objects.filter(intervention__slug="operation-deter").exclude(amount_gbp=None)


def test_knowledge_exchange_practice_is_untested_and_cited_to_the_meeting_notes(seeded):
    entries = cited_to(KEN)
    assert entries.count() == 12
    assert set(entries.values_list("evidence_stage", flat=True)) == {"untested"}
    assert entries.published().count() == entries.count()
    for entry in entries:
        section = entry.citations.get(source__slug=KEN).section
        assert section in {
            "Opening: speaker presentations",
            "Emerging practice (first list)",
            "Emerging practice (second list)",
        }
    assert not entries.filter(citations__source__slug=APCC).exists()


def test_knowledge_exchange_entries_are_filed_under_the_forces_named(seeded):
    def forces(slug):
        return set(Intervention.objects.get(slug=slug).forces.values_list("slug", flat=True))

    assert forces("basildon-hospital-project") == {"essex"}
    assert forces("bedfordshire-multi-agency-gang-panel") == {"bedfordshire"}
    assert forces("vrus-with-one-police-officer") == {"northumbria", "south-wales"}
    assert forces("thames-valley-fair-access-protocol") == {"thames-valley"}


def test_lancashire_divert_is_a_separate_entry_from_the_metropolitan_programme(seeded):
    divert = Intervention.objects.get(slug="lancashire-divert-custody-navigators")
    assert list(divert.forces.values_list("slug", flat=True)) == ["lancashire"]
    assert list(divert.delivery_settings.values_list("slug", flat=True)) == ["custody"]
    assert "Metropolitan Police" in divert.curator_note


def test_seeding_a_second_time_changes_nothing(seeded):
    second = seed()
    assert "Seeded catalogue: 0 created, 0 updated," in second
    assert cited_to(APCC).count() == 12


def test_a_case_study_page_shows_partners_funding_and_sources(client, seeded):
    page = client.get("/interventions/hampshire-violent-crime-taskforce/")
    assert page.status_code == 200
    content = page.content.decode()
    assert "Violent Crime Taskforce (VCT)" in content
    assert "£566,513" in content
    assert "2022-2023" in content
    assert "Hampshire and Isle of Wight Violence Reduction Unit" in content
    assert "Case study 7: Hampshire, Violent Crime Taskforce (page 34)" in content


def test_a_knowledge_exchange_page_shows_its_source_and_evidence_stage(client, seeded):
    content = client.get("/interventions/basildon-hospital-project/").content.decode()
    assert "Untested or new" in content
    assert "Knowledge Exchange Network: meeting two" in content
    assert "Emerging practice (second list)" in content


def test_detail_pages_need_the_same_queries_however_many_figures_they_show(client, seeded):
    def queries(slug):
        with CaptureQueriesContext(connection) as context:
            assert client.get(f"/interventions/{slug}/").status_code == 200
        return len(context)

    # Both entries have figures, partners, funding and reports, in different numbers: the
    # Youth Work Charter has eight figures, six partners and one report; the Lancashire
    # network five figures, three partners and two reports. Each relation is fetched once.
    assert queries("nottinghamshire-youth-work-charter") == queries(
        "lancashire-violence-reduction-network"
    )


NEW_KEN_ENTRIES = {
    "thames-valley-sequential-intercept-model": ("Sequential Intercept Model", "thames-valley-vru"),
    "lancashire-vru-trauma-informed-practice": ("trauma-informed", "lancashire-vrn"),
    "national-vulnerability-action-plan": ("National Vulnerability Action Plan", "vkpp"),
}


@pytest.mark.parametrize("slug", sorted(NEW_KEN_ENTRIES))
def test_speakers_practice_from_the_notes_is_published_with_its_section(seeded, client, slug):
    words, lead = NEW_KEN_ENTRIES[slug]
    entry = Intervention.objects.published().get(slug=slug)
    assert entry.citations.get(source__slug=KEN).section == "Opening: speaker presentations"
    assert entry.evidence_stage == "untested"
    assert entry.partner_roles.get(role="lead").organisation.slug == lead
    page = client.get(entry.get_absolute_url())
    assert page.status_code == 200
    assert words in page.content.decode()


def test_speakers_practice_names_no_force_the_notes_do_not_give_without_saying_so(seeded):
    """The notes name the units, not the police forces: the filing is shown as an inference."""
    for slug in NEW_KEN_ENTRIES:
        entry = Intervention.objects.get(slug=slug)
        if entry.forces.exists():
            assert "not the police force" in entry.inference_note
    plan = Intervention.objects.get(slug="national-vulnerability-action-plan")
    assert not plan.forces.exists()
    assert (plan.age_min, plan.age_max) == (None, None)
    focus = plan.age_groups.get()
    assert (focus.age_min, focus.age_max, focus.source.slug) == (18, 21, KEN)
    assert "18 to 21" in plan.summary


def test_seeded_age_groups_carry_their_sections_and_find_their_entries(seeded):
    groups = AgeGroup.objects.all()
    assert groups.count() == 7
    assert groups.of_published().count() == 7
    assert {group.source.slug for group in groups} == {APCC, KEN}
    for group in groups.filter(source__slug=APCC):
        assert group.source_section.startswith("Case study ")
    caseworker = groups.get(key="action-for-children-caseworker")
    assert (caseworker.age_min, caseworker.age_max) == (11, 24)
    at_twenty = Intervention.objects.published().giving_an_age().suitable_for_age(20)
    assert {
        "humber-violence-prevention-partnership",
        "lancashire-violence-reduction-network",
        "wales-violence-prevention-unit",
        "national-vulnerability-action-plan",
    } <= set(at_twenty.values_list("slug", flat=True))
    assert not at_twenty.filter(slug="greater-manchester-vru-community-led-approach").exists()
