"""Settings come from the environment; production refuses to start half-configured and passes the deploy checks."""

import os
import secrets
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _run(args, env, timeout=120):
    # A clean environment: nothing from the developer's shell or CI (DATABASE_URL, REDIS_URL...) leaks in.
    base_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp")}
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT_ROOT,
        env={**base_env, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_production_settings_refuse_to_start_without_secret_key():
    result = _run(["-c", "import website.settings.production"], {"ALLOWED_HOSTS": "example.org"})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_settings_refuse_to_start_with_an_empty_secret_key():
    result = _run(["-c", "import website.settings.production"], {"SECRET_KEY": "", "ALLOWED_HOSTS": "example.org"})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_production_settings_import_with_the_required_variables():
    result = _run(
        ["-c", "import website.settings.production as s; print(s.DEBUG, s.ALLOWED_HOSTS)"],
        {"SECRET_KEY": secrets.token_urlsafe(45), "ALLOWED_HOSTS": "example.org"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['example.org']"


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({}, "False"),  # local-memory cache: one copy per process, a purge would reach only one of them
        ({"REDIS_URL": "redis://127.0.0.1:6379/0"}, "True"),
        ({"PAGE_CACHE_ENABLED": "true"}, "True"),
        ({"REDIS_URL": "redis://127.0.0.1:6379/0", "PAGE_CACHE_ENABLED": "false"}, "False"),
    ],
)
def test_the_full_page_cache_is_on_in_production_only_with_a_shared_cache(extra, expected):
    result = _run(
        ["-c", "import website.settings.production as s; print(s.PAGE_CACHE_ENABLED)"],
        {"SECRET_KEY": secrets.token_urlsafe(45), "ALLOWED_HOSTS": "example.org", **extra},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def test_check_deploy_passes_with_production_settings(tmp_path):
    secret_key = secrets.token_urlsafe(45)  # 60 characters
    assert len(secret_key) == 60
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        {
            "DJANGO_SETTINGS_MODULE": "website.settings.production",
            "SECRET_KEY": secret_key,
            "ALLOWED_HOSTS": "example.org",
            "SQLITE_PATH": str(tmp_path / "deploy.sqlite3"),
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_no_model_changes_lack_a_migration():
    out = StringIO()
    # --check exits with SystemExit(1) when a migration is missing; pytest reports that as a failure.
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
