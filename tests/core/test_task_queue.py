"""The database task queue (django-tasks-db), as production runs it: a request only queues its e-mail, a worker sends
it; a task queued in a transaction that rolls back never runs."""

import secrets

import pytest
from django.core import mail
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from tests.core.task_queue import database_queue, run_worker  # noqa: F401
from tests.core.test_settings import _run
from tests.factories import DEFAULT_PASSWORD
from website.core.email import deliver_email

IMMEDIATE = "django_tasks.backends.immediate.ImmediateBackend"

# The worker checks its connection between tasks, as Django does between requests; inside a test's transaction that
# check would drop the connection, so these tests commit for real (the flush afterwards puts the site back).
queue_test = pytest.mark.django_db(transaction=True)


@queue_test
@pytest.mark.usefixtures("database_queue")
def test_the_sign_up_email_is_sent_by_the_worker_not_by_the_request(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "river@example.com",
            "display_name": "河边",
            "password1": DEFAULT_PASSWORD,
            "password2": DEFAULT_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert mail.outbox == []
    queued = DBTaskResult.objects.ready().get()
    assert queued.task_path == "website.core.email.deliver_message"

    run_worker()

    (message,) = mail.outbox
    assert message.to == ["river@example.com"]
    assert "/accounts/confirm-email/" in message.body
    assert DBTaskResult.objects.get(pk=queued.pk).status == "SUCCESSFUL"


@queue_test
@pytest.mark.usefixtures("database_queue")
def test_a_queued_email_is_sent_once_however_often_workers_run():
    deliver_email.enqueue("主题", "正文", "someone@example.com")
    assert mail.outbox == []

    run_worker()
    run_worker()

    (message,) = mail.outbox
    assert (message.subject, message.to) == ("主题", ["someone@example.com"])


@queue_test
@pytest.mark.usefixtures("database_queue")
def test_a_task_queued_in_a_transaction_that_rolls_back_never_runs():
    with pytest.raises(RuntimeError), transaction.atomic():
        deliver_email.enqueue("主题", "正文", "someone@example.com")
        raise RuntimeError("the decision failed")

    assert not DBTaskResult.objects.exists()
    run_worker()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("settings_module", "extra", "expected"),
    [
        ("production", {}, "django_tasks_db.DatabaseBackend"),
        ("production", {"TASKS_BACKEND": IMMEDIATE}, IMMEDIATE),
        ("base", {}, IMMEDIATE),  # development runs tasks in the request
    ],
)
def test_production_queues_tasks_in_the_database_unless_tasks_backend_says_otherwise(settings_module, extra, expected):
    result = _run(
        ["-c", f"import website.settings.{settings_module} as s; print(s.TASKS['default']['BACKEND'])"],
        {"SECRET_KEY": secrets.token_urlsafe(45), "ALLOWED_HOSTS": "example.org", **extra},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected
