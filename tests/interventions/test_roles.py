from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command

from interventions import roles

pytestmark = pytest.mark.django_db


def setup_roles(*options):
    out = StringIO()
    call_command("setup_roles", *options, stdout=out, stderr=StringIO())
    return out.getvalue()


def setup_roles_with_warnings(*options):
    out, err = StringIO(), StringIO()
    call_command("setup_roles", *options, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def grant_by_hand(group_name, codename):
    Group.objects.get(name=group_name).permissions.add(Permission.objects.get(codename=codename))


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
    grant_by_hand("Editor", "delete_intervention")
    output = setup_roles()
    assert "Updated group Editor" in output
    assert "- interventions.delete_intervention" in output
    assert "interventions.delete_intervention" not in held("Editor")


def test_taking_away_a_hand_grant_warns_loudly_with_the_members_who_lose_it(editor):
    setup_roles()
    grant_by_hand("Editor", "view_submission_file")
    output, warnings = setup_roles_with_warnings()
    assert "- submissions.view_submission_file" in output
    assert (
        "WARNING: group Editor lost submissions.view_submission_file "
        "(“Can download files sent with submissions”)" in warnings
    )
    assert "not listed for Editor in interventions/roles.py" in warnings
    assert "Members affected: edith." in warnings
    assert "--keep-extra" in warnings
    assert not editor.has_perm("submissions.view_submission_file")


def test_check_reports_what_would_change_and_changes_nothing():
    setup_roles()
    grant_by_hand("Editor", "delete_intervention")
    Group.objects.get(name="Curator").permissions.remove(
        Permission.objects.get(codename="publish_intervention")
    )
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match=r"differ from interventions/roles\.py"):
        call_command("setup_roles", "--check", stdout=out, stderr=err)
    assert "Would update group Editor" in out.getvalue()
    assert "- interventions.delete_intervention" in out.getvalue()
    assert "+ interventions.publish_intervention" in out.getvalue()
    assert "group Editor would lose interventions.delete_intervention" in err.getvalue()
    assert "interventions.delete_intervention" in held("Editor")
    assert "interventions.publish_intervention" not in held("Curator")


def test_check_creates_no_group_and_passes_once_roles_are_set_up():
    with pytest.raises(CommandError):
        setup_roles("--check")
    assert not Group.objects.exists()
    setup_roles()
    assert "No changes needed" in setup_roles("--check")


def test_keep_extra_keeps_hand_grants_and_still_adds_what_is_missing():
    setup_roles()
    grant_by_hand("Editor", "delete_intervention")
    Group.objects.get(name="Editor").permissions.remove(
        Permission.objects.get(codename="add_intervention")
    )
    output, warnings = setup_roles_with_warnings("--keep-extra")
    assert "+ interventions.add_intervention" in output
    assert "keeps 1 permission(s) not listed" in output
    assert "interventions.delete_intervention" in output
    assert warnings == ""
    assert held("Editor") == roles.permission_names("Editor") | {
        "interventions.delete_intervention"
    }


def test_permissions_given_to_a_user_directly_are_never_touched(editor):
    setup_roles()
    download = Permission.objects.get(codename="view_submission_file")
    editor.user_permissions.add(download)
    grant_by_hand("Editor", "view_submission_file")
    setup_roles()
    assert list(editor.user_permissions.all()) == [download]
    editor = type(editor).objects.get(pk=editor.pk)
    assert editor.has_perm("submissions.view_submission_file")


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


def test_curators_work_the_submissions_queue_and_editors_read_it_and_keep_notes():
    setup_roles()
    editor, curator = held("Editor"), held("Curator")
    assert {"submissions.view_submission", "submissions.change_submission"} <= editor
    assert "submissions.decide_submission" not in editor
    assert "submissions.view_submission_file" not in editor
    assert {
        "submissions.view_submission",
        "submissions.change_submission",
        "submissions.decide_submission",
        "submissions.view_submission_file",
    } <= curator


def test_curators_manage_old_addresses_and_editors_look_them_up():
    setup_roles()
    assert "api.view_retiredslug" in held("Editor")
    assert "api.delete_retiredslug" not in held("Editor")
    assert {"api.view_retiredslug", "api.delete_retiredslug"} <= held("Curator")
