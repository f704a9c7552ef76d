"""E-mails of notifications: one message per notification, with a one-click unsubscribe for its type, and the daily
digest. Both are written in the recipient's language and carry the List-Unsubscribe headers of RFC 8058."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .unsubscribe import DIGEST, unsubscribe_headers, unsubscribe_url


def absolute(url):
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return base_url + url if url.startswith("/") else url


def _send(member, template, context, kind):
    language = getattr(member, "language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            **context,
            "member": member,
            "unsubscribe_url": unsubscribe_url(member, kind),
            "preferences_url": absolute(reverse("notifications:preferences")),
        }
        text = render_to_string(template, context).strip()
    subject, _newline, body = text.partition("\n")
    EmailMessage(
        " ".join(subject.split()),
        body.strip() + "\n",
        settings.DEFAULT_FROM_EMAIL,
        [member.email],
        headers=unsubscribe_headers(member, kind),
    ).send()


def send_notification_email(notification):
    """Send one notification to its recipient now (called by a task, never inside a request)."""
    member = notification.recipient
    if not member.email:
        return
    context = {"notification": notification, "link": absolute(notification.url) if notification.url else ""}
    _send(member, "notifications/email/notification.txt", context, notification.kind)


def send_digest_email(member, notifications, more=0):
    """One e-mail listing ``notifications`` (newest first); ``more`` counts those left out of the list."""
    if not member.email:
        return
    items = [(notification, absolute(notification.url) if notification.url else "") for notification in notifications]
    context = {
        "items": items,
        "count": len(items) + more,
        "more": more,
        "list_url": absolute(reverse("notifications:list")),
    }
    _send(member, "notifications/email/digest.txt", context, DIGEST)
