"""A curator turns the curators' digest off (or on again) for themselves, on their desk."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from curation.models import StaffPreferences
from tests.conftest import make_member
from tests.submissions.factories import make_submission

pytestmark = pytest.mark.django_db

HOME = reverse("admin:index")
PREFERENCE = reverse("admin:digest_preference")


def run_digest():
    out = StringIO()
    call_command("send_curator_digest", stdout=out)
    return out.getvalue()


def turn_digest(client, on):
    data = {"digest-receives_curator_digest": "on"} if on else {}
    return client.post(PREFERENCE, data, follow=True)


def test_the_desk_offers_the_digest_choice_ticked_by_default(curator_client):
    content = curator_client.get(HOME).content.decode()

    assert 'action="/admin/my-digest/"' in content
    assert "Email me the curators&#x27; digest" in content
    assert 'name="digest-receives_curator_digest" aria-describedby' in content
    assert "checked" in content.split('id="digest-preference"')[1].split("</form>")[0]


def test_an_opted_out_curator_gets_no_digest_and_other_curators_still_do(curator_client, curator):
    make_member("carl", "Curator")
    make_submission()

    response = turn_digest(curator_client, on=False)
    output = run_digest()

    assert "You will no longer get the curators&#x27; digest by email." in (
        response.content.decode()
    )
    assert [message.to for message in mail.outbox] == [["carl@example.org"]]
    assert "cora" not in output
    assert not curator.sent_digest_items.exists()


def test_the_desk_shows_the_choice_as_saved(curator_client):
    turn_digest(curator_client, on=False)

    form = curator_client.get(HOME).content.decode().split('id="digest-preference"')[1]
    assert "checked" not in form.split("</form>")[0]


def test_a_curator_who_turns_the_digest_on_again_gets_the_work_waiting(curator_client):
    make_submission()
    turn_digest(curator_client, on=False)
    run_digest()

    turn_digest(curator_client, on=True)
    run_digest()

    assert [message.to for message in mail.outbox] == [["cora@example.org"]]


def test_a_curator_changes_only_their_own_choice(curator_client, curator):
    other = make_member("carl", "Curator")

    curator_client.post(PREFERENCE, {"user": other.pk, "digest-user": other.pk})

    assert StaffPreferences.of(curator).receives_curator_digest is False
    assert StaffPreferences.of(other).receives_curator_digest is True


def test_editors_are_refused_and_see_no_digest_choice(editor_client, editor):
    assert editor_client.post(PREFERENCE).status_code == 403
    assert 'id="digest-preference"' not in editor_client.get(HOME).content.decode()
    assert not StaffPreferences.objects.filter(user=editor).exists()


def test_the_address_answers_only_a_post(curator_client):
    assert curator_client.get(PREFERENCE).status_code == 405


@pytest.mark.parametrize(
    "value", ["x" * 100_000, "9" * 500, "yes\u202eno", ["on", "off", "", "on"]]
)
def test_odd_posted_values_never_break_the_choice(curator_client, curator, value):
    response = curator_client.post(PREFERENCE, {"digest-receives_curator_digest": value})

    assert response.status_code == 302
    assert StaffPreferences.of(curator).receives_curator_digest in {True, False}


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.post(PREFERENCE)

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_second_quick_post_of_a_first_choice_is_kept_not_an_error(
    curator_client, curator, monkeypatch
):
    # The second post read "no preference yet" before the first one's row was written.
    StaffPreferences.objects.create(user=curator, receives_curator_digest=True)
    monkeypatch.setattr(StaffPreferences, "of", classmethod(lambda cls, user: cls(user=user)))

    response = turn_digest(curator_client, on=False)

    assert response.status_code == 200
    assert StaffPreferences.objects.get(user=curator).receives_curator_digest is False
