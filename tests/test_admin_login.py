"""The admin sign-in resists password guessing, and its address can be moved."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")


@pytest.fixture
def staff():
    return User.objects.create_user("cora", password="right-password", is_staff=True)


def sign_in(password, username="cora", address="203.0.113.7"):
    client = Client(REMOTE_ADDR=address)
    response = client.post(LOGIN, {"username": username, "password": password})
    return client, response


def is_signed_in(client):
    return client.get(reverse("admin:index")).status_code == 200


def test_the_right_password_signs_in(staff):
    client, response = sign_in("right-password")
    assert response.status_code == 302
    assert is_signed_in(client)


def test_a_wrong_password_says_so_without_saying_which_part_was_wrong(staff):
    _, response = sign_in("wrong")
    assert response.status_code == 200
    assert "Please enter the correct username and password" in response.content.decode()


def test_five_wrong_passwords_pause_sign_in_even_with_the_right_one(staff):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _, response = sign_in("wrong")
        assert response.status_code == 200
    _, response = sign_in("wrong")
    assert response.status_code == 429

    client, response = sign_in("right-password")
    content = response.content.decode()
    assert response.status_code == 429
    assert "signing in is paused for 15 minutes" in content
    assert "5 unsuccessful attempts" in content
    assert not is_signed_in(client)


def test_the_pause_is_for_that_username_from_that_address_only(staff):
    User.objects.create_user("edith", password="her-password", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in("wrong")
    other_address, _ = sign_in("right-password", address="198.51.100.20")
    assert is_signed_in(other_address)
    other_user, _ = sign_in("her-password", username="edith")
    assert is_signed_in(other_user)


def test_sign_in_works_again_after_the_cool_off(staff):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in("wrong")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    client, response = sign_in("right-password")
    assert response.status_code == 302
    assert is_signed_in(client)


def test_a_successful_sign_in_clears_earlier_failures(staff):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in("wrong")
    sign_in("right-password")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _, response = sign_in("wrong")
    assert response.status_code == 200


def admin_index_with(env):
    """Resolve the admin's address in a fresh interpreter with the given environment."""
    clean_env = {
        key: value for key, value in os.environ.items() if key not in {"ADMIN_URL", "DEBUG"}
    }
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.urls import reverse; "
            "print(reverse('admin:index'))",
        ],
        env={**clean_env, "DJANGO_SETTINGS_MODULE": "vvcp.test_settings", **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )


def test_the_admin_lives_at_admin_by_default():
    result = admin_index_with({})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "/admin/"


@pytest.mark.parametrize("value", ["backstage", "/staff/backstage/"])
def test_the_admin_address_comes_from_admin_url(value):
    result = admin_index_with({"ADMIN_URL": value})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "/" + value.strip("/") + "/"


@pytest.mark.parametrize("value", ["../etc", "a b", "admin?x=1"])
def test_a_malformed_admin_url_fails_loudly(value):
    result = admin_index_with({"ADMIN_URL": value})
    assert result.returncode != 0
    assert "ADMIN_URL must be a path" in result.stderr


def test_the_test_clients_login_still_works(client, staff):
    assert client.login(username="cora", password="right-password")
    assert is_signed_in(client)
