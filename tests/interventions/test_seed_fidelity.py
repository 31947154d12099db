"""The seeded catalogue says no more than its documents: lessons, statuses, roles, inferences."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from evaluations.models import OutcomeMetric
from interventions.models import Intervention, Lesson, PartnerRole, SourceDocument
from tests.pages import text_of

pytestmark = pytest.mark.django_db

APCC = "apcc-in-focus-serious-violence-2023"


@pytest.fixture
def seeded(seeded_catalogue):
    pass


def role(entry, organisation):
    return PartnerRole.objects.get(intervention__slug=entry, organisation__slug=organisation).role


def test_every_apcc_case_study_with_lessons_learnt_has_lessons_with_sections(seeded):
    with_lessons = set(
        Lesson.objects.filter(source__slug=APCC).values_list("intervention__slug", flat=True)
    )
    # Every case study but Merseyside and South Wales, which have no such section.
    assert len(with_lessons) == 10
    for lesson in Lesson.objects.all():
        assert lesson.source_section, lesson.key
        assert lesson.intervention.citations.filter(source=lesson.source).exists(), lesson.key


def test_the_ae_navigator_lesson_keeps_the_documents_words(seeded):
    lesson = Lesson.objects.get(key="information-sharing", intervention__slug__contains="navigator")
    assert "a risk of overreliance on medical staff buy-in" in lesson.text
    entry = Intervention.objects.get(slug="west-yorkshire-ae-navigator-programme")
    assert "relied too heavily" not in entry.description
    assert "whilst not fully representative" in entry.description


def test_the_suffolk_team_monitors_young_people_over_12_weeks(seeded):
    entry = Intervention.objects.get(slug="youth-engagement-team-suffolk")
    assert "monitored over 12 weeks" in entry.summary
    assert "engages with them for 12 weeks" not in entry.summary


def test_no_partner_role_is_stronger_than_its_source(seeded):
    assert role("sara-v3-and-sam-pilot", "npcc") == "endorser"
    assert role("lancashire-violence-reduction-network", "lancashire-opcc") == "secured-funding"
    assert role("west-midlands-faith-alliance", "home-office") == "funds-host"


def test_the_ken_notes_are_not_credited_to_a_publisher_they_do_not_name(seeded):
    notes = SourceDocument.objects.get(slug="ken-meeting-two-vrus")
    assert "Police Foundation" not in notes.publisher
    assert "police-foundation.org.uk" in notes.summary


def test_an_apcc_entry_reads_last_reported_active_2023_and_the_list_filter_says_so(client, seeded):
    entry = Intervention.objects.get(slug="operation-deter")
    assert entry.status_display == "Last reported active 2023"
    response = client.get(reverse("catalogue:detail", args=["operation-deter"]))
    assert "Status Last reported active 2023" in text_of(response)
    assert "Reported active" in text_of(client.get(reverse("catalogue:list")))


def test_basildon_shows_its_force_as_the_catalogues_inference(client, seeded):
    response = client.get(reverse("catalogue:detail", args=["basildon-hospital-project"]))
    text = text_of(response)
    assert "Catalogue\u2019s inference: The meeting notes name no police force." in text
    api = client.get(reverse("api:intervention-detail", args=["basildon-hospital-project"]))
    assert api.json()["inference_note"].startswith("The meeting notes name no police force.")
    assert api.json()["status_reported_year"] is None


def test_seeding_twice_changes_no_count(seeded):
    models = [Intervention, OutcomeMetric, Lesson, PartnerRole, SourceDocument]
    before = [model.objects.count() for model in models]
    output = StringIO()
    call_command("seed_catalogue", stdout=output)
    assert [model.objects.count() for model in models] == before
    assert "0 created, 0 updated" in output.getvalue().splitlines()[-1]


def test_the_footer_names_the_network_by_what_its_notes_say_it_is(client, seeded):
    # "The Knowledge Exchange Network, formed to support better ways of policing young
    # adults aged 18-25, held its second meeting on 26th January. This meeting looked at
    # Violence Reduction Units": the network is not the units' own.
    text = text_of(client.get(reverse("catalogue:home")))
    assert "the notes of a Knowledge Exchange Network meeting on violence reduction units" in text
    assert "violence reduction units' Knowledge Exchange Network" not in text


def test_an_entry_lists_the_seminar_sessions_announced_to_present_it(client, seeded):
    text = text_of(client.get(reverse("catalogue:detail", args=["divert-metropolitan-police"])))
    assert "Seminar sessions announced to present it Session 1: Serious violence" in text
    assert "Presented at" not in text
