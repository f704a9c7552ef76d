"""Logs an operator can follow: one line per request with its id, the id on every record the request caused, slow
queries with their SQL but never their parameters, and /readyz holding a release back until it is migrated."""

import io
import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.urls import reverse

from tests.concurrency import requires_postgresql
from website.core import views as core_views
from website.core.logging import JsonFormatter, RequestContextFilter, TextFormatter, logging_config

pytestmark = pytest.mark.django_db

GENERATED_ID = re.compile(r"[0-9a-f]{32}")
PROJECT_ROOT = Path(__file__).resolve().parents[2]


class Console:
    """What the site's console handler wrote during the test."""

    def __init__(self, buffer):
        self.buffer = buffer

    @property
    def text(self):
        return self.buffer.getvalue()

    def records(self):
        return [json.loads(line) for line in self.text.splitlines()]

    def requests(self):
        return [record for record in self.records() if record["logger"] == "website.requests"]

    def slow_queries(self):
        return [record for record in self.records() if record["logger"] == "website.slow_queries"]


def _site_console_handler():
    """The handler settings.LOGGING installs on the root logger (the one carrying the request-context filter)."""
    for handler in logging.getLogger().handlers:
        if any(isinstance(each, RequestContextFilter) for each in handler.filters):
            return handler
    raise AssertionError("settings.LOGGING installs no console handler with RequestContextFilter")


def _capture(formatter):
    handler = _site_console_handler()
    buffer = io.StringIO()
    stream, previous_formatter = handler.setStream(buffer), handler.formatter
    handler.setFormatter(formatter)
    return handler, stream, previous_formatter, Console(buffer)


@pytest.fixture
def console():
    """The site's own console handler writing JSON lines (LOG_FORMAT=json) into a buffer."""
    handler, stream, formatter, captured = _capture(JsonFormatter())
    yield captured
    handler.setStream(stream)
    handler.setFormatter(formatter)


@pytest.fixture
def text_console():
    handler, stream, formatter, captured = _capture(TextFormatter())
    yield captured
    handler.setStream(stream)
    handler.setFormatter(formatter)


def _heavy_query_sql():
    """A statement that takes tens of milliseconds on either database, with one parameter."""
    if connection.vendor == "postgresql":
        return "SELECT pg_sleep(0.05), %s"
    return (
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000) SELECT count(*), %s FROM n"
    )


# --- The request line -----------------------------------------------------------------------------------------------


def test_every_request_logs_one_line_with_method_path_status_duration_and_request_id(client, console):
    response = client.get("/healthz?token=s3cret-from-a-link&q=hello")

    [line] = console.requests()
    assert line["method"] == "GET"
    assert line["path"] == "/healthz"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["level"] == "INFO"
    assert line["request_id"] == response["X-Request-ID"]
    assert GENERATED_ID.fullmatch(line["request_id"])
    assert line["member_id"] is None
    assert "s3cret-from-a-link" not in console.text and "hello" not in console.text


def test_a_signed_in_member_is_named_by_id_never_by_email_or_name(client_logged_in, member, console):
    response = client_logged_in.get(reverse("accounts:dashboard"))
    assert response.status_code == 200

    [line] = console.requests()
    assert line["member_id"] == member.pk
    assert line["path"] == reverse("accounts:dashboard")
    assert member.email not in console.text
    assert member.display_name not in console.text


def test_secret_tokens_in_the_path_are_masked(client, console):
    url = reverse("notifications:unsubscribe", kwargs={"token": "abcDEF123secretToken"})
    response = client.get(url + "?utm=also-secret")

    [line] = console.requests()
    assert line["path"].endswith("/unsubscribe/[masked]/")
    # Django's own "Bad Request" record too, logged after the middleware has finished, still names the request.
    [django_line] = [record for record in console.records() if record["logger"] == "django.request"]
    assert django_line["message"].endswith("/unsubscribe/[masked]/")
    assert django_line["request_id"] == response["X-Request-ID"]
    assert "abcDEF123secretToken" not in console.text and "also-secret" not in console.text


def test_a_path_with_control_characters_stays_one_line(client, text_console):
    client.get("/no-such-page/%0Aforged INFO line/")

    lines = [line for line in text_console.text.splitlines() if "website.requests" in line]
    assert len(lines) == 1
    assert "/no-such-page/%0Aforged%20INFO%20line/ 404" in lines[0]


def test_text_format_names_the_request_and_the_member(client_logged_in, member, text_console):
    response = client_logged_in.get(reverse("accounts:dashboard"))

    [line] = [line for line in text_console.text.splitlines() if "website.requests" in line]
    assert f"[{response['X-Request-ID']} {member.pk}]" in line
    assert "INFO website.requests" in line
    assert "GET /portal/ 200 " in line


# --- The request id -------------------------------------------------------------------------------------------------


def test_the_proxys_request_id_is_kept_echoed_and_logged(client, console):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="edge-4f1c2b7e-9a0d.42")

    assert response["X-Request-ID"] == "edge-4f1c2b7e-9a0d.42"
    assert console.requests()[0]["request_id"] == "edge-4f1c2b7e-9a0d.42"


@pytest.mark.parametrize(
    "crafted",
    [
        "abc\nINFO website.requests GET /admin/ 200",
        "abc\r\nSet-Cookie: sessionid=stolen",
        "x" * 10_240,
        "has spaces",
        '{"json": "injection"}',
        "<script>alert(1)</script>",
    ],
)
def test_a_crafted_request_id_is_replaced_not_logged(client, console, crafted):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=crafted)

    assert GENERATED_ID.fullmatch(response["X-Request-ID"])
    assert console.requests()[0]["request_id"] == response["X-Request-ID"]
    assert crafted not in console.text
    assert "stolen" not in console.text and "injection" not in console.text
    assert all(len(line) < 2000 for line in console.text.splitlines())


def test_every_request_gets_its_own_id(client, console):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert first != second
    assert [line["request_id"] for line in console.requests()] == [first, second]


def test_records_after_the_request_carry_no_request_id(client, console):
    client.get("/healthz")
    logging.getLogger("website.tests").warning("after the request")

    [after] = [record for record in console.records() if record["logger"] == "website.tests"]
    assert after["request_id"] is None and after["member_id"] is None


# --- Every record of the request carries its context ---------------------------------------------------------------


def test_records_logged_while_serving_carry_the_request_id_and_member_id(client_logged_in, member, console, settings):
    settings.SLOW_QUERY_MS = 0.0001  # every statement counts as slow: records logged in the middle of the request

    response = client_logged_in.get(reverse("accounts:dashboard"))

    slow = console.slow_queries()
    assert slow, "the dashboard ran no query"
    assert {record["request_id"] for record in slow} == {response["X-Request-ID"]}
    # Once the view has loaded the member (never loaded just for the log), their id is on every record.
    assert slow[-1]["member_id"] == member.pk
    assert member.email not in console.text


# --- Slow queries ---------------------------------------------------------------------------------------------------


def test_a_query_over_the_threshold_logs_a_warning_with_its_sql_and_duration(console, settings):
    settings.SLOW_QUERY_MS = 20
    with connection.cursor() as cursor:
        cursor.execute(_heavy_query_sql(), ["member-secret@example.com"])

    [record] = console.slow_queries()
    assert record["level"] == "WARNING"
    assert record["duration_ms"] >= 20
    assert record["sql"].startswith(_heavy_query_sql()[:20])
    assert record["request_id"] is None
    assert "member-secret@example.com" not in console.text


@requires_postgresql
def test_pg_sleep_over_the_threshold_is_logged_on_postgresql(console, settings):
    settings.SLOW_QUERY_MS = 100
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(0.15)")

    [record] = console.slow_queries()
    assert 100 <= record["duration_ms"] < 5000
    assert record["sql"] == "SELECT pg_sleep(0.15)"


def test_queries_under_the_threshold_are_not_logged(client_logged_in, console, settings):
    settings.SLOW_QUERY_MS = 10_000
    client_logged_in.get(reverse("accounts:dashboard"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")

    assert console.slow_queries() == []
    assert len(console.requests()) == 1


def test_zero_turns_slow_query_logging_off(console, settings):
    settings.SLOW_QUERY_MS = 0
    with connection.cursor() as cursor:
        cursor.execute(_heavy_query_sql(), ["x"])

    assert console.slow_queries() == []


def test_the_logged_sql_is_cut_at_a_thousand_characters(console, settings):
    settings.SLOW_QUERY_MS = 0.0001
    long_sql = "SELECT '" + "x" * 2000 + "'"
    with connection.cursor() as cursor:
        cursor.execute(long_sql)

    [record] = console.slow_queries()
    assert len(record["sql"]) == 1001 and record["sql"].endswith("…")


def test_a_slow_query_in_a_request_names_the_request(client, console, settings):
    settings.SLOW_QUERY_MS = 0.0001
    response = client.get("/readyz")

    slow = console.slow_queries()  # the readiness check's SELECT 1 at least
    assert slow
    assert all(record["request_id"] == response["X-Request-ID"] for record in slow)
    assert all(response["X-Request-ID"] in record["message"] for record in slow)


def test_the_wrapper_is_installed_once_per_connection():
    from website.core.slow_queries import log_if_slow

    connection.ensure_connection()
    assert connection.execute_wrappers.count(log_if_slow) == 1


# --- Configuration --------------------------------------------------------------------------------------------------


def test_every_line_parses_as_one_json_object(client_logged_in, console, settings):
    settings.SLOW_QUERY_MS = 0.0001
    client_logged_in.get(reverse("accounts:dashboard"))
    client_logged_in.get("/healthz")

    lines = console.text.splitlines()
    assert len(lines) > 2
    for line in lines:
        record = json.loads(line)
        assert {"time", "level", "logger", "message", "request_id", "member_id"} <= set(record)


def test_a_logged_exception_stays_inside_its_json_line(console):
    try:
        raise ValueError("boom\nsecond line")
    except ValueError:
        logging.getLogger("website.tests").exception("failed")

    [record] = console.records()
    assert "ValueError: boom" in record["exception"]


def test_log_format_chooses_the_formatter_and_refuses_anything_else():
    assert logging_config("json")["handlers"]["console"]["formatter"] == "json"
    assert logging_config("text")["handlers"]["console"]["formatter"] == "text"
    with pytest.raises(Exception, match="LOG_FORMAT"):
        logging_config("xml")


def _run(script, env):
    # A clean environment: nothing from the developer's shell or CI (DATABASE_URL, LOG_FORMAT...) leaks in.
    base_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp")}
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT_ROOT,
        env={**base_env, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_logs_json_by_default_and_text_on_request():
    env = {
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "example.org",
        "DJANGO_SETTINGS_MODULE": "website.settings.production",
    }
    script = (
        "import logging, django; django.setup(); from django.conf import settings; "
        "print(settings.LOG_FORMAT, settings.SLOW_QUERY_MS, settings.READY_CHECK_MIGRATIONS); "
        "logging.getLogger('website.requests').info('hello')"
    )
    default = _run(script, env)
    assert default.returncode == 0, default.stderr
    assert default.stdout.split() == ["json", "500", "True"]
    assert json.loads(default.stderr.strip().splitlines()[-1])["message"] == "hello"

    text = _run(script, {**env, "LOG_FORMAT": "text", "SLOW_QUERY_MS": "0"})
    assert text.stdout.split() == ["text", "0", "True"]
    assert "INFO website.requests [- -] hello" in text.stderr


# --- Readiness ------------------------------------------------------------------------------------------------------


@pytest.fixture
def migrations_checked(settings, monkeypatch):
    settings.READY_CHECK_MIGRATIONS = True
    monkeypatch.setattr(core_views, "_migrations_applied", False)


def test_readyz_reports_migrations_applied(client, migrations_checked):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "migrations": "ok"}


def test_readyz_is_503_while_a_migration_is_not_applied(client, migrations_checked):
    MigrationRecorder.Migration.objects.filter(app="core").order_by("-name").first().delete()

    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["migrations"] == "pending"
    assert response.json()["status"] == "down"
    # Liveness is not readiness: the running release keeps serving.
    assert client.get("/healthz").status_code == 200


def test_readyz_checks_the_task_queue_table_when_tasks_queue_in_the_database(client, settings):
    pytest.importorskip("django_tasks_db")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    model = core_views._task_queue_model()
    assert model is not None

    assert client.get("/readyz").json()["tasks"] == "ok"

    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:  # inside the test's transaction: rolled back afterwards
        cursor.execute(f"ALTER TABLE {table} RENAME TO queue_moved_away")
        response = client.get("/readyz")
        cursor.execute(f"ALTER TABLE queue_moved_away RENAME TO {table}")
    assert response.status_code == 503
    assert response.json()["tasks"] == "down"


def test_readyz_has_no_queue_to_check_with_the_immediate_backend(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert "tasks" not in client.get("/readyz").json()
