"""Staff preview drafts on the public template; 'view on site' is only for published entries."""

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils.timezone import localtime

from interventions.models import PublicationState
from tests.factories import make_intervention, make_outcome, make_report

pytestmark = pytest.mark.django_db


def preview_url(entry):
    return reverse("admin:interventions_intervention_preview", args=[entry.pk])


def change_url(entry):
    return reverse("admin:interventions_intervention_change", args=[entry.pk])


@pytest.fixture
def draft():
    entry = make_intervention(
        name="Secret draft entry", state=PublicationState.DRAFT, summary="Not public yet."
    )
    make_report([entry], title="Draft evaluation report")
    make_outcome(entry, measure="Knife crime in the town centre")
    return entry


def test_an_editor_previews_a_draft_on_the_public_template_with_a_banner(editor_client, draft):
    response = editor_client.get(preview_url(draft))
    content = response.content.decode()
    assert response.status_code == 200
    assert "interventions/intervention_detail.html" in [t.name for t in response.templates]
    assert "Preview — not published." in content
    assert "Secret draft entry" in content
    assert "Draft evaluation report" in content
    assert "Knife crime in the town centre" in content
    assert len(re.findall(r"<h1[ >]", content)) == 1
    assert '<meta name="robots" content="noindex, nofollow">' in content
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_anyone_else_gets_a_404_for_the_preview(draft, who):
    client = Client()
    if who == "reader":
        client.force_login(User.objects.create_user("reader", password="pw"))
    response = client.get(preview_url(draft))
    assert response.status_code == 404
    assert "Secret draft entry" not in response.content.decode()


def test_staff_without_a_role_are_told_what_the_preview_needs_and_see_nothing(draft, staff_user):
    client = Client()
    client.force_login(staff_user)
    response = client.get(preview_url(draft))
    assert response.status_code == 403
    assert "interventions.view_intervention" in response.content.decode()
    assert "Secret draft entry" not in response.content.decode()


def test_the_public_page_of_a_draft_is_still_a_404(editor_client, draft):
    assert editor_client.get(draft.get_absolute_url()).status_code == 404


def test_previewing_an_unknown_entry_is_a_404(editor_client):
    assert editor_client.get("/admin/interventions/intervention/999999/preview/").status_code == 404


def test_the_preview_takes_the_same_queries_as_the_public_page(
    editor_client, draft, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20) as captured:
        editor_client.get(preview_url(draft))
    for _ in range(3):
        make_report([draft])
        make_outcome(draft)
    with django_assert_max_num_queries(len(captured.captured_queries)):
        editor_client.get(preview_url(draft))


def test_a_draft_offers_preview_and_not_view_on_site(editor_client, draft):
    content = editor_client.get(change_url(draft)).content.decode()
    assert preview_url(draft) in content
    assert "View on site" not in content


def test_a_published_entry_offers_view_on_site(editor_client):
    entry = make_intervention(state=PublicationState.PUBLISHED)
    content = editor_client.get(change_url(entry)).content.decode()
    assert "View on site" in content
    assert preview_url(entry) not in content


def test_reports_and_figures_of_drafts_offer_no_view_on_site(curator_client, draft):
    report = draft.reports.get()
    outcome = draft.outcomes.get()
    for url in [
        reverse("admin:evaluations_evaluationreport_change", args=[report.pk]),
        reverse("admin:evaluations_outcomemetric_change", args=[outcome.pk]),
    ]:
        assert "View on site" not in curator_client.get(url).content.decode()
    published = make_intervention(state=PublicationState.PUBLISHED)
    shared = make_report([published])
    url = reverse("admin:evaluations_evaluationreport_change", args=[shared.pk])
    assert "View on site" in curator_client.get(url).content.decode()


def test_the_preview_of_a_never_published_draft_reads_as_a_sentence(editor_client, draft):
    content = editor_client.get(preview_url(draft)).content.decode()
    dates = re.search(r'<p class="meta entry-dates">(.*?)</p>', content, re.S).group(1)
    assert dates.startswith("Not yet published in the catalogue. Last updated ")
    assert " ." not in dates


def test_the_preview_of_an_unpublished_entry_keeps_its_first_publication_date(editor_client):
    entry = make_intervention(state=PublicationState.PUBLISHED)
    entry.publication_state = PublicationState.DRAFT
    entry.save()
    content = editor_client.get(preview_url(entry)).content.decode()
    first = f"{localtime(entry.published_at):%-d %B %Y}"
    assert f"First published in the catalogue {first}. Last updated " in content
