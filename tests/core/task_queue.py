"""Helpers for tests of the database task queue: switch the site to it and run a worker until the queue is empty."""

import pytest
from django.core.management import call_command

DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"


@pytest.fixture
def database_queue(settings):
    """Tasks become rows in the database, as in production, until run_worker() runs them."""
    settings.TASKS = {"default": {"BACKEND": DATABASE_BACKEND}}


def run_worker():
    """One worker in this process, in batch mode: runs every task that is due, then returns."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", "--no-reload", verbosity=0)


class RefusingEmailBackend:
    """An SMTP server that is down: every send is refused, as smtplib reports it."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")
