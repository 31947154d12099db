from io import StringIO

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection

from interventions.catalogue_cache import database_version
from interventions.models import Force, Theme
from tests.factories import shared_across_tests

# Every test writes rows and rolls them back, and PostgreSQL counts those as changes: its
# autovacuum then analyses tables in the middle of a test, sees none of the test's
# uncommitted rows, and records them as empty. Planned for empty tables, a page over 200
# entries took 12 seconds instead of 0.2. No autovacuum on the test database's tables.
NO_AUTOVACUUM = """
DO $$
DECLARE name text;
BEGIN
    FOR name IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() LOOP
        EXECUTE format(
            'ALTER TABLE %I SET (autovacuum_enabled = false, toast.autovacuum_enabled = false)',
            name
        );
    END LOOP;
END $$
"""


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(NO_AUTOVACUUM)


@pytest.fixture
def catalogue_version_just_read(db):
    """For tests that count a page's queries: this process's copy of the catalogue's
    version is read afresh before the page, so that the read it makes once every
    CATALOGUE_VERSION_CHECK_SECONDS never falls inside the page counted on a slow run."""
    database_version.forget()
    database_version.get()


@pytest.fixture(scope="module")
def migrated_rows_back_afterwards(django_db_setup, django_db_blocker):
    """For a module of transactional tests: each test's flush leaves the database empty,
    and under pytest-xdist the modules after it on the same process expect the rows the
    migrations made (themes, forces, permissions). Once the module ends they are put back,
    as Django does before a test with serialized_rollback."""
    yield
    with django_db_blocker.unblock():
        connection.creation.deserialize_db_from_string(connection._test_serialized_contents)


@pytest.fixture(scope="module")
def seeded_catalogue(django_db_setup, django_db_blocker):
    """The real seeded catalogue, loaded once for a module and rolled back after it."""
    with shared_across_tests(django_db_blocker):
        call_command("seed_catalogue", stdout=StringIO())
        yield


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


@pytest.fixture
def theme():
    """Themes and forces are reference data loaded by a migration; fetch them by slug."""
    return lambda slug: Theme.objects.get(slug=slug)


@pytest.fixture
def force():
    return lambda slug: Force.objects.get(slug=slug)
