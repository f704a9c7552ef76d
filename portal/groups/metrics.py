"""Group metrics over a rolling window, computed with a fixed number of aggregate queries for any number of groups.

"Took part" is defined once, here, and used by the lifecycle, the leaders' checklist and the insights dashboard:
a member took part in a group at a moment when they attended one of its activities or hosted one, or when an app
above groups says so through ``register_participation_source`` (the board: posted, commented, checked in). Passive
awards (sign-up, profile, founding, staff adjustments, bonuses) never count,
so points are not a sign of taking part. "Active in a group" in a window means took part in that group in it;
site-wide "active" means took part in any group.
"""

from dataclasses import asdict, dataclass
from datetime import timedelta

from django.apps import apps
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Sum
from django.utils import timezone

from portal.points.models import ScopeDailyTally

from .models import Activity, CommunityGroup, Membership


@dataclass(frozen=True)
class ParticipationSource:
    """One kind of row that shows a member taking part in a group at a moment.

    ``member`` and ``group`` name foreign keys on ``model``, or reach one through relations (``"post__group"`` for a
    comment, whose group is its post's); ``at`` names the moment it counts for; ``only`` keeps the rows that count (a
    cancelled activity was never hosted).
    """

    name: str
    model: str
    member: str
    group: str
    at: str
    only: Q = Q()

    def rows(self, start=None, end=None):
        """The counting rows, by non-staff members, whose moment is in [start, end)."""
        bounds = {}
        if start is not None:
            bounds[f"{self.at}__gte"] = start
        if end is not None:
            bounds[f"{self.at}__lt"] = end
        return apps.get_model(self.model)._default_manager.filter(
            self.only, **bounds, **{f"{self.member}__is_staff": False}
        )

    def values(self, start=None, end=None):
        """(member_id, group_id, at) rows, for grouping in SQL."""
        return self.rows(start, end).values_list(f"{self.member}_id", f"{self.group}_id", self.at)


# A list, not a tuple: modules that imported the name see the sources apps above register later (at ready()).
PARTICIPATION_SOURCES = [
    ParticipationSource("attended", "groups.Attendance", member="member", group="group", at="activity_starts_at"),
    ParticipationSource(
        "hosted",
        "groups.Activity",
        member="created_by",
        group="group",
        at="starts_at",
        only=Q(status=Activity.Status.SCHEDULED),
    ),
]


def register_participation_source(source):
    """Add a kind of taking part from an app above groups (called from its ``AppConfig.ready()``); groups imports
    none of them. Registering a source with the same name again replaces it, so a second ready() adds nothing."""
    for position, existing in enumerate(PARTICIPATION_SOURCES):
        if existing.name == source.name:
            PARTICIPATION_SOURCES[position] = source
            return source
    PARTICIPATION_SOURCES.append(source)
    return source


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


def took_part_q(start, end, field="member_id", group_field=None):
    """A filter for rows whose ``field`` is a member who took part between start and end.

    With ``group_field`` (``"group_id"`` on memberships) it counts only taking part in that row's group. Use
    ``field="pk"`` on the user model and ``field="member_id"`` on memberships. One EXISTS per source.
    """
    condition = Q()
    for source in PARTICIPATION_SOURCES:
        match = {f"{source.member}_id": OuterRef(field)}
        if group_field is not None:
            match[f"{source.group}_id"] = OuterRef(group_field)
        condition |= Exists(source.rows(start, end).filter(**match))
    return condition


def active_q(start, end, field="member_id"):
    """Site-wide "active": took part in any group between start and end."""
    return took_part_q(start, end, field=field)


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
        .filter(took_part_q(start, end, group_field="group_id"), group_id__in=ids)
        .values_list("group_id")
        .annotate(n=Count("member_id", distinct=True))
    )
    # Points earned in the group (the ledger's scope) by its current members; points earned elsewhere never count.
    points = dict(
        ScopeDailyTally.objects.filter(
            scope_id__in=ids,
            date__gte=timezone.localtime(start).date(),
            date__lte=timezone.localtime(end).date(),
            member__memberships__group_id=F("scope_id"),
            member__memberships__state=Membership.State.ACTIVE,
        )
        .values_list("scope_id")
        .annotate(total=Sum("earned"))
        .order_by()
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
