"""The job lock dies with its holder: a killed run never blocks the next, --force takes over, a second run refuses."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from tests.concurrency import requires_postgresql
from website.core.jobs import JobAlreadyRunning, forcing, job_lock
from website.core.models import JobLock

BASE_DIR = Path(__file__).resolve().parents[2]

# The lease is the SQLite lock's: PostgreSQL holds an advisory lock instead, which has none.
leases_only = pytest.mark.skipif(connection.vendor == "postgresql", reason="PostgreSQL's advisory lock has no lease")

# Runs in a fresh process: take the lock, say so, and hold it ("hold") or let it go at once ("try").
SCRIPT = """
import sys, time
import django
django.setup()
from django.db import connection
from website.core.jobs import JobAlreadyRunning, job_lock
from website.core.models import JobLock

if connection.vendor == "sqlite":
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    if JobLock._meta.db_table not in tables:
        with connection.schema_editor() as editor:
            editor.create_model(JobLock)
try:
    with job_lock("tests.killed-job", force="--force" in sys.argv):
        print("held", flush=True)
        if sys.argv[1] == "hold":
            time.sleep(120)
except JobAlreadyRunning:
    print("refused", flush=True)
"""


@pytest.fixture
def job_env(tmp_path):
    """Environment for a job process that shares this test's database (a file of its own on SQLite)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "website.settings.test", "PYTHONPATH": str(BASE_DIR)}
    env.pop("REDIS_URL", None)
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
        env["DATABASE_URL"] = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{host}:{port}/{db['NAME']}"
    else:
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = str(tmp_path / "jobs.sqlite3")
    return env


def _start(env, mode, *flags):
    return subprocess.Popen(
        [sys.executable, "-c", SCRIPT, mode, *flags], env=env, cwd=BASE_DIR, stdout=subprocess.PIPE, text=True
    )


def _run(env, mode, *flags):
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, mode, *flags], env=env, cwd=BASE_DIR, capture_output=True, text=True, timeout=60
    ).stdout.strip()


@pytest.fixture
def holder(job_env):
    """A job process holding "tests.killed-job"; killed at teardown if the test did not kill it."""
    process = _start(job_env, "hold")
    assert process.stdout.readline().strip() == "held"
    yield process
    if process.poll() is None:
        process.kill()
    process.wait(timeout=10)


def _kill(process):
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


@pytest.mark.django_db(transaction=True)
def test_a_killed_run_does_not_block_the_next(job_env, holder):
    assert _run(job_env, "try") == "refused"  # the holder is alive: a second run refuses

    _kill(holder)
    started = time.monotonic()
    assert _run(job_env, "try") == "held"
    # Far inside the lease (two minutes) and the old one-hour expiry: the lock died with its holder.
    assert time.monotonic() - started < 30


# On SQLite the job process has a database file of its own; the subprocess test above covers it.
@requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_killed_run_frees_the_lock_for_this_process_at_once(job_env, holder):
    with pytest.raises(JobAlreadyRunning), job_lock("tests.killed-job"):
        pass
    _kill(holder)
    deadline = time.monotonic() + 5
    while True:
        try:
            with job_lock("tests.killed-job"):
                break
        except JobAlreadyRunning:
            assert time.monotonic() < deadline, "the lock outlived its killed holder"
            time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
def test_force_takes_the_lock_from_a_live_holder(job_env, holder):
    assert holder.poll() is None  # still running, yet:
    assert _run(job_env, "try", "--force") == "held"
    if connection.vendor == "postgresql":
        # Its lock session was ended, so it no longer holds the lock (and its next query fails).
        with job_lock("tests.killed-job"):
            pass


@pytest.mark.django_db
def test_a_second_run_refuses_while_the_first_holds_the_lock():
    with job_lock("tests.job"):
        with pytest.raises(JobAlreadyRunning), job_lock("tests.job"):
            pass
        with job_lock("tests.other-job"):  # other names are independent
            pass
    with job_lock("tests.job"):  # released on the way out
        pass


@pytest.mark.django_db
def test_the_lock_is_released_when_the_job_fails():
    with pytest.raises(RuntimeError), job_lock("tests.job"):
        raise RuntimeError("job failed")
    with job_lock("tests.job"):
        pass


@pytest.mark.django_db
def test_forcing_takes_over_within_the_process():
    with job_lock("tests.job"):
        with forcing(), job_lock("tests.job"):
            pass
        with pytest.raises(JobAlreadyRunning), job_lock("tests.job"):  # the first holder's run is still going
            pass
    with job_lock("tests.job"):
        pass


@leases_only
@pytest.mark.django_db(transaction=True)
def test_the_lease_is_renewed_while_the_job_runs():
    with job_lock("tests.job", lease=timedelta(seconds=0.6)):
        time.sleep(1.5)
        assert JobLock.objects.get(name="tests.job").locked_until > timezone.now()
    assert JobLock.objects.get(name="tests.job").locked_until is None


@pytest.mark.django_db
def test_an_expired_lease_frees_the_lock():
    """A holder on another machine that stopped renewing (its lease ran out) no longer blocks the job."""
    JobLock.objects.create(
        name="tests.job", holder="elsewhere:1:x", locked_until=timezone.now() - timedelta(seconds=1)
    )
    with job_lock("tests.job"):
        pass


@leases_only
@pytest.mark.django_db
def test_a_live_lease_of_another_machine_blocks():
    JobLock.objects.create(
        name="tests.job", holder="elsewhere:1:x", locked_until=timezone.now() + timedelta(minutes=1)
    )
    with pytest.raises(JobAlreadyRunning), job_lock("tests.job"):
        pass


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("command", "lock", "args"),
    [
        ("evaluate_groups", "groups.evaluate_lifecycle", []),
        ("close_month", "groups.close_month", ["--month", "2020-01"]),
        ("snapshot_insights", "insights.snapshot", []),
    ],
)
def test_each_job_command_refuses_a_second_run_and_force_takes_over(command, lock, args, capsys):
    with job_lock(lock):
        with pytest.raises(CommandError, match="--force"):
            call_command(command, *args)
        call_command(command, *args, "--force")
    call_command(command, *args)
