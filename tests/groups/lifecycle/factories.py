"""Activities and the records around them, for the lifecycle, activity and insights tests.

``attend()`` writes an attendance the way the service does (counters, group and start time copied, newcomer or
regular) without the check-in window or points, so metric fixtures can place attendances anywhere in time.
"""

from datetime import datetime, time, timedelta

import factory
from django.db.models import F
from django.utils import timezone
from factory.django import DjangoModelFactory

from portal.groups.models import Activity, Attendance
from portal.groups.services.activities import _settle_newcomer
from portal.points.models import DailyTally, ScopeDailyTally
from tests.groups.factories import CommunityGroupFactory


def at(day, hour=12, minute=0):
    """An aware local moment on ``day``."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def days_ago(days, hour=12):
    return at(timezone.localdate() - timedelta(days=days), hour)


class ActivityFactory(DjangoModelFactory):
    """An offline activity three days from now; pass ``starts_at`` for one in the past."""

    group = factory.SubFactory(CommunityGroupFactory)
    title = factory.Sequence(lambda n: f"周末共读{n}")
    mode = Activity.Mode.OFFLINE
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    place = "湖滨路 12 号茶馆"
    description = "带上正在读的书。"

    class Meta:
        model = Activity


def attend(activity, member, method=Attendance.Method.LIST):
    """Record ``member`` at ``activity`` with the counters in step; the newcomer flag settled as the service does."""
    row = Attendance.objects.create(
        activity=activity,
        member=member,
        group_id=activity.group_id,
        activity_starts_at=activity.starts_at,
        method=method,
        checked_in_at=activity.starts_at,
    )
    Activity.objects.filter(pk=activity.pk).update(attended_count=F("attended_count") + 1)
    _settle_newcomer(member.pk, activity.group_id)
    row.refresh_from_db()
    return row


def tally(member, day, earned, group=None):
    """Points a member earned on a local day, as the ledger's daily tallies record them; in ``group`` when given."""
    row, created = DailyTally.objects.get_or_create(member=member, date=day, defaults={"earned": earned})
    if not created:
        DailyTally.objects.filter(pk=row.pk).update(earned=F("earned") + earned)
    if group is not None:
        scoped, created = ScopeDailyTally.objects.get_or_create(
            member=member, scope_id=group.pk, date=day, defaults={"earned": earned}
        )
        if not created:
            ScopeDailyTally.objects.filter(pk=scoped.pk).update(earned=F("earned") + earned)
    return row
