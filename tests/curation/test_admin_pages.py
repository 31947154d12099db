"""Every admin page opens for the people who use it, with lists that stay fast as they grow."""

import re
from datetime import timedelta

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from evaluations.models import OutcomeMetric, SeminarSession
from interventions.models import (
    Force,
    ForceAlias,
    Organisation,
    PartnerRole,
    Place,
    SearchTerm,
    UncataloguedMention,
)
from tests.factories import make_intervention, make_outcome, make_report, make_source

pytestmark = pytest.mark.django_db

CATALOGUE_MODELS = [
    model
    for model in admin.site._registry
    if model._meta.app_label in {"interventions", "evaluations"}
    # Pending revisions are made by saving a published entry, not added; see
    # tests/curation/test_revisions.py for their pages.
    and model._meta.model_name != "pendingrevision"
]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def catalogue():
    source = make_source()
    entry = make_intervention(forces=[Force.objects.get(slug="dorset")])
    organisation = Organisation.objects.create(name="A VRU", slug="a-vru", kind="vru")
    PartnerRole.objects.create(intervention=entry, organisation=organisation, role="lead")
    report = make_report([entry], source=source)
    make_outcome(entry, report=report, source=source)
    session = SeminarSession.objects.create(
        number=1, title="Session one", slug="session-one", date="2021-03-02", source=source
    )
    session.interventions.add(entry)
    dorset = Force.objects.get(slug="dorset")
    SearchTerm.objects.create(phrase="youth violence").themes.set(entry.themes.all())
    ForceAlias.objects.create(alias="Dorset Constabulary", force=dorset)
    Place.objects.create(name="Weymouth", force=dorset, region=dorset.region)
    UncataloguedMention.objects.create(
        source=source,
        key="street-project",
        name="Street project",
        section="Opening",
        what_the_source_says="Named as an example.",
        why_not_an_entry="No place or activity is given.",
    )
    return entry


def test_every_catalogue_model_has_an_admin_page():
    names = {model._meta.model_name for model in CATALOGUE_MODELS}
    assert {
        "force",
        "theme",
        "purpose",
        "setting",
        "organisation",
        "sourcedocument",
        "intervention",
        "evaluationreport",
        "outcomemetric",
        "seminarsession",
    } <= names


@pytest.mark.parametrize("model", CATALOGUE_MODELS, ids=lambda model: model._meta.model_name)
def test_a_curator_opens_the_list_add_and_change_pages_of_every_model(
    curator_client, catalogue, model
):
    obj = model.objects.first()
    for url in [
        admin_url(model, "changelist"),
        admin_url(model, "changelist") + "?q=violence",
        admin_url(model, "add"),
        admin_url(model, "change", obj.pk),
    ]:
        response = curator_client.get(url)
        assert response.status_code == 200, url
        assert len(re.findall(r"<h1[ >]", response.content.decode())) == 1, url


def test_an_editor_may_look_at_but_not_add_to_the_reference_lists(editor_client):
    assert editor_client.get(admin_url(Force, "changelist")).status_code == 200
    assert editor_client.get(admin_url(Force, "add")).status_code == 403


@pytest.mark.parametrize(
    "search", ["%' OR 1=1 --", "<script>alert(1)</script>", "a" * 2000, "\u202e\u0000"]
)
def test_hostile_searches_are_answered_without_an_error(curator_client, catalogue, search):
    response = curator_client.get(admin_url(catalogue.__class__, "changelist"), {"q": search})
    # No database stores a NUL byte: the admin refuses it for every parameter alike.
    assert response.status_code == (400 if "\x00" in search else 200)
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.parametrize(
    ("changelist", "add_row"),
    [
        ("interventions_intervention_changelist", lambda: make_intervention()),
        ("evaluations_evaluationreport_changelist", lambda: make_report([make_intervention()])),
        ("evaluations_outcomemetric_changelist", lambda: make_outcome(make_intervention())),
    ],
)
def test_the_big_lists_take_the_same_queries_for_two_rows_as_for_twelve(
    curator_client, django_assert_max_num_queries, changelist, add_row
):
    url = reverse(f"admin:{changelist}")
    for _ in range(2):
        add_row()
    with django_assert_max_num_queries(50) as few:
        curator_client.get(url)
    for _ in range(10):
        add_row()
    with django_assert_max_num_queries(len(few.captured_queries)):
        curator_client.get(url)


def test_the_due_for_review_filter_lists_entries_not_reviewed_for_a_year(curator_client):
    today = timezone.localdate()
    make_intervention(name="Checked last month", last_reviewed=today - timedelta(days=30))
    make_intervention(name="Checked two years ago", last_reviewed=today - timedelta(days=730))
    make_intervention(name="Never checked", last_reviewed=None)

    due = curator_client.get(reverse("admin:interventions_intervention_changelist") + "?review=due")
    names = {entry.name for entry in due.context["cl"].result_list}
    assert names == {"Checked two years ago", "Never checked"}

    current = curator_client.get(
        reverse("admin:interventions_intervention_changelist") + "?review=current"
    )
    assert {entry.name for entry in current.context["cl"].result_list} == {"Checked last month"}


def test_outcome_list_shows_figures_as_the_public_sees_them(curator_client):
    make_outcome(make_intervention(), value=45, unit="percent", measure="Robberies")
    content = curator_client.get(admin_url(OutcomeMetric, "changelist")).content.decode()
    assert "45%" in content
