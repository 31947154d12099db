"""Production settings, checked in a fresh interpreter with a production-like environment."""

import os
import subprocess
import sys

from django.conf import settings
from django.core.management.utils import get_random_secret_key

PRODUCTION_ENV = {
    "DEBUG": "false",
    "ALLOWED_HOSTS": "catalogue.example.org",
    "DJANGO_SETTINGS_MODULE": "vvcp.settings",
}


def manage(*args, extra_env=None):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECURE_", "PAGE_CACHE"))
        and key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    env.update(PRODUCTION_ENV, SECRET_KEY=get_random_secret_key(), **(extra_env or {}))
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_deployment_check_is_clean_under_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_turns_on_https_only_behaviour():
    names = [
        "SECURE_HSTS_SECONDS",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
    ]
    result = manage(
        "shell",
        "-c",
        f"from django.conf import settings; print([getattr(settings, n) for n in {names}])",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[31536000, True, True, True, True]"


def test_collected_static_files_are_compressed_and_hashed(tmp_path):
    result = manage("collectstatic", "--noinput", extra_env={"STATIC_ROOT": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    hashed = [path.name for path in (tmp_path / "css").glob("site.*.css")]
    assert hashed, "collectstatic wrote no hashed stylesheet"
    assert list((tmp_path / "css").glob("site.*.css.gz")), "no compressed copy"
    assert (tmp_path / "staticfiles.json").exists()
