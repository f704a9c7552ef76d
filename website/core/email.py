"""Member e-mail: rendered in the recipient's language from templates, sent through the task backend.

Sending is a task so a slow or broken mail server never holds up a request; a failed send is tried again with
backoff (website.core.task_retries) and, after the last try, left in the queue as a failed task for staff to retry.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from .task_retries import retry_later


@task()
def deliver_email(subject, body, recipient, attempt=0):
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
    except OSError as error:  # SMTP errors and refused connections alike
        retry_later(deliver_email, error, attempt, subject, body, recipient)


@task()
def deliver_message(message, attempt=0):
    """Send a message queued by ``queue_message`` (a dict of strings)."""
    email = EmailMultiAlternatives(
        message["subject"],
        message["body"],
        message["from_email"],
        message["to"],
        headers=message.get("headers") or None,
    )
    email.content_subtype = message.get("content_subtype", "plain")
    if message.get("html"):
        email.attach_alternative(message["html"], "text/html")
    try:
        email.send()
    except OSError as error:
        retry_later(deliver_message, error, attempt, message)


def queue_message(message):
    """Queue an already rendered EmailMessage (allauth's confirmation and reset mails).

    Enqueued at once rather than on commit: the database queue writes its row in the request's transaction, so a
    rollback takes the task with it, and the immediate backend sends as Django would have.
    """
    html = next((content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), "")
    deliver_message.enqueue(
        {
            "subject": str(message.subject),
            "body": str(message.body),
            "from_email": message.from_email,
            "to": list(message.to),
            "headers": {str(k): str(v) for k, v in message.extra_headers.items()},
            "content_subtype": message.content_subtype,
            "html": html,
        }
    )


def email_member(member, template_base, context=None):
    """Render ``<template_base>_subject.txt`` and ``_message.txt`` in the member's language and queue the send.

    Rendering happens now, while the objects are at hand; the task only carries strings, so any queue backend can
    serialise it. The send is queued on commit, so a decision that rolls back never mails anybody.
    """
    if not member.email:
        return
    context = {"member": member, "base_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"), **(context or {})}
    with translation.override(getattr(member, "language", None) or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template_base}_subject.txt", context).split())
        body = render_to_string(f"{template_base}_message.txt", context)
    recipient = member.email
    transaction.on_commit(lambda: deliver_email.enqueue(subject, body, recipient))
