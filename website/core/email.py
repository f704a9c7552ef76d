"""Member e-mail: rendered in the recipient's language from templates, sent through the task backend."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task


@task()
def deliver_email(subject, body, recipient):
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])


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
