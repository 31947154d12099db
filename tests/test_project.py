import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command


@pytest.mark.django_db
def test_there_are_no_model_changes_without_a_migration():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)


def test_the_system_check_is_clean():
    out = StringIO()
    call_command("check", stdout=out)
    assert "no issues" in out.getvalue()


def run_settings(env):
    """Import the real settings module in a fresh interpreter with the given environment."""
    clean_env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"}
    }
    env = {"DATABASE_URL": "postgres://user@127.0.0.1:5432/vvcp", **env}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import vvcp.settings as s; print(s.DEBUG, s.ALLOWED_HOSTS, "
            "s.DATABASES['default']['ENGINE'])",
        ],
        env={**clean_env, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings({})
    assert result.returncode != 0
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr


def test_debug_is_off_unless_asked_for():
    result = run_settings({"SECRET_KEY": "x" * 50})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("False []")


def test_local_development_needs_nothing_but_a_database_url():
    result = run_settings({"DEBUG": "true"})
    assert result.returncode == 0, result.stderr
    assert "django.db.backends.postgresql" in result.stdout
    assert "localhost" in result.stdout


def test_without_a_database_url_it_says_how_to_run_rather_than_using_sqlite():
    result = run_settings({"DEBUG": "true", "DATABASE_URL": ""})
    assert result.returncode != 0
    assert "DATABASE_URL is not set" in result.stderr
    assert "make run" in result.stderr


def test_a_database_url_of_another_engine_is_refused():
    result = run_settings({"DEBUG": "true", "DATABASE_URL": "sqlite:///db.sqlite3"})
    assert result.returncode != 0
    assert "DATABASE_URL must name a PostgreSQL database" in result.stderr


def test_a_database_url_selects_postgresql():
    result = run_settings(
        {"SECRET_KEY": "x" * 50, "DATABASE_URL": "postgres://user@127.0.0.1:5432/vvcp"}
    )
    assert result.returncode == 0, result.stderr
    assert "django.db.backends.postgresql" in result.stdout


def test_a_malformed_boolean_setting_fails_loudly():
    result = run_settings({"DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_allowed_hosts_come_from_the_environment():
    result = run_settings({"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "vvcp.example.org, www.x.org"})
    assert "['vvcp.example.org', 'www.x.org']" in result.stdout


def test_imports_keep_to_the_layers_and_the_features_stay_apart():
    """The import-linter contracts in pyproject.toml ([tool.importlinter]), as CI checks them."""
    result = subprocess.run(
        [sys.executable, "-c", "from importlinter.cli import lint_imports; exit(lint_imports())"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
