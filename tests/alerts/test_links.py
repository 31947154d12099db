"""The signed links of the emails: confirm, one-click unsubscribe, manage."""

import base64
import re
from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from alerts import tokens
from alerts.models import Subscription

pytestmark = pytest.mark.django_db


def make_subscription(email="reader@example.org", search="theme=knife-crime", **fields):
    return Subscription.objects.create(email=email, search=search, **fields)


def test_opening_the_confirmation_link_asks_for_a_press_and_confirms_nothing(client):
    subscription = make_subscription()
    response = client.get(f"/alerts/confirm/{tokens.confirm_token(subscription)}/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Confirm this alert" in content
    assert "Theme Knife crime" in content or "theme Knife crime" in content
    assert response["Cache-Control"] == "private, no-store"
    subscription.refresh_from_db()
    assert not subscription.is_confirmed


def test_pressing_confirm_confirms_and_starts_the_watermark():
    subscription = make_subscription()
    client = Client(enforce_csrf_checks=True)
    link = f"/alerts/confirm/{tokens.confirm_token(subscription)}/"
    page = client.get(link)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())

    response = client.post(link, {"csrfmiddlewaretoken": token.group(1)})

    content = response.content.decode()
    assert response.status_code == 200
    assert len(re.findall(r"<h1[ >]", content)) == 1
    assert "Your email alert is on" in content
    subscription.refresh_from_db()
    assert subscription.is_confirmed
    assert subscription.last_sent_at == subscription.confirmed_at


def test_a_confirmed_alerts_link_says_it_is_on(client):
    subscription = make_subscription()
    subscription.confirm()
    response = client.get(f"/alerts/confirm/{tokens.confirm_token(subscription)}/")
    assert "Your email alert is on" in response.content.decode()


def test_an_expired_confirmation_link_is_not_found(client):
    subscription = make_subscription()
    token = tokens.confirm_token(subscription)
    later = timezone.now() + timedelta(days=8)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: later.timestamp())
        response = client.post(f"/alerts/confirm/{token}/")
    assert response.status_code == 404
    subscription.refresh_from_db()
    assert not subscription.is_confirmed


def test_one_kind_of_link_cannot_be_used_as_another(client):
    subscription = make_subscription()
    unsubscribe = tokens.unsubscribe_token(subscription)
    assert client.get(f"/alerts/confirm/{unsubscribe}/").status_code == 404
    assert client.get(f"/alerts/manage/{unsubscribe}/").status_code == 404
    confirm = tokens.confirm_token(subscription)
    assert client.post(f"/alerts/unsubscribe/{confirm}/").status_code == 404
    assert Subscription.objects.count() == 1


@pytest.mark.parametrize(
    "token",
    ["nonsense", "a" * 5000, "%00", "abc%00def", "WzEsImEiXQ:1x:bad", "%F0%9F%92%A9", "..%2F.."],
)
@pytest.mark.parametrize("kind", ["confirm", "unsubscribe", "manage"])
def test_malformed_or_hostile_tokens_are_not_found_never_a_500(client, kind, token):
    make_subscription()
    assert client.get(f"/alerts/{kind}/{token}/").status_code == 404
    assert client.post(f"/alerts/{kind}/{token}/").status_code in {403, 404, 405}
    assert Subscription.objects.count() == 1


def test_a_get_of_the_unsubscribe_link_asks_before_deleting():
    subscription = make_subscription()
    response = Client().get(f"/alerts/unsubscribe/{tokens.unsubscribe_token(subscription)}/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Stop this alert" in content
    assert '<form method="post">' in content
    assert Subscription.objects.count() == 1


def test_a_one_click_post_without_session_or_csrf_token_deletes_the_subscription():
    subscription = make_subscription()
    make_subscription(search="theme=county-lines")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"/alerts/unsubscribe/{tokens.unsubscribe_token(subscription)}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert "Email alert stopped" in response.content.decode()
    assert list(Subscription.objects.values_list("search", flat=True)) == ["theme=county-lines"]
    # A second click finds it gone, and says so the same way.
    again = client.post(f"/alerts/unsubscribe/{tokens.unsubscribe_token(subscription)}/")
    assert again.status_code == 200


def test_the_manage_page_lists_every_alert_of_the_address_and_stops_one(client):
    kept = make_subscription(search="theme=county-lines", confirmed_at=timezone.now())
    stopped = make_subscription(search="theme=knife-crime")
    make_subscription(email="someone.else@example.org", search="region=london")
    url = f"/alerts/manage/{tokens.manage_token(stopped)}/"
    content = client.get(url).content.decode()
    assert "Theme County lines" in content
    assert "Theme Knife crime" in content
    assert "Waiting for confirmation" in content
    assert "London" not in content
    # The link came with the alert being stopped: the page still answers, once.
    response = client.post(url, {"subscription": stopped.pk})
    content = response.content.decode()
    assert response.status_code == 200
    assert "The alert is stopped and deleted" in content
    assert "Theme Knife crime" not in content
    assert list(Subscription.objects.filter(email="reader@example.org")) == [kept]
    # Afterwards the links in the other alert's emails reach the page.
    assert client.get(f"/alerts/manage/{tokens.manage_token(kept)}/").status_code == 200
    assert client.get(url).status_code == 404


def test_no_link_carries_the_address_itself():
    subscription = make_subscription(email="reader@example.org")
    for token in (
        tokens.confirm_token(subscription),
        tokens.unsubscribe_token(subscription),
        tokens.manage_token(subscription),
    ):
        payload = token.split(":")[0]
        decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        assert b"reader" not in decoded
        assert b"example.org" not in decoded


def test_a_link_for_an_alert_whose_number_now_belongs_to_another_address_is_refused(client):
    subscription = make_subscription(email="reader@example.org")
    token = tokens.unsubscribe_token(subscription)
    Subscription.objects.filter(pk=subscription.pk).update(email="someone.else@example.org")
    assert client.get(f"/alerts/unsubscribe/{token}/").status_code == 404
    client.post(f"/alerts/unsubscribe/{token}/")
    assert Subscription.objects.count() == 1


@pytest.mark.parametrize("value", ["", "abc", "\x00", "9" * 40, "-1"])
def test_the_manage_page_refuses_what_is_not_one_of_its_alerts(client, value):
    own = make_subscription()
    other = make_subscription(email="someone.else@example.org")
    url = f"/alerts/manage/{tokens.manage_token(own)}/"
    assert client.post(url, {"subscription": value}).status_code == 404
    assert client.post(url, {"subscription": other.pk}).status_code == 404
    assert Subscription.objects.count() == 2


def test_the_privacy_notice_says_what_alerts_keep_and_for_how_long(client):
    content = client.get("/privacy/").content.decode()
    assert "your email address" in content
    assert "If it is not confirmed within 7 days" in content
    assert "Stopping an alert deletes it" in content
    assert 'href="/privacy/"' in client.get("/").content.decode()
