"""Stable addresses: a renamed entry keeps answering at its old slug, and no slug is
ever given to another entry."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from api.models import RetiredSlug
from interventions.models import Intervention, Theme
from tests.factories import make_intervention, make_outcome, make_report

pytestmark = pytest.mark.django_db


def rename(row, slug):
    row.slug = slug
    row.save()
    return row


@pytest.fixture
def renamed():
    entry = make_intervention(name="Operation Example", slug="old-name")
    return rename(entry, "new-name")


def test_the_old_page_address_redirects_permanently_to_the_new_one(client, renamed):
    response = client.get("/interventions/old-name/")
    assert response.status_code == 301
    assert response["Location"] == "/interventions/new-name/"
    assert client.get(response["Location"]).status_code == 200


def test_the_old_api_address_redirects_to_the_new_one_keeping_the_query(client, renamed):
    response = client.get("/api/v1/interventions/old-name/?utm_source=mail")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/interventions/new-name/?utm_source=mail"
    assert client.get("/api/v1/interventions/new-name/").json()["slug"] == "new-name"


def test_an_old_slug_still_finds_the_entrys_figures(client, renamed):
    make_outcome(renamed, key="figure")
    response = client.get("/api/v1/outcomes/old-name/figure/")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/outcomes/new-name/figure/"


def test_every_earlier_slug_leads_to_the_current_one(client, renamed):
    rename(renamed, "newest-name")
    for old in ("old-name", "new-name"):
        response = client.get(f"/interventions/{old}/")
        assert response["Location"] == "/interventions/newest-name/"


def test_an_entry_given_back_an_old_slug_answers_there_again(client, renamed):
    rename(renamed, "old-name")
    assert client.get("/interventions/old-name/").status_code == 200
    assert client.get("/interventions/new-name/")["Location"] == "/interventions/old-name/"


def test_an_unpublished_entrys_old_address_reveals_nothing(client, renamed):
    Intervention.objects.filter(pk=renamed.pk).update(publication_state="draft")
    response = client.get("/interventions/old-name/")
    assert response.status_code == 404
    assert "new-name" not in response.content.decode()
    assert client.get("/api/v1/interventions/old-name/").status_code == 404


def test_a_draft_renamed_before_publication_redirects_once_published(client):
    draft = make_intervention(slug="working-title", state="draft")
    rename(draft, "final-title")
    assert client.get("/interventions/working-title/").status_code == 404
    draft.publication_state = "published"
    draft.save()
    assert client.get("/interventions/working-title/")["Location"] == "/interventions/final-title/"


def test_another_entry_cannot_take_a_retired_slug(renamed):
    with pytest.raises(ValidationError) as error:
        make_intervention(slug="old-name")
    assert "cannot be used again" in str(error.value)
    assert Intervention.objects.filter(slug="old-name").count() == 0


def test_another_entry_cannot_be_renamed_to_a_retired_slug(renamed):
    other = make_intervention(slug="other")
    with pytest.raises(ValidationError):
        rename(other, "old-name")
    other.refresh_from_db()
    assert other.slug == "other"


def test_a_deleted_published_entrys_slug_is_not_reused(client):
    make_intervention(slug="gone").delete()
    assert client.get("/interventions/gone/").status_code == 404
    with pytest.raises(ValidationError):
        make_intervention(slug="gone")


def test_a_deleted_draft_that_was_never_published_frees_its_slug():
    make_intervention(slug="mistake", state="draft").delete()
    assert make_intervention(slug="mistake").slug == "mistake"


def test_feed_is_kept_for_the_feed_address():
    with pytest.raises(ValidationError):
        make_intervention(slug="feed")


def test_the_admin_form_refuses_a_retired_or_reserved_slug_with_a_message(
    client, staff_user, renamed
):
    staff_user.is_superuser = True
    staff_user.save()
    client.force_login(staff_user)
    other = make_intervention(name="Other", slug="other")
    page = client.get(reverse("admin:interventions_intervention_change", args=[other.pk]))
    form = page.context["adminform"].form
    data = {
        key: value
        for key, value in form.initial.items()
        if value is not None and not isinstance(value, list)
    }
    data.update({"themes": [], "forces": [], "purposes": [], "delivery_settings": []})
    data["change_reason"] = "A clearer address"
    for inline in page.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    for slug, message in [
        ("old-name", "cannot be used again"),
        ("feed", "part of one of the site&#x27;s own addresses"),
    ]:
        response = client.post(
            reverse("admin:interventions_intervention_change", args=[other.pk]),
            {**data, "slug": slug},
        )
        assert response.status_code == 200
        assert message in response.content.decode()
    other.refresh_from_db()
    assert other.slug == "other"
    saved = client.post(
        reverse("admin:interventions_intervention_change", args=[other.pk]),
        {**data, "slug": "brand-new"},
    )
    assert saved.status_code == 302
    assert client.get("/interventions/other/")["Location"] == "/interventions/brand-new/"


def test_a_renamed_theme_keeps_its_page_and_api_addresses(client):
    theme = Theme.objects.get(slug="knife-crime")
    rename(theme, "knives")
    assert client.get("/themes/knife-crime/")["Location"] == "/themes/knives/"
    assert client.get("/api/v1/themes/knife-crime/")["Location"] == "/api/v1/themes/knives/"
    assert RetiredSlug.objects.get(slug="knife-crime").get_absolute_url() == "/themes/knife-crime/"


def test_a_renamed_report_redirects_only_while_it_covers_a_published_entry(client):
    entry = make_intervention()
    report = rename(make_report([entry], slug="first-report"), "report")
    assert client.get("/api/v1/reports/first-report/")["Location"] == "/api/v1/reports/report/"
    entry.publication_state = "draft"
    entry.save()
    assert client.get("/api/v1/reports/first-report/").status_code == 404
    assert report.slug == "report"


def test_an_address_that_was_never_used_is_simply_not_found(client):
    assert client.get("/interventions/never-existed/").status_code == 404
    assert client.get("/api/v1/interventions/never-existed/").status_code == 404
