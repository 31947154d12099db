"""The admin home: the curator's desk and the editor's own work."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from interventions.models import Intervention, PendingRevision, PublicationState
from submissions.models import Submission, SubmissionStatus
from tests.admin_forms import send_change
from tests.factories import make_intervention
from tests.submissions.factories import make_submission

pytestmark = pytest.mark.django_db

HOME = reverse("admin:index")


def desk_row(response, slug):
    rows = {row.slug: row for row in response.context["home"]["rows"]}
    return rows[slug]


def backdate(model, obj, **fields):
    model.objects.filter(pk=obj.pk).update(**fields)


def in_review(days_ago, name=None):
    entry = make_intervention(state=PublicationState.IN_REVIEW, **({"name": name} if name else {}))
    backdate(Intervention, entry, updated_at=timezone.now() - timedelta(days=days_ago))
    return entry


def test_a_curator_sees_the_desk_with_each_count(curator_client):
    in_review(3)
    in_review(1)
    make_intervention(state=PublicationState.DRAFT)
    make_submission()
    make_submission(status=SubmissionStatus.UNDER_REVIEW)
    make_submission(status=SubmissionStatus.DECLINED)
    make_intervention(last_reviewed=None)
    make_intervention(last_reviewed=timezone.localdate() - timedelta(days=400))
    make_intervention(last_reviewed=timezone.localdate())
    make_intervention(state=PublicationState.DRAFT, last_reviewed=None)

    response = curator_client.get(HOME)

    assert response.context["home"]["title"] == "Curator's desk"
    assert desk_row(response, "drafts-in-review").count == 2
    assert desk_row(response, "open-submissions").count == 2
    assert desk_row(response, "due-for-review").count == 2
    assert desk_row(response, "data-quality").count > 0
    content = response.content.decode()
    assert "Curator&#x27;s desk" in content
    assert 'Drafts in review: <span class="desk-count">2</span>' in content


def test_drafts_in_review_are_listed_oldest_first_and_link_to_the_filtered_list(curator_client):
    newer = in_review(1, "Newer draft")
    older = in_review(9, "Older draft")
    response = curator_client.get(HOME)
    row = desk_row(response, "drafts-in-review")
    assert [item.label for item in row.items] == ["Older draft", "Newer draft"]
    assert row.items[0].url == reverse("admin:interventions_intervention_change", args=[older.pk])

    listed = curator_client.get(row.url)
    assert set(listed.context["cl"].result_list) == {newer, older}


def test_open_submissions_link_to_the_queue_oldest_first(curator_client):
    first = make_submission(intervention_name="Sent first")
    second = make_submission(intervention_name="Sent second")
    make_submission(intervention_name="Accepted already", status=SubmissionStatus.ACCEPTED)
    backdate(Submission, first, created_at=timezone.now() - timedelta(days=5))

    response = curator_client.get(HOME)
    row = desk_row(response, "open-submissions")
    assert [item.label for item in row.items] == [
        f"{first.reference}: Sent first",
        f"{second.reference}: Sent second",
    ]

    listed = curator_client.get(row.url)
    assert listed.status_code == 200
    assert list(listed.context["cl"].result_list) == [first, second]


def test_due_for_review_lists_never_reviewed_first_and_leaves_out_drafts(curator_client):
    never = make_intervention(name="Never reviewed", last_reviewed=None)
    long_ago = make_intervention(
        name="Reviewed long ago", last_reviewed=timezone.localdate() - timedelta(days=800)
    )
    make_intervention(name="Draft never reviewed", state=PublicationState.DRAFT)
    make_intervention(name="Reviewed lately", last_reviewed=timezone.localdate())

    response = curator_client.get(HOME)
    row = desk_row(response, "due-for-review")
    assert [item.label for item in row.items] == ["Never reviewed", "Reviewed long ago"]
    assert set(curator_client.get(row.url).context["cl"].result_list) == {never, long_ago}
    assert "never reviewed" in response.content.decode()


def test_the_data_quality_row_links_to_the_report_and_each_gap(curator_client):
    make_intervention(summary=" ")
    response = curator_client.get(HOME)
    row = desk_row(response, "data-quality")
    assert row.url == reverse("admin:data_quality")
    labels = [item.label for item in row.items]
    assert "Interventions without a summary: 1" in labels
    for item in row.items:
        assert curator_client.get(item.url).status_code == 200


def test_each_row_shows_at_most_five_items_but_counts_them_all(curator_client):
    for days in range(7):
        in_review(days)
    row = desk_row(curator_client.get(HOME), "drafts-in-review")
    assert row.count == 7
    assert len(row.items) == 5


def test_an_empty_desk_says_so(curator_client):
    content = curator_client.get(HOME).content.decode()
    assert "No drafts are waiting for review." in content
    assert "No submissions are waiting for a decision." in content


def test_a_superuser_sees_the_desk(client):
    client.force_login(User.objects.create_superuser("root", "root@example.org", "pw"))
    assert client.get(HOME).context["home"]["title"] == "Curator's desk"


def test_staff_with_no_role_see_neither_home(client, staff_user):
    client.force_login(staff_user)
    response = client.get(HOME)
    assert response.status_code == 200
    assert response.context["home"] is None
    assert 'id="desk"' not in response.content.decode()


def test_an_editor_sees_the_drafts_they_started_and_not_others(client, editor, curator):
    client.force_login(curator)
    add_page = client.get(reverse("admin:interventions_intervention_add"))
    prefixes = [formset.formset.prefix for formset in add_page.context["inline_admin_formsets"]]
    assert prefixes  # The add form has inlines; their management forms are posted below.

    client.force_login(editor)
    mine = start_draft(client, "Edith's draft", prefixes)
    sent = start_draft(client, "Edith's sent draft", prefixes)
    sent.send_for_review(by=editor)
    client.force_login(curator)
    start_draft(client, "Cora's draft", prefixes)

    client.force_login(editor)
    response = client.get(HOME)
    assert response.context["home"]["title"] == "My work"
    drafts = desk_row(response, "my-drafts")
    assert [item.label for item in drafts.items] == ["Edith's draft"]
    assert drafts.count == 1
    in_review_row = desk_row(response, "my-drafts-in-review")
    assert [item.label for item in in_review_row.items] == ["Edith's sent draft"]
    assert "Curator's desk" not in response.context["home"]["title"]

    listed = client.get(drafts.url)
    assert list(listed.context["cl"].result_list) == [mine]


def start_draft(client, name, prefixes):
    data = {
        "name": name,
        "slug": name.lower().replace(" ", "-").replace("'", ""),
        "summary": "What it does.",
        "evidence_stage": "untested",
        "status": "active",
        "publication_state": "draft",
    }
    for prefix in prefixes:
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    response = client.post(reverse("admin:interventions_intervention_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Intervention.objects.get(name=name)


def queries_for(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(HOME).status_code == 200
    return len(queries)


def fill_the_desk(count):
    for _ in range(count):
        in_review(2)
        make_submission()
        make_intervention(last_reviewed=None, summary="")


def test_the_desk_takes_the_same_number_of_queries_however_much_work_waits(curator_client):
    fill_the_desk(2)
    few = queries_for(curator_client)
    fill_the_desk(10)
    assert queries_for(curator_client) == few


def test_the_editor_home_takes_the_same_number_of_queries_however_many_drafts(client, editor):
    client.force_login(editor)

    def add_drafts(count):
        for _ in range(count):
            entry = make_intervention(state=PublicationState.DRAFT)
            entry.history.filter(history_type="+").update(history_user=editor)

    add_drafts(2)
    few = queries_for(client)
    add_drafts(10)
    assert queries_for(client) == few


def test_changes_waiting_for_review_head_the_desk_and_link_to_the_queue(client, editor, curator):
    older = make_intervention(name="Older entry")
    newer = make_intervention(name="Newer entry")
    first = send_change(client, editor, older, "A first change.")
    send_change(client, editor, newer, "A second change.")

    client.force_login(curator)
    response = client.get(HOME)
    row = desk_row(response, "revisions-waiting")
    assert response.context["home"]["rows"][0] is row
    assert row.count == 2
    assert [item.label for item in row.items] == ["Older entry", "Newer entry"]
    assert row.items[0].url == first.get_absolute_url()
    listed = client.get(row.url)
    assert {revision.pk for revision in listed.context["cl"].result_list} == set(
        PendingRevision.objects.waiting().values_list("pk", flat=True)
    )


def test_an_editor_sees_their_returned_changes_until_they_answer_them(client, editor, curator):
    entry = make_intervention(name="Returned entry")
    revision = send_change(client, editor, entry, "A change to return.")
    client.force_login(curator)
    review = reverse("admin:interventions_pendingrevision_change", args=[revision.pk])
    client.post(review, {"comment": "Cite the table, please", "_return": "1"})
    other_editor = User.objects.create_user("eli", is_staff=True)
    other_editor.groups.set(editor.groups.all())

    client.force_login(editor)
    row = desk_row(client.get(HOME), "my-returned-revisions")
    assert [item.label for item in row.items] == ["Returned entry"]
    assert [r.pk for r in client.get(row.url).context["cl"].result_list] == [revision.pk]
    review_page = client.get(row.items[0].url)
    assert review_page.status_code == 200
    assert "Cite the table, please" in review_page.content.decode()

    client.force_login(other_editor)
    assert desk_row(client.get(HOME), "my-returned-revisions").count == 0

    send_change(client, editor, entry, "The change again, with the table cited.")
    client.force_login(editor)
    assert desk_row(client.get(HOME), "my-returned-revisions").count == 0
