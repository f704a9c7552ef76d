"""The programme's numbers, each an aggregate query (or a few), never a query per group or member.

Definitions (also in the README):
- active member: took part (attended or hosted an activity, and as they arrive posted or commented) in the window
  (portal.groups.metrics.active_q); points alone never make a member active;
- members covered: people with at least one active membership;
- a group "with an activity": an active group that held a non-cancelled activity in the window;
- churned: a member who took part at some point but not in the last 60 days;
- weekly retention: of the members who signed up in a week, the share who took part in each following week.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from portal.groups.metrics import PARTICIPATION_SOURCES, active_q
from portal.groups.models import Activity, CommunityGroup, Membership, StageChange
from portal.points.models import ScopeDailyTally

CHURN_DAYS = 60


def aware(day, end_of_day=False):
    return timezone.make_aware(datetime.combine(day, time.max if end_of_day else time.min))


def week_start(day):
    return day - timedelta(days=day.weekday())


@dataclass
class Range:
    start: date
    end: date

    @property
    def start_at(self):
        return aware(self.start)

    @property
    def end_at(self):
        return aware(self.end, end_of_day=True)

    def weeks(self):
        current = week_start(self.start)
        while current <= self.end:
            yield current
            current += timedelta(days=7)


def default_range(today=None):
    today = today or timezone.localdate()
    return Range(week_start(today) - timedelta(weeks=11), today)


def stage_funnel():
    counts = dict(
        CommunityGroup.objects.active().values_list("stage").annotate(n=Count("pk")).values_list("stage", "n")
    )
    return [(value, label, counts.get(value, 0)) for value, label in CommunityGroup.Stage.choices]


def members_covered():
    return (
        Membership.objects.active()
        .filter(group__status=CommunityGroup.Status.ACTIVE, member__is_staff=False)
        .values("member_id")
        .distinct()
        .count()
    )


def groups_with_activity(end_at, days=30):
    active_groups = CommunityGroup.objects.active().count()
    with_activity = (
        Activity.objects.scheduled()
        .filter(starts_at__gte=end_at - timedelta(days=days), starts_at__lte=end_at, group__status="active")
        .values("group_id")
        .distinct()
        .count()
    )
    return with_activity, active_groups


def active_members(end_at, days):
    User = get_user_model()
    return User.objects.filter(active_q(end_at - timedelta(days=days), end_at, field="pk"), is_staff=False).count()


def new_members_per_week(span):
    User = get_user_model()
    tz = timezone.get_current_timezone()
    days = (
        User.objects.filter(date_joined__gte=span.start_at, date_joined__lte=span.end_at, is_staff=False)
        .annotate(day=TruncDate("date_joined", tzinfo=tz))
        .values_list("day")
        .annotate(n=Count("pk"))
    )
    per_week = defaultdict(int)
    for day, n in days:
        per_week[week_start(day)] += n
    return [(week, per_week.get(week, 0)) for week in span.weeks()]


def _participation_days(start_at=None, end_at=None, member_ids=None):
    """(member_id, local day) pairs of taking part, one grouped query per participation source."""
    tz = timezone.get_current_timezone()
    for source in PARTICIPATION_SOURCES:
        rows = source.rows(start_at, end_at)
        if member_ids is not None:
            rows = rows.filter(**{f"{source.member}_id__in": member_ids})
        yield from (
            rows.annotate(day=TruncDate(source.at, tzinfo=tz))
            .values_list(f"{source.member}_id", "day")
            .order_by()
            .distinct()
        )


def weekly_active_members(span):
    """Distinct members who took part, per week over the range: one grouped query per participation source."""
    weekly = defaultdict(set)
    for member_id, day in _participation_days(span.start_at, span.end_at):
        weekly[week_start(day)].add(member_id)
    return [(week, len(weekly.get(week, ()))) for week in span.weeks()]


def retention_cohorts(span, max_weeks=12):
    """[(cohort week, size, [share active in week 0, 1, ...])] for members who signed up in the range."""
    User = get_user_model()
    tz = timezone.get_current_timezone()
    joined = {
        member_id: week_start(day)
        for member_id, day in User.objects.filter(
            date_joined__gte=span.start_at, date_joined__lte=span.end_at, is_staff=False
        )
        .annotate(day=TruncDate("date_joined", tzinfo=tz))
        .values_list("pk", "day")
    }
    if not joined:
        return []
    active_weeks = defaultdict(set)
    for member_id, day in _participation_days(span.start_at, member_ids=list(joined)):
        active_weeks[member_id].add(week_start(day))
    cohorts = defaultdict(list)
    for member_id, week in joined.items():
        cohorts[week].append(member_id)
    last_week = week_start(span.end)
    rows = []
    for week in sorted(cohorts):
        members = cohorts[week]
        span_weeks = min(max_weeks, (last_week - week).days // 7 + 1)
        shares = []
        for offset in range(span_weeks):
            target = week + timedelta(weeks=offset)
            active = sum(1 for member_id in members if target in active_weeks.get(member_id, ()))
            shares.append(round(100 * active / len(members)))
        rows.append((week, len(members), shares))
    return rows


def churn(end_at):
    """(churned, ever took part, average days since they last took part) as of end_at."""
    last = {}
    for source in PARTICIPATION_SOURCES:
        for member_id, moment in (
            source.rows(end=end_at).values_list(f"{source.member}_id").annotate(last=Max(source.at)).order_by()
        ):
            day = timezone.localtime(moment).date()
            last[member_id] = max(day, last.get(member_id, day))
    cutoff = timezone.localtime(end_at).date() - timedelta(days=CHURN_DAYS)
    gone = [(cutoff - day).days + CHURN_DAYS for day in last.values() if day < cutoff]
    average = round(sum(gone) / len(gone)) if gone else 0
    return len(gone), len(last), average


def top_activities(span, limit=10):
    """[(group name, activities held, attendances)] for the active groups with the most activities in the range."""
    return list(
        Activity.objects.scheduled()
        .filter(starts_at__gte=span.start_at, starts_at__lte=span.end_at, group__status="active")
        .values_list("group__name")
        .annotate(n=Count("pk"), attended=Sum("attended_count"))
        .order_by("-n", "-attended")[:limit]
    )


def top_points(span, limit=10):
    """[(group name, points)] earned in each group (the ledger's scope), not everything its members earned anywhere."""
    totals = list(
        ScopeDailyTally.objects.filter(
            date__gte=span.start,
            date__lte=span.end,
            scope_id__in=CommunityGroup.objects.active().values("pk"),
        )
        .values_list("scope_id")
        .annotate(total=Sum("earned"))
        .order_by("-total", "scope_id")[:limit]
    )
    names = dict(CommunityGroup.objects.filter(pk__in=[pk for pk, _total in totals]).values_list("pk", "name"))
    return [(names[pk], total) for pk, total in totals]


def top_groups(span, limit=10):
    return top_activities(span, limit), top_points(span, limit)


def stage_changes(span):
    return list(
        StageChange.objects.filter(created_at__gte=span.start_at, created_at__lte=span.end_at)
        .select_related("group", "actor")
        .order_by("-created_at")[:100]
    )


def headline(end_at):
    """The figures a daily snapshot keeps."""
    with_activity, active_groups = groups_with_activity(end_at)
    churned, ever_active, average_gap = churn(end_at)
    return {
        "members": get_user_model().objects.filter(is_staff=False, is_active=True).count(),
        "members_covered": members_covered(),
        "groups": active_groups,
        "groups_with_activity_30d": with_activity,
        "active_7d": active_members(end_at, 7),
        "active_28d": active_members(end_at, 28),
        "churned": churned,
        "ever_active": ever_active,
        "churned_average_days": average_gap,
        "stages": {value: n for value, _label, n in stage_funnel()},
    }
