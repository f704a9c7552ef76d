"""A member's notification list and reading them: newest first, paginated with a keyset on (created_at, id), grouped
by local day for the page; marking one or all read forgets the bell's cached count.

A deep page costs what the first does (a range scan on ``notifications_inbox``); the cursor in the URL is
``<microseconds since the epoch>.<id>`` of the last row shown, and anything else means the first page.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from website.core.keyset import decode_cursor, encode_cursor

from .models import Notification
from .services import forget_unread

PAGE_SIZE = 30


@dataclass
class Day:
    date: object
    notifications: list = field(default_factory=list)

    @property
    def is_today(self):
        return self.date == timezone.localdate()

    @property
    def is_yesterday(self):
        return self.date == timezone.localdate() - timedelta(days=1)


@dataclass
class InboxPage:
    days: list
    next_cursor: str | None

    @property
    def has_next(self):
        return self.next_cursor is not None

    @property
    def is_empty(self):
        return not self.days


def inbox_page(member, cursor=None, *, size=PAGE_SIZE):
    """One page of the member's notifications after ``cursor``, in one query (one row more than the page tells
    whether another follows), grouped by the day they arrived in local time."""
    rows = Notification.objects.filter(recipient=member)
    position = decode_cursor(cursor)
    if position is not None:
        created_at, pk = position
        rows = rows.filter(
            Q(created_at__lt=created_at) | Q(created_at=created_at, pk__lt=pk), created_at__lte=created_at
        )
    rows = list(rows.order_by("-created_at", "-pk")[: size + 1])
    next_cursor = encode_cursor(rows[size - 1]) if len(rows) > size else None
    days = []
    for notification in rows[:size]:
        date = timezone.localdate(notification.created_at)
        if not days or days[-1].date != date:
            days.append(Day(date))
        days[-1].notifications.append(notification)
    return InboxPage(days=days, next_cursor=next_cursor)


def mark_read(member, pk):
    """Mark one of the member's own notifications read; the notification, or None when it is not theirs."""
    notification = Notification.objects.filter(recipient=member, pk=pk).first()
    if notification is None:
        return None
    if notification.read_at is None:
        notification.read_at = timezone.now()
        # Conditional: a second tab marking it at the same moment changes nothing.
        if Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at):
            forget_unread(member.pk)
    return notification


def mark_all_read(member):
    """Mark every unread notification of the member read (one UPDATE on the unread index); how many changed."""
    changed = Notification.objects.filter(recipient=member, read_at__isnull=True).update(read_at=timezone.now())
    forget_unread(member.pk)
    return changed


def safe_target(notification, host):
    """The notification's link when it points into this site, else None: stored links are paths, and a link to
    another host must never turn the site into an open redirect."""
    url = notification.url
    is_path = url.startswith("/") and not url.startswith(("//", "/\\"))
    return url if is_path and url_has_allowed_host_and_scheme(url, allowed_hosts={host}) else None
