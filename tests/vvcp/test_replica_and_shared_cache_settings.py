"""The read replica and the shared-cache lifetimes, read from the environment."""

from tests.vvcp.test_production_settings import manage

SHOW = (
    "from django.conf import settings; "
    "replica = settings.DATABASES.get('replica', {}); "
    "print(settings.READ_REPLICA, replica.get('HOST'), replica.get('NAME'), "
    "replica.get('TEST', {}).get('MIRROR'), settings.SHARED_CACHE_SECONDS, "
    "settings.SHARED_CACHE_STALE_SECONDS)"
)


def shown(**env):
    result = manage("shell", "-c", SHOW, extra_env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_without_a_replica_url_there_is_no_replica_and_the_lifetimes_have_defaults():
    assert shown(DATABASE_REPLICA_URL="") == "None None None None 60 300"


def test_a_replica_url_adds_the_replica_that_reads_are_sent_to():
    line = shown(
        DATABASE_REPLICA_URL="postgres://reader@replica.internal:5432/vvcp",
        SHARED_CACHE_SECONDS="30",
        SHARED_CACHE_STALE_SECONDS="90",
    )
    assert line == "replica replica.internal vvcp default 30 90"


def test_a_replica_that_is_not_postgresql_is_refused():
    result = manage("check", extra_env={"DATABASE_REPLICA_URL": "mysql://reader@replica/vvcp"})
    assert result.returncode != 0
    assert "DATABASE_REPLICA_URL must name a PostgreSQL database" in result.stderr


def test_a_negative_or_malformed_lifetime_is_refused():
    for value in ("-1", "a minute", "9" * 5 + "\x01"):
        result = manage("check", extra_env={"SHARED_CACHE_SECONDS": value})
        assert result.returncode != 0, value
        assert "SHARED_CACHE_SECONDS" in result.stderr, value
