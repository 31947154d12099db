import re

import pytest
from django.core import mail
from procrastinate.contrib.django.models import ProcrastinateJob

from alerts.models import Subscription
from tests.alerts.conftest import subscribe

pytestmark = pytest.mark.django_db


def queued_confirmations():
    # The queue's tables are not emptied between tests (Django does not manage them), so
    # only jobs still waiting count.
    return ProcrastinateJob.objects.filter(
        task_name="alerts.send_confirmation", status="todo"
    ).count()


def test_the_subscribe_page_says_in_words_which_search_it_follows(client):
    response = client.get("/alerts/?theme=knife-crime&region=london&ordering=name&page=2")
    content = response.content.decode()
    assert response.status_code == 200
    assert len(re.findall(r"<h1[ >]", content)) == 1
    assert "Theme Knife crime; region London" in content
    assert 'name="search" value="theme=knife-crime&amp;region=london"' in content
    assert 'name="website"' in content
    assert "As soon as there is something new" in content
    assert "A weekly summary" in content


def test_the_whole_catalogue_can_be_followed(client):
    response = client.get("/alerts/")
    assert response.status_code == 200
    assert "Every published entry in the catalogue" in response.content.decode()


def test_subscribing_keeps_an_unconfirmed_subscription_and_queues_its_confirmation(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = subscribe(client, "region=london&theme=knife-crime", email="Reader@Example.org")
    assert response.status_code == 302
    assert response["Location"] == "/alerts/check-your-email/"
    subscription = Subscription.objects.get()
    assert subscription.email == "reader@example.org"
    # Kept in the list's own order, whatever order the address gave.
    assert subscription.search == "theme=knife-crime&region=london"
    assert subscription.frequency == "instant"
    assert not subscription.is_confirmed
    assert queued_confirmations() == 1
    # Nothing is sent in the request itself: the worker sends it.
    assert mail.outbox == []
    page = client.get(response["Location"])
    assert "Check your email" in page.content.decode()


def test_asking_again_for_the_same_search_keeps_one_subscription(client):
    subscribe(client, "theme=knife-crime")
    subscribe(client, "theme=knife-crime", frequency="weekly")
    assert Subscription.objects.get().frequency == "weekly"


def test_a_filled_honeypot_looks_like_success_but_saves_and_queues_nothing(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = subscribe(client, "theme=knife-crime", website="http://spam.example")
    assert response.status_code == 302
    assert response["Location"] == "/alerts/check-your-email/"
    assert Subscription.objects.count() == 0
    assert queued_confirmations() == 0


def test_an_address_can_hold_twenty_alerts_and_is_told_so_at_the_twenty_first(client, settings):
    settings.ALERTS_SUBSCRIBE_LIMIT = 100
    ages = [str(age) for age in range(21)]
    for age in ages[:20]:
        assert subscribe(client, f"age={age}").status_code == 302
    response = subscribe(client, "age=20")
    content = response.content.decode()
    assert response.status_code == 200
    assert "This address already has 20 email alerts, the most one address can have" in content
    assert Subscription.objects.count() == 20
    # Asking again for one it already has is not a new alert.
    assert subscribe(client, "age=3").status_code == 302


def test_the_form_is_rate_limited_per_connection(client, settings):
    settings.ALERTS_SUBSCRIBE_LIMIT = 3
    for number in range(3):
        assert subscribe(client, f"age={number}").status_code == 302
    response = subscribe(client, "age=9")
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "up to 3 times an hour" in response.content.decode()
    assert Subscription.objects.count() == 3
    other = client.post(
        "/alerts/",
        {"email": "b@example.org", "frequency": "weekly", "search": "age=9"},
        REMOTE_ADDR="198.51.100.20",
    )
    assert other.status_code == 302


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter your email address"),
        ("not-an-address", "Enter an email address in the correct format"),
        ("a\x00b@example.org", "null character"),
        ("x" * 300 + "@example.org", "254 characters or fewer"),
    ],
)
def test_a_bad_address_is_explained_on_the_form(client, email, message):
    response = subscribe(client, "theme=knife-crime", email=email)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Subscription.objects.count() == 0


@pytest.mark.parametrize("frequency", ["", "hourly", "\x00", "x" * 5000])
def test_a_bad_frequency_is_explained_on_the_form(client, frequency):
    response = subscribe(client, "theme=knife-crime", frequency=frequency)
    assert response.status_code == 200
    assert "Choose how often to hear of new results" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("theme=bananas", "There is no theme “bananas”"),
        ("force=no-such-force", "There is no police force “no-such-force”"),
        ("bananas=1", "The list has no filter “bananas”"),
        ("age=999999999999999999999999", "is not a whole number"),
        ("q=%00", "Null characters are not allowed"),
        ("theme=%00", "Null characters are not allowed"),
        ("%00=1", "Null characters are not allowed"),
        ("q=" + "knife+" * 400, "is longer than"),
    ],
)
def test_an_unfollowable_search_is_refused_with_a_reason_never_a_500(client, query, message):
    response = client.get(f"/alerts/?{query}")
    content = response.content.decode()
    assert response.status_code == 400
    assert "This search cannot be followed" in content
    assert message in content

    posted = subscribe(client, query.replace("%00", "\x00"))
    assert posted.status_code == 400
    assert message in posted.content.decode()
    assert Subscription.objects.count() == 0


def test_a_huge_search_field_is_refused(client):
    response = subscribe(client, "q=" + "a" * 100_000)
    assert response.status_code == 400
    assert Subscription.objects.count() == 0


def test_asking_again_and_again_sends_one_confirmation_an_hour(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(4):
            assert subscribe(client, "theme=knife-crime").status_code == 302
    assert queued_confirmations() == 1


def test_a_body_too_large_or_with_too_many_fields_is_refused_not_a_500(client):
    huge = client.post("/alerts/", {"email": "a@example.org", "search": "q=" + "a" * 3_000_000})
    assert huge.status_code == 400
    many = client.post("/alerts/", {f"field{number}": "x" for number in range(600)})
    assert many.status_code == 400
    assert Subscription.objects.count() == 0
