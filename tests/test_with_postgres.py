"""scripts/with_postgres.py: the embedded PostgreSQL server behind `make run` and `make test`."""

import json
import os
import shutil
import subprocess
import sys
import uuid

import pytest
from django.conf import settings

SCRIPT = settings.BASE_DIR / "scripts" / "with_postgres.py"


def query(sql):
    """A program printing the answer to ``sql`` on the database the wrapper gives it."""
    return (
        "import os, psycopg\n"
        "with psycopg.connect(os.environ['DATABASE_URL']) as connection:\n"
        f"    print('|'.join(map(str, connection.execute({sql!r}).fetchone())))\n"
    )


ABOUT_THE_SERVER = query(
    "SELECT current_database(), current_setting('server_version_num'), "
    "(SELECT count(*) FROM pg_available_extensions WHERE name IN ('pg_trgm', 'unaccent'))"
)
CATALOGUE_DATABASES = query(
    "SELECT string_agg(datname, ',') FROM pg_database WHERE datname LIKE 'vvcp%'"
)


@pytest.fixture
def state_dir():
    """A folder in the checkout's var/: the server's own system user must reach it, and
    pytest keeps resetting its temporary folders to be readable by root alone."""
    path = settings.BASE_DIR / "var" / f"test-with-postgres-{uuid.uuid4().hex[:8]}"
    path.mkdir(parents=True)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def run_wrapper(state_dir, *args, env=None):
    """The wrapper in a fresh interpreter, with its server's data in state_dir."""
    program = (
        "import sys; sys.path.insert(0, 'scripts'); import with_postgres as w; "
        f"from pathlib import Path; w.STATE_DIR = Path({str(state_dir)!r}); "
        "w.DATA_DIR = w.STATE_DIR / 'postgres'; w.LOCK_FILE = w.STATE_DIR / 'postgres.lock'; "
        "w.USERS_FILE = w.STATE_DIR / 'postgres.users'; "
        f"sys.exit(w.main({list(args)!r}))"
    )
    clean_env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "-c", program],
        cwd=settings.BASE_DIR,
        env={**clean_env, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_given_database_url_is_used_as_it_is(state_dir):
    given = "postgres://someone@db.example.org:5432/catalogue"
    result = run_wrapper(
        state_dir,
        "--",
        sys.executable,
        "-c",
        "import os; print(os.environ['DATABASE_URL'])",
        env={"DATABASE_URL": given},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == given
    assert not (state_dir / "postgres").exists()


def test_without_one_the_command_gets_an_embedded_postgresql_and_it_stops_after(state_dir):
    result = run_wrapper(state_dir, "--scratch", "--", sys.executable, "-c", ABOUT_THE_SERVER)
    assert result.returncode == 0, result.stderr
    database, version, extensions = result.stdout.strip().split("|")
    assert database.startswith("vvcp_")
    assert database.removeprefix("vvcp_").isdigit()
    assert int(version) >= 180000
    assert extensions == "2"  # pg_trgm and unaccent
    assert "DATABASE_URL=postgres://" in result.stderr
    assert "[postgres] stopped" in result.stderr
    assert not (state_dir / "postgres" / "postmaster.pid").exists()
    assert json.loads((state_dir / "postgres.users").read_text()) == []

    # The data stays for the next command; the scratch database does not.
    result = run_wrapper(state_dir, "--", sys.executable, "-c", CATALOGUE_DATABASES)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "vvcp"


def test_the_commands_exit_status_is_passed_on_and_the_server_still_stops(state_dir):
    result = run_wrapper(state_dir, "--", sys.executable, "-c", "raise SystemExit(3)")
    assert result.returncode == 3
    assert "[postgres] stopped" in result.stderr
    assert not (state_dir / "postgres" / "postmaster.pid").exists()
