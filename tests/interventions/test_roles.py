from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command

from interventions import roles

pytestmark = pytest.mark.django_db


def setup_roles():
    out = StringIO()
    call_command("setup_roles", stdout=out)
    return out.getvalue()


def held(group_name):
    return {
        f"{permission.content_type.app_label}.{permission.codename}"
        for permission in Group.objects.get(name=group_name).permissions.select_related(
            "content_type"
        )
    }


def test_the_first_run_creates_both_groups_and_says_so():
    output = setup_roles()
    assert "Created group Editor" in output
    assert "Created group Curator" in output
    assert held("Editor") == roles.permission_names("Editor")
    assert held("Curator") == roles.permission_names("Curator")


def test_a_second_run_reports_no_changes():
    setup_roles()
    output = setup_roles()
    assert "No changes" in output
    assert "Created" not in output
    assert "Updated" not in output


def test_an_editor_can_add_and_change_entries_but_not_publish_or_delete_them():
    setup_roles()
    editor = held("Editor")
    assert {"interventions.add_intervention", "interventions.change_intervention"} <= editor
    assert "interventions.publish_intervention" not in editor
    assert "interventions.delete_intervention" not in editor
    assert "evaluations.delete_evaluationreport" not in editor
    assert "evaluations.delete_outcomemetric" not in editor
    assert "interventions.view_data_quality" not in editor


def test_a_curator_can_do_everything_an_editor_can_and_publish_and_delete():
    setup_roles()
    curator = held("Curator")
    assert held("Editor") <= curator
    assert {
        "interventions.publish_intervention",
        "interventions.delete_intervention",
        "evaluations.delete_evaluationreport",
        "interventions.view_data_quality",
    } <= curator


def test_a_permission_granted_by_hand_is_taken_away_and_reported():
    setup_roles()
    stray = Permission.objects.get(codename="delete_intervention")
    Group.objects.get(name="Editor").permissions.add(stray)
    output = setup_roles()
    assert "Updated group Editor" in output
    assert "- interventions.delete_intervention" in output
    assert "interventions.delete_intervention" not in held("Editor")


def test_a_missing_permission_is_added_back_and_reported():
    setup_roles()
    Group.objects.get(name="Curator").permissions.remove(
        Permission.objects.get(codename="publish_intervention")
    )
    output = setup_roles()
    assert "+ interventions.publish_intervention" in output
    assert "interventions.publish_intervention" in held("Curator")


def test_a_role_naming_an_unknown_permission_fails_with_its_name_and_changes_nothing(
    monkeypatch,
):
    monkeypatch.setitem(
        roles.ROLES, "Editor", {**roles.EDITOR, "interventions.intervention": ("fly",)}
    )
    with pytest.raises(CommandError, match=r"interventions\.fly_intervention"):
        setup_roles()
    assert not Group.objects.exists()


def test_users_get_their_rights_through_the_groups(editor, curator):
    assert editor.has_perm("interventions.change_intervention")
    assert not editor.has_perm("interventions.publish_intervention")
    assert curator.has_perm("interventions.publish_intervention")
