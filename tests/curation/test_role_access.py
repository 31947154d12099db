"""Each role reaches the admin pages the README gives it, sees only those, and is told why not.

The users are real members of the groups `setup_roles` creates; every request goes through the
admin's own pages.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from api.models import RetiredSlug, SlugKind
from tests.factories import make_intervention, make_report
from tests.pages import text_of
from tests.submissions.factories import make_submission

pytestmark = pytest.mark.django_db

EDITOR, CURATOR, NO_GROUP = "editor", "curator", "staff without a group"


@pytest.fixture
def rows(db):
    entry = make_intervention(name="Operation Access", slug="operation-access")
    return {
        "entry": entry,
        "submission": make_submission(intervention_name="Operation Shared"),
        "old_address": RetiredSlug.objects.create(
            kind=SlugKind.INTERVENTION, slug="operation-old-name", object_id=entry.pk
        ),
    }


@pytest.fixture
def as_role(editor, curator, staff_user):
    users = {EDITOR: editor, CURATOR: curator, NO_GROUP: staff_user}

    def client_for(role):
        client = Client()
        client.force_login(users[role])
        return client

    return client_for


def admin_url(name, *args):
    return reverse(f"admin:{name}", args=args)


# (page, how to build its address, status for the editor, for the curator)
PAGES = [
    ("interventions", lambda r: admin_url("interventions_intervention_changelist"), 200, 200),
    ("add an entry", lambda r: admin_url("interventions_intervention_add"), 200, 200),
    (
        "delete an entry",
        lambda r: admin_url("interventions_intervention_delete", r["entry"].pk),
        403,
        200,
    ),
    ("import entries", lambda r: admin_url("interventions_intervention_import"), 200, 200),
    ("export entries", lambda r: admin_url("interventions_intervention_export"), 200, 200),
    ("add a force", lambda r: admin_url("interventions_force_add"), 403, 200),
    ("data quality", lambda r: admin_url("data_quality"), 403, 200),
    ("submissions", lambda r: admin_url("submissions_submission_changelist"), 200, 200),
    (
        "one submission",
        lambda r: admin_url("submissions_submission_change", r["submission"].pk),
        200,
        200,
    ),
    ("add a submission", lambda r: admin_url("submissions_submission_add"), 403, 403),
    ("old addresses", lambda r: admin_url("api_retiredslug_changelist"), 200, 200),
    (
        "one old address",
        lambda r: admin_url("api_retiredslug_change", r["old_address"].pk),
        200,
        200,
    ),
    (
        "delete an old address",
        lambda r: admin_url("api_retiredslug_delete", r["old_address"].pk),
        403,
        200,
    ),
    ("users", lambda r: admin_url("auth_user_changelist"), 403, 403),
    ("groups", lambda r: admin_url("auth_group_changelist"), 403, 403),
]


@pytest.mark.parametrize(("page", "url", "editor_status", "curator_status"), PAGES)
def test_each_role_reaches_the_pages_the_readme_gives_it(
    as_role, rows, page, url, editor_status, curator_status
):
    for role, expected in [(EDITOR, editor_status), (CURATOR, curator_status)]:
        response = as_role(role).get(url(rows))
        assert response.status_code == expected, (role, page)


@pytest.mark.parametrize(("page", "url", "editor_status", "curator_status"), PAGES)
def test_staff_without_a_group_reach_no_page(
    as_role, rows, page, url, editor_status, curator_status
):
    assert as_role(NO_GROUP).get(url(rows)).status_code == 403, page


def admin_links(response):
    return set(re.findall(r'href="(/admin/[^"?#]*)', response.content.decode()))


def test_the_editors_admin_home_lists_the_queue_and_old_addresses_but_not_what_they_cannot_use(
    as_role,
):
    response = as_role(EDITOR).get(admin_url("index"))
    links = admin_links(response)
    for name in [
        "interventions_intervention_changelist",
        "submissions_submission_changelist",
        "api_retiredslug_changelist",
        "interventions_force_changelist",
    ]:
        assert admin_url(name) in links, name
    for name in [
        "data_quality",
        "interventions_force_add",
        "submissions_submission_add",
        "api_retiredslug_add",
        "auth_user_changelist",
        "auth_group_changelist",
    ]:
        assert admin_url(name) not in links, name


def test_the_curators_admin_home_adds_data_quality_and_the_reference_lists(as_role):
    links = admin_links(as_role(CURATOR).get(admin_url("index")))
    for name in [
        "data_quality",
        "interventions_force_add",
        "submissions_submission_changelist",
        "api_retiredslug_changelist",
    ]:
        assert admin_url(name) in links, name
    for name in ["submissions_submission_add", "auth_user_changelist"]:
        assert admin_url(name) not in links, name


def test_every_admin_link_on_the_main_pages_opens_for_its_role(as_role, rows):
    """The home page, the sidebar, object tools and related-row links lead nowhere refused."""
    pages = [
        admin_url("index"),
        admin_url("interventions_intervention_changelist"),
        admin_url("interventions_intervention_change", rows["entry"].pk),
        admin_url("submissions_submission_changelist"),
        admin_url("submissions_submission_change", rows["submission"].pk),
        admin_url("api_retiredslug_change", rows["old_address"].pk),
    ]
    for role in [EDITOR, CURATOR]:
        client = as_role(role)
        for page in pages:
            links = admin_links(client.get(page))
            assert links, page
            for link in links - {admin_url("logout")}:
                # "View on site" is a redirect to the public page.
                expected = 302 if link.startswith("/admin/r/") else 200
                assert client.get(link).status_code == expected, (role, page, link)


def test_staff_without_a_group_see_nothing_to_curate(as_role):
    response = as_role(NO_GROUP).get(admin_url("index"))
    assert response.status_code == 200
    assert "have permission to view or edit anything." in text_of(response)
    assert admin_url("submissions_submission_changelist") not in response.content.decode()


def test_a_curator_deletes_an_old_address_through_the_admin(as_role, rows):
    old_address = rows["old_address"]
    url = admin_url("api_retiredslug_delete", old_address.pk)
    assert as_role(EDITOR).post(url, {"post": "yes"}).status_code == 403
    assert RetiredSlug.objects.filter(pk=old_address.pk).exists()
    assert as_role(CURATOR).post(url, {"post": "yes"}).status_code == 302
    assert not RetiredSlug.objects.filter(pk=old_address.pk).exists()


def test_an_editor_sees_an_old_address_without_a_delete_link(as_role, rows):
    url = admin_url("api_retiredslug_change", rows["old_address"].pk)
    delete = admin_url("api_retiredslug_delete", rows["old_address"].pk)
    editor_page = as_role(EDITOR).get(url)
    assert "operation-old-name" in editor_page.content.decode()
    assert delete not in editor_page.content.decode()
    assert delete in as_role(CURATOR).get(url).content.decode()


def test_history_pages_name_the_person_without_linking_to_the_users_admin(as_role, curator):
    entry = make_intervention(name="Operation Historic", slug="operation-historic")
    record = entry.history.latest()
    record.history_user = curator
    record.save()
    response = as_role(EDITOR).get(admin_url("interventions_intervention_history", entry.pk))
    assert "cora" in text_of(response)
    assert admin_url("auth_user_change", curator.pk) not in response.content.decode()


def test_the_data_quality_report_links_only_to_lists_the_reader_may_open(staff_user):
    from django.contrib.auth.models import Permission

    entry = make_intervention(name="Operation Gaps", slug="operation-gaps")
    make_report([entry], url="")
    staff_user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_data_quality", "view_intervention"])
    )
    client = Client()
    client.force_login(staff_user)
    response = client.get(admin_url("data_quality"))
    links = admin_links(response)
    assert admin_url("interventions_intervention_changelist") in links
    assert admin_url("evaluations_evaluationreport_changelist") not in links
    assert "Your role cannot open this list" in text_of(response)
