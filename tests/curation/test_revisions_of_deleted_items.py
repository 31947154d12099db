"""A change waiting for review whose item has since been deleted: named as such, closable."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from interventions.models import Intervention, PendingRevision, RevisionState
from tests.admin_forms import send_change
from tests.factories import make_intervention

pytestmark = pytest.mark.django_db

HOME = reverse("admin:index")
REVISIONS = reverse("admin:interventions_pendingrevision_changelist")


def review_url(revision):
    return reverse("admin:interventions_pendingrevision_change", args=[revision.pk])


@pytest.fixture
def orphan(client, editor):
    entry = make_intervention(name="Operation Gone")
    revision = send_change(client, editor, entry, "A summary for an entry about to go.")
    Intervention.objects.filter(pk=entry.pk).delete()
    client.logout()
    return revision


def test_the_review_page_says_the_entry_was_deleted(client, curator, orphan):
    client.force_login(curator)

    response = client.get(review_url(orphan))

    assert response.status_code == 200
    page = response.content.decode()
    assert "The entry this change was for has been deleted" in page
    assert "Close it (superseded)" in page
    assert "deleted object" not in page


def test_the_list_names_the_deleted_item_by_its_kind(client, curator, orphan):
    client.force_login(curator)

    page = client.get(REVISIONS).content.decode()

    assert f"a deleted intervention (#{orphan.object_id})" in page
    assert "deleted object" not in page


def test_a_curator_closes_it_as_superseded_with_a_reason(client, curator, orphan):
    client.force_login(curator)

    closing = {"comment": "The entry was a duplicate.", "_close": "1"}
    response = client.post(review_url(orphan), closing)

    assert response.status_code == 302
    orphan.refresh_from_db()
    assert orphan.state == RevisionState.SUPERSEDED
    assert orphan.reviewer == curator
    assert orphan.review_comment == "The entry was a duplicate."
    page = client.get(review_url(orphan)).content.decode()
    assert "Superseded" in page and "Close it" not in page


def test_closing_needs_a_reason(client, curator, orphan):
    client.force_login(curator)

    response = client.post(review_url(orphan), {"comment": "  \x0b ", "_close": "1"})

    assert response.status_code == 200
    assert "Give a reason" in response.content.decode()
    orphan.refresh_from_db()
    assert orphan.is_waiting


@pytest.mark.parametrize("comment", ["x" * 100_000, "\u202e" * 3000])
def test_an_oversized_reason_is_refused_without_closing(client, curator, orphan, comment):
    client.force_login(curator)

    response = client.post(review_url(orphan), {"comment": comment, "_close": "1"})

    assert response.status_code == 200
    orphan.refresh_from_db()
    assert orphan.is_waiting


def test_an_editor_sees_it_but_cannot_close_it(client, editor, orphan):
    client.force_login(editor)

    page = client.get(review_url(orphan)).content.decode()
    assert "Waiting for a curator's decision to close it." in page
    assert "Close it (superseded)" not in page
    assert client.post(review_url(orphan), {"comment": "Mine", "_close": "1"}).status_code == 403
    orphan.refresh_from_db()
    assert orphan.is_waiting


def test_a_closed_change_cannot_be_closed_again(client, curator, orphan):
    client.force_login(curator)
    client.post(review_url(orphan), {"comment": "Duplicate.", "_close": "1"})

    assert client.post(review_url(orphan), {"comment": "Again.", "_close": "1"}).status_code == 403
    orphan.refresh_from_db()
    assert orphan.review_comment == "Duplicate."


def test_the_desk_does_not_count_it_as_work_waiting(client, editor, curator, orphan):
    live = make_intervention(name="Operation Stays")
    send_change(client, editor, live, "A waiting summary.")
    client.force_login(curator)

    rows = {row.slug: row for row in client.get(HOME).context["home"]["rows"]}

    waiting = rows["revisions-waiting"]
    assert waiting.count == 1
    assert [item.label for item in waiting.items] == ["Operation Stays"]
    assert PendingRevision.objects.waiting().count() == 2


def test_the_digest_does_not_announce_it(curator, orphan):
    call_command("send_curator_digest", stdout=StringIO())

    assert mail.outbox == []


def test_approving_a_change_whose_item_was_deleted_meanwhile_closes_nothing(
    client, curator, orphan
):
    client.force_login(curator)

    response = client.post(review_url(orphan), {"comment": "Fine.", "_approve": "1"}, follow=True)

    assert "The item is deleted: this change can only be closed." in response.content.decode()
    orphan.refresh_from_db()
    assert orphan.is_waiting
