"""Group metrics over a rolling window, computed with a fixed number of aggregate queries for any number of groups.

"Active" is defined once, here, and used by the lifecycle, the leaders' checklist and the insights dashboard:
a member is active in a window when they attended at least one activity or earned points in it.
"""

from dataclasses import asdict, dataclass
from datetime import timedelta

from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from portal.points.models import DailyTally

from .models import Activity, Attendance, CommunityGroup, Membership

ACTIVE_DEFINITION = "attended at least one activity or earned points in the window"


@dataclass(frozen=True)
class GroupMetrics:
    members: int = 0
    active_members: int = 0
    activities: int = 0
    points: int = 0

    @property
    def active_share(self):
        """Active members as a whole percentage of members."""
        return round(100 * self.active_members / self.members) if self.members else 0

    def as_dict(self):
        return {**asdict(self), "active_share": self.active_share}


def window(now=None, days=30):
    now = now or timezone.now()
    return now - timedelta(days=days), now


def active_q(start, end, field="member_id"):
    """A filter for rows whose ``field`` is a member active between start and end (see ACTIVE_DEFINITION).

    Use ``field="pk"`` on the user model and ``field="member_id"`` on memberships.
    """
    attendees = Attendance.objects.filter(
        activity_starts_at__gte=start, activity_starts_at__lt=end, member__is_staff=False
    ).values("member_id")
    earners = DailyTally.objects.filter(
        date__gte=timezone.localtime(start).date(),
        date__lte=timezone.localtime(end).date(),
        earned__gt=0,
        member__is_staff=False,
    ).values("member_id")
    return Q(**{f"{field}__in": attendees}) | Q(**{f"{field}__in": earners})


def group_metrics(group_ids=None, *, now=None, days=30):
    """{group_id: GroupMetrics} for active groups (or the given ones), in four aggregate queries."""
    start, end = window(now, days)
    groups = CommunityGroup.objects.active()
    if group_ids is not None:
        groups = groups.filter(pk__in=group_ids)
    members = dict(groups.values_list("pk", "member_count"))
    ids = list(members) if group_ids is None else list(group_ids)

    activities = dict(
        Activity.objects.scheduled()
        .filter(group_id__in=ids, starts_at__gte=start, starts_at__lt=end)
        .values_list("group_id")
        .annotate(n=Count("pk"))
    )
    active = dict(
        Membership.objects.active()
        .filter(active_q(start, end), group_id__in=ids)
        .values_list("group_id")
        .annotate(n=Count("member_id", distinct=True))
    )
    points = dict(
        DailyTally.objects.filter(
            date__gte=timezone.localtime(start).date(),
            date__lte=timezone.localtime(end).date(),
            member__memberships__state=Membership.State.ACTIVE,
            member__memberships__group_id__in=ids,
        )
        .values_list("member__memberships__group_id")
        .annotate(total=Sum("earned"))
    )
    return {
        group_id: GroupMetrics(
            members=count,
            active_members=active.get(group_id, 0),
            activities=activities.get(group_id, 0),
            points=max(0, points.get(group_id, 0) or 0),
        )
        for group_id, count in members.items()
    }


def last_activity_times(group_ids=None, *, now=None):
    """{group_id: start of the latest activity held (not cancelled, already started)}."""
    activities = Activity.objects.scheduled().filter(starts_at__lte=now or timezone.now())
    if group_ids is not None:
        activities = activities.filter(group_id__in=group_ids)
    return dict(activities.values_list("group_id").annotate(last=Max("starts_at")))
