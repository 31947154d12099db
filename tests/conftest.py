from io import StringIO

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection


def pytest_collection_modifyitems(config, items):
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(
        reason="needs PostgreSQL: run with DATABASE_URL=postgres://... (CI does)"
    )
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def staff_user(db):
    return User.objects.create_user("curator", "curator@example.org", "pw", is_staff=True)


# Personas for the curation admin. Roles come from `setup_roles`, as in production.


@pytest.fixture
def roles(db):
    call_command("setup_roles", stdout=StringIO())


def make_member(username, group_name):
    user = User.objects.create_user(username, f"{username}@example.org", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(roles):
    return make_member("edith", "Editor")


@pytest.fixture
def curator(roles):
    return make_member("cora", "Curator")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client
