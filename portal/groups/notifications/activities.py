"""Notification types and emitters for activities: new activity, reminders, changes and cancellations.

Every text names the activity's start as a neutral local wall time ("2026-12-07 19:30", the site's time zone):
the templates render in each recipient's language during the fan-out, and they only get plain values.

Reminders are sent by ``send_reminders`` (the ``send_activity_reminders`` command, every 10 minutes). Their key is
the activity's id and start time, so a rerun or an overlapping window never reminds a member twice, and an activity
that moved reminds again for its new time.
"""

import hashlib
from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.notifications.models import Notification, Preference
from portal.notifications.services import notify
from portal.notifications.types import Channel, NotificationType, register

from ..models import Activity, ActivityRSVP, Membership

NEW = "groups.activity_new"
REMINDER_24H = "groups.activity_reminder_24h"
REMINDER_2H = "groups.activity_reminder_2h"
CHANGED = "groups.activity_changed"
CANCELLED = "groups.activity_cancelled"

SECTION = _("Activities")

register(
    NotificationType(
        NEW,
        _("A new activity in one of my groups"),
        "groups/notifications/activity_new.txt",
        default=Channel.DIGEST,
        section=SECTION,
        position=20,
    ),
    NotificationType(
        REMINDER_24H,
        _("A reminder a day before an activity I signed up for"),
        "groups/notifications/activity_reminder_24h.txt",
        default=Channel.EMAIL,
        section=SECTION,
        position=20,
    ),
    NotificationType(
        REMINDER_2H,
        _("A reminder two hours before an activity I signed up for"),
        "groups/notifications/activity_reminder_2h.txt",
        default=Channel.EMAIL,
        section=SECTION,
        position=20,
    ),
    NotificationType(
        CHANGED,
        _("A new time or place for an activity I signed up for"),
        "groups/notifications/activity_changed.txt",
        default=Channel.EMAIL,
        section=SECTION,
        position=20,
    ),
    NotificationType(
        CANCELLED,
        _("An activity I signed up for is cancelled"),
        "groups/notifications/activity_cancelled.txt",
        default=Channel.EMAIL,
        section=SECTION,
        position=20,
    ),
)

# What "time or place" means for a change notice: an online activity's place is its link.
TIME_AND_PLACE = ("starts_at", "ends_at", "mode", "place", "link")

# Nearest first: an activity starting within two hours gets the two-hour reminder only, never both at once.
REMINDERS = ((REMINDER_2H, timedelta(0), timedelta(hours=2)), (REMINDER_24H, timedelta(hours=2), timedelta(hours=24)))


def local_time(moment):
    """The neutral wall time every text shows: the same digits in Chinese and English."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _params(activity):
    return {
        "group": activity.group.name,
        "title": activity.title,
        "start": local_time(activity.starts_at),
        "end": local_time(activity.ends_at),
        "place": activity.place,
        "online": int(activity.mode == Activity.Mode.ONLINE),
    }


def _going(**filters):
    """RSVPs of members going who are still members of the activity's group (leaving does not cancel an RSVP)."""
    still_member = Membership.objects.filter(
        group_id=OuterRef("activity__group_id"), member_id=OuterRef("member_id"), state=Membership.State.ACTIVE
    )
    return ActivityRSVP.objects.filter(Exists(still_member), status=ActivityRSVP.Status.GOING, **filters)


def _going_ids(activity):
    return list(_going(activity=activity).values_list("member_id", flat=True))


def activity_new(activity):
    """A leader published an activity: the group's active members hear of it, except whoever created it."""
    members = Membership.objects.filter(group_id=activity.group_id, state=Membership.State.ACTIVE).values_list(
        "member_id", flat=True
    )
    notify(
        NEW,
        list(members),
        target=activity,
        url=activity.get_absolute_url(),
        actor=activity.created_by_id,
        params=_params(activity),
    )


def time_and_place(activity):
    """What a change notice compares: take it before a form touches the activity."""
    return {name: getattr(activity, name) for name in TIME_AND_PLACE}


def activity_changed(activity, before, *, actor=None):
    """Members going hear of a new time or place (only those fields), while the activity is still ahead of them.

    The key is a digest of the old and new values and the minute: a double submit tells once, moving the activity
    back and forth later tells every time."""
    after = time_and_place(activity)
    if after == before or not activity.is_scheduled or activity.ends_at < timezone.now():
        return
    change = repr((sorted(before.items()), sorted(after.items()), local_time(timezone.now())))
    digest = hashlib.sha256(change.encode()).hexdigest()[:16]
    notify(
        CHANGED,
        _going_ids(activity),
        target=activity,
        url=activity.get_absolute_url(),
        actor=actor,
        params={
            **_params(activity),
            "time_changed": int(before["starts_at"] != after["starts_at"] or before["ends_at"] != after["ends_at"]),
        },
        key=f"{activity.pk}:{digest}",
    )


def activity_cancelled(activity, *, actor=None):
    """Members going hear that the activity is off (the leader who cancelled it does not)."""
    notify(
        CANCELLED,
        _going_ids(activity),
        target=activity,
        url=activity.get_absolute_url(),
        actor=actor,
        params=_params(activity),
    )


def reminder_key(activity):
    return f"{activity.pk}:{activity.starts_at.isoformat()}"


def send_reminders(now=None):
    """Remind members going to the activities starting within 24 hours (resp. 2 hours); returns how many activities
    had someone to remind, per type.

    A fixed number of queries per type (the activities in the window, their RSVPs, the reminders already recorded
    for those members, the members who switched the type off), then one ``notify`` per activity with someone left
    to remind. A member who signed up inside the window already knows the activity is near and is not reminded.
    """
    now = now or timezone.now()
    reminded = {}
    for kind, nearest, farthest in REMINDERS:
        activities = {
            activity.pk: activity
            for activity in Activity.objects.scheduled()
            .filter(starts_at__gt=now + nearest, starts_at__lte=now + farthest)
            .select_related("group")
            .order_by("starts_at", "pk")
        }
        if not activities:
            reminded[kind] = 0
            continue
        due = {}
        for activity_id, member_id, answered in _going(activity_id__in=list(activities)).values_list(
            "activity_id", "member_id", "created_at"
        ):
            activity = activities[activity_id]
            if answered <= activity.starts_at - farthest:
                due.setdefault(activity_id, set()).add(member_id)
        members = set().union(*due.values()) if due else set()
        told = set(
            Notification.objects.filter(
                recipient_id__in=members,
                kind=kind,
                key__in=[reminder_key(activities[activity_id]) for activity_id in due],
            ).values_list("key", "recipient_id")
        )
        silenced = set(
            Preference.objects.filter(member_id__in=members, kind=kind, channel=Channel.OFF).values_list(
                "member_id", flat=True
            )
        )
        count = 0
        for activity_id, member_ids in due.items():
            activity = activities[activity_id]
            key = reminder_key(activity)
            left = sorted(member for member in member_ids - silenced if (key, member) not in told)
            if left:
                notify(kind, left, target=activity, url=activity.get_absolute_url(), params=_params(activity), key=key)
                count += 1
        reminded[kind] = count
    return reminded
