"""A mail server that is down: each send is tried again after 1 min, 5 min, 30 min and 2 h, then left as a failed
task that staff see under Reports and queue again; a notification stays pending and is never mailed twice. Without
a queue (the immediate backend of development) a failure is logged once and the page still works."""

import logging

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import ModelLogEntry

from portal.notifications.models import Notification
from portal.notifications.services import send_pending_emails
from tests.core.task_queue import database_queue, run_worker  # noqa: F401
from tests.factories import DEFAULT_PASSWORD, StaffUserFactory, UserFactory
from website.core.email import deliver_email
from website.core.permissions import COMMUNITY_TEAM
from website.core.task_retries import BACKOFF

REFUSING = "tests.core.task_queue.RefusingEmailBackend"
WORKING = "django.core.mail.backends.locmem.EmailBackend"
FAILED_TASKS = "/admin/failed-tasks/"


def _due_now():
    """The next try's time has come (the clock moves on without the test waiting for it)."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


def _waiting():
    return DBTaskResult.objects.filter(status="READY")


def _notification(member, key="post-1"):
    return Notification.objects.create(
        recipient=member, kind="board.featured", key=key, title="你的帖子被设为精华", email=Notification.Email.PENDING
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("database_queue")
def test_a_refused_send_is_retried_with_backoff_then_failed_and_staff_queue_it_again(client, settings):
    settings.EMAIL_BACKEND = REFUSING
    deliver_email.enqueue("主题", "正文", "someone@example.com")

    for attempt, wait in enumerate(BACKOFF, start=1):
        before = timezone.now()
        run_worker()
        (retry,) = _waiting()
        assert retry.args_kwargs["kwargs"] == {"attempt": attempt}
        assert before + wait <= retry.run_after <= timezone.now() + wait
        run_worker()  # not due yet: nothing runs
        assert _waiting().get() == retry
        _due_now()

    run_worker()
    assert not _waiting().exists()
    failed = DBTaskResult.objects.get(status="FAILED")
    assert failed.exception_class_path == "builtins.ConnectionRefusedError"
    assert mail.outbox == []

    staff = StaffUserFactory(groups=[COMMUNITY_TEAM])
    client.force_login(staff)
    page = client.get(FAILED_TASKS)
    assert page.status_code == 200
    text = page.content.decode()
    assert "deliver_email" in text
    assert "someone@example.com" in text
    assert "Connection refused" in text
    assert f"/admin/failed-tasks/{failed.pk}/retry/" in text

    settings.EMAIL_BACKEND = WORKING
    assert client.post(f"/admin/failed-tasks/{failed.pk}/retry/").status_code == 302
    assert not DBTaskResult.objects.filter(pk=failed.pk).exists()
    (queued,) = _waiting()
    assert queued.args_kwargs["kwargs"] == {"attempt": 0}
    entry = ModelLogEntry.objects.get(action="core.task.retry")
    assert entry.user == staff
    assert entry.data["queued"] == str(queued.pk)

    run_worker()
    (message,) = mail.outbox
    assert message.to == ["someone@example.com"]
    assert "deliver_email" not in client.get(FAILED_TASKS).content.decode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("database_queue")
def test_a_notification_that_failed_to_send_stays_pending_and_is_mailed_once_on_retry(settings):
    settings.EMAIL_BACKEND = REFUSING
    first, second = UserFactory(email="first@example.com"), UserFactory(email="second@example.com")
    mine, theirs = _notification(first), _notification(second)
    send_pending_emails.enqueue("board.featured", "post-1", [first.pk, second.pk])

    run_worker()
    assert set(Notification.objects.values_list("email", flat=True)) == {Notification.Email.PENDING}
    (retry,) = _waiting()
    assert retry.args_kwargs["args"] == ["board.featured", "post-1", [first.pk, second.pk]]
    assert retry.args_kwargs["kwargs"] == {"attempt": 1}

    # Another worker mailed the first member meanwhile; the retry mails the second only.
    settings.EMAIL_BACKEND = WORKING
    Notification.objects.filter(pk=mine.pk).update(email=Notification.Email.SENT)
    _due_now()
    run_worker()
    run_worker()

    (message,) = mail.outbox
    assert message.to == ["second@example.com"]
    theirs.refresh_from_db()
    assert theirs.email == Notification.Email.SENT
    assert not _waiting().exists()


@pytest.mark.django_db
def test_without_a_queue_a_refused_send_is_logged_once_and_the_notification_stays_pending(settings, caplog):
    settings.EMAIL_BACKEND = REFUSING
    member = UserFactory(email="first@example.com")
    notification = _notification(member)

    with caplog.at_level(logging.WARNING, logger="website.core.task_retries"):
        send_pending_emails.enqueue("board.featured", "post-1", [member.pk])

    notification.refresh_from_db()
    assert notification.email == Notification.Email.PENDING
    assert len([r for r in caplog.records if r.name == "website.core.task_retries"]) == 1
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db
def test_without_a_queue_sign_up_still_works_when_the_mail_server_is_down(client, settings, caplog):
    settings.EMAIL_BACKEND = REFUSING
    with caplog.at_level(logging.WARNING, logger="website.core.task_retries"):
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
    assert any("deliver_message failed" in r.getMessage() for r in caplog.records)


def _refused(response):
    """Wagtail's admin answers a refusal with a redirect to its dashboard and a message (403 for other clients)."""
    return response.status_code == 403 or response["Location"] == reverse("wagtailadmin_home")


@pytest.mark.django_db
def test_the_failed_tasks_page_is_for_staff_with_the_permission_only(client, member):
    failed = DBTaskResult.objects.create(
        status="FAILED",
        task_path="website.core.email.deliver_email",
        args_kwargs={"args": ["主题", "正文", "someone@example.com"], "kwargs": {"attempt": 4}},
        backend_name="default",
        run_after=timezone.now(),
        finished_at=timezone.now(),
        exception_class_path="builtins.ConnectionRefusedError",
        traceback="ConnectionRefusedError: [Errno 111] Connection refused",
    )
    retry = reverse("core_failed_task_retry", kwargs={"result_id": failed.pk})
    assert "/login/" in client.get(FAILED_TASKS)["Location"]

    client.force_login(member)  # no admin access: sent to sign in as staff
    assert "/login/" in client.get(FAILED_TASKS)["Location"]
    assert "/login/" in client.post(retry)["Location"]

    client.force_login(StaffUserFactory())  # an editor: admin access, not the community team's rights
    assert _refused(client.get(FAILED_TASKS))
    assert _refused(client.post(retry))
    assert DBTaskResult.objects.filter(pk=failed.pk, status="FAILED").exists()
    assert not ModelLogEntry.objects.filter(action="core.task.retry").exists()

    client.force_login(StaffUserFactory(groups=[COMMUNITY_TEAM]))
    page = client.get(FAILED_TASKS)
    assert page.status_code == 200
    assert "someone@example.com" in page.content.decode()
    assert ">5<" in page.content.decode()  # tries
    assert client.get(retry).status_code == 405


@pytest.mark.django_db
def test_with_no_failed_tasks_the_page_says_so_and_a_stale_retry_is_a_message(client):
    client.force_login(StaffUserFactory(groups=[COMMUNITY_TEAM]))
    # The admin speaks the site's default language, Chinese.
    assert "没有失败的任务" in client.get(FAILED_TASKS).content.decode()
    # Retried a moment ago by a colleague: a message, back to the list, never a 500.
    stale = reverse("core_failed_task_retry", kwargs={"result_id": "00000000-0000-0000-0000-000000000001"})
    response = client.post(stale, follow=True)
    assert response.status_code == 200
    assert "这个任务已不在失败任务列表中" in response.content.decode()
