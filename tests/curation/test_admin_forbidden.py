"""A page a role cannot use answers with the admin's own 403 page, which says what is missing."""

import pytest
from django.contrib.auth.models import User
from django.test import Client, RequestFactory
from django.urls import reverse

from curation.forbidden import permission_denied
from tests.pages import text_of

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def assert_admin_403(response, *phrases):
    assert response.status_code == 403
    assert "admin/403.html" in [template.name for template in response.templates]
    text = text_of(response)
    # Inside the admin's look: its header, breadcrumbs and a way back.
    assert "Violence Reduction Interventions Catalogue" in text
    assert '<div class="breadcrumbs">' in response.content.decode()
    assert "Home \u203a You cannot open this page" in text
    assert "Back to the admin\u2019s home page" in text
    assert "Traceback" not in text
    for phrase in phrases:
        assert phrase in text, phrase


def test_an_editor_opening_the_data_quality_report_is_told_curators_have_it(editor):
    response = client_for(editor).get(reverse("admin:data_quality"))
    assert_admin_403(
        response,
        "“Can see the data-quality report” (interventions.view_data_quality).",
        "The Curator group has it.",
        "You are in the Editor group.",
        "ask whoever manages staff accounts",
    )


def test_an_editor_deleting_an_entry_is_told_which_permission_is_missing(editor):
    from tests.factories import make_intervention

    entry = make_intervention()
    url = reverse("admin:interventions_intervention_delete", args=[entry.pk])
    for response in [client_for(editor).get(url), client_for(editor).post(url, {"post": "yes"})]:
        assert_admin_403(
            response,
            "“Can delete intervention” (interventions.delete_intervention).",
            "The Curator group has it.",
        )


def test_an_editor_adding_a_force_is_refused_with_an_explanation(editor):
    response = client_for(editor).get(reverse("admin:interventions_force_add"))
    assert_admin_403(response, "(interventions.add_force)", "The Curator group has it.")


def test_pages_no_role_has_say_only_a_superuser_can_use_them(curator):
    response = client_for(curator).get(reverse("admin:auth_user_changelist"))
    assert_admin_403(response, "(auth.view_user)", "No group has it: only a superuser")


def test_a_page_closed_to_everyone_says_so_rather_than_blaming_the_role(curator):
    response = client_for(curator).get(reverse("admin:submissions_submission_add"))
    assert_admin_403(response, "No one can use this page, whatever their role")
    assert "ask whoever manages staff accounts" not in text_of(response)


@pytest.mark.parametrize(
    "url_name",
    [
        "interventions_intervention_changelist",
        "interventions_intervention_add",
        "interventions_intervention_import",
        "interventions_intervention_export",
        "evaluations_outcomemetric_import",
        "submissions_submission_changelist",
        "api_retiredslug_changelist",
        "data_quality",
    ],
)
def test_staff_without_a_group_get_the_explained_page_everywhere(staff_user, url_name):
    response = client_for(staff_user).get(reverse(f"admin:{url_name}"))
    assert_admin_403(response, "You are not in the Editor or Curator group yet")


def test_the_import_page_names_both_permissions_it_needs(staff_user):
    response = client_for(staff_user).get(reverse("admin:interventions_intervention_import"))
    assert_admin_403(
        response, "(interventions.add_intervention)", "(interventions.change_intervention)"
    )


def test_the_change_page_of_an_entry_names_the_view_permission(staff_user):
    from tests.factories import make_intervention

    url = reverse("admin:interventions_intervention_change", args=[make_intervention().pk])
    response = client_for(staff_user).get(url)
    assert_admin_403(response, "(interventions.view_intervention)", "Editor and Curator groups")


def test_the_preview_of_a_draft_is_refused_with_an_explanation_and_no_content(staff_user):
    from interventions.models import PublicationState
    from tests.factories import make_intervention

    draft = make_intervention(name="Secret draft", state=PublicationState.DRAFT)
    url = reverse("admin:interventions_intervention_preview", args=[draft.pk])
    response = client_for(staff_user).get(url)
    assert_admin_403(response, "(interventions.view_intervention)")
    assert "Secret draft" not in response.content.decode()


def test_the_admin_403_page_lists_only_the_apps_the_user_may_open(editor):
    response = client_for(editor).get(reverse("admin:data_quality"))
    content = response.content.decode()
    assert reverse("admin:submissions_submission_changelist") in content
    assert reverse("admin:auth_user_changelist") not in content


def test_other_refusals_get_the_public_not_allowed_page():
    """Nothing public refuses today; the handler still never shows the admin to outsiders."""
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied

    for user in [AnonymousUser(), User(username="reader", is_staff=False)]:
        request = RequestFactory().get("/admin/interventions/")
        request.user = user
        response = permission_denied(request, PermissionDenied())
        content = response.content.decode()
        assert response.status_code == 403
        assert "<h1>Not allowed</h1>" in content
        assert "Back to the admin" not in content
