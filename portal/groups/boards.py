"""Group-level boards built on the points tallies: each group's top members this month and the league of groups.

Group boards count only points earned in that group (the ledger's scope, summed per day in ``ScopeDailyTally``):
a member of four groups shows in each with what they earned there, never with their points from elsewhere. Only
current, active members count, and staff are never ranked. Both boards are single aggregate queries over the group
tallies, cached for a few minutes.

The monthly top 3 is paid only to groups that existed for the whole closed month: founded on or before its first
day and not archived before its end. Each winner's bonus is earned in that group and dated at the last second of the
closed month (local time), so it never counts toward the next month's race.
"""

from collections import defaultdict
from datetime import datetime, time, timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils import timezone

from portal.points import services as points
from portal.points.leaderboards import month_bounds
from portal.points.models import ScopeDailyTally

from .models import CommunityGroup, Membership, MonthlyGroupWinner

BOARD_SECONDS = 300


def _month_totals(start, end, group_ids=None, *, active_groups_only=True):
    """{group_id: [(member_id, total), ...]} sorted by total: points each current member earned in each group.

    One aggregate over the group tallies; the membership join matches the tally's own group, so a member of several
    groups is counted once per group, with that group's points only.
    """
    tallies = ScopeDailyTally.objects.filter(
        date__gte=start,
        date__lt=end,
        member__is_staff=False,
        member__memberships__group_id=F("scope_id"),
        member__memberships__state=Membership.State.ACTIVE,
    ).exclude(member__point_balance__excluded_from_rankings=True)
    if active_groups_only:
        tallies = tallies.filter(
            scope_id__in=CommunityGroup.objects.filter(status=CommunityGroup.Status.ACTIVE).values("pk")
        )
    if group_ids is not None:
        tallies = tallies.filter(scope_id__in=group_ids)
    rows = tallies.values_list("scope_id", "member_id").annotate(total=Sum("earned"))
    result = defaultdict(list)
    for group_id, member_id, total in rows:
        if total > 0:
            result[group_id].append((member_id, total))
    for standings in result.values():
        standings.sort(key=lambda item: (-item[1], item[0]))
    return result


def group_top_members(group, limit=5, today=None):
    """This month's top earners of one group: [(member, points)], read from a short cache with their names.

    The members are cached as small unsaved objects (pk, display name, avatar, profile visibility) so a warm page
    costs no query; each viewer's page then shows them through the display rule (portal.accounts.display).
    """
    from django.contrib.auth import get_user_model

    today = today or timezone.localdate()
    start, end = month_bounds(today.replace(day=1))
    key = f"groups:top:v2:{group.pk}:{start.isoformat()}"
    rows = cache.get(key)
    if rows is None:
        standings = _month_totals(start, end, group_ids=[group.pk]).get(group.pk, [])[:limit]
        User = get_user_model()
        found = User.objects.only("pk", "display_name", "avatar", "profile_visibility").in_bulk(
            [m for m, _t in standings]
        )
        rows = [
            (
                User(
                    pk=m,
                    display_name=found[m].display_name,
                    avatar=found[m].avatar.name,
                    profile_visibility=found[m].profile_visibility,
                ),
                total,
            )
            for m, total in standings
            if m in found
        ]
        cache.set(key, rows, BOARD_SECONDS)
    return rows


def league(limit=50, today=None):
    """Groups ranked by points their members earned in the group this month, per member (so size alone does not
    win)."""
    today = today or timezone.localdate()
    start, end = month_bounds(today.replace(day=1))
    key = f"groups:league:v2:{start.isoformat()}:{limit}"
    rows = cache.get(key)
    if rows is None:
        totals = {group_id: sum(t for _m, t in standings) for group_id, standings in _month_totals(start, end).items()}
        groups = (
            CommunityGroup.objects.active().filter(pk__in=list(totals), member_count__gt=0).select_related("topic")
        )
        scored = sorted(
            ((group, totals[group.pk], round(totals[group.pk] / group.member_count, 1)) for group in groups),
            key=lambda item: (-item[2], -item[1], item[0].pk),
        )
        rows = [
            (rank, group.pk, total, per_member) for rank, (group, total, per_member) in enumerate(scored[:limit], 1)
        ]
        cache.set(key, rows, BOARD_SECONDS)
    groups = CommunityGroup.objects.select_related("topic").in_bulk([row[1] for row in rows])
    return [(rank, groups[pk], total, per_member) for rank, pk, total, per_member in rows if pk in groups]


def _local_midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def groups_open_all_month(month_first):
    """Groups that existed for the whole month: founded on or before its first day, not archived before its end."""
    start, end = month_bounds(month_first)
    return CommunityGroup.objects.filter(founded_at__lt=_local_midnight(start + timedelta(days=1))).filter(
        Q(archived_at__gte=_local_midnight(end)) | Q(archived_at__isnull=True, status=CommunityGroup.Status.ACTIVE)
    )


def award_monthly_top3(month_first):
    """Pay each group's top three of a closed month their bonus, once; returns {group: [winners]} newly recorded.

    Only groups open for the whole month take part (``groups_open_all_month``), ranked by the points earned in that
    group that month; a member who won in two groups is paid in each for that group's points. The bonus is earned in
    the group and dated at the month's last second, so it does not count toward the next month.

    Winners are recorded per group in their own transaction; a group that already has winners for the month is
    skipped, so running the command again (or after a crash half-way) pays nobody twice.
    """
    from django.contrib.auth import get_user_model

    start, end = month_bounds(month_first)
    paid_at = _local_midnight(end) - timedelta(seconds=1)
    done = MonthlyGroupWinner.objects.filter(month=start).values("group_id")
    eligible = groups_open_all_month(start).exclude(pk__in=done)
    standings = _month_totals(start, end, eligible.values("pk"), active_groups_only=False)
    members = get_user_model().objects.in_bulk({m for rows in standings.values() for m, _t in rows[:3]})
    recorded = {}
    for group in eligible.filter(pk__in=list(standings)):
        top = [(members[m], total) for m, total in standings[group.pk][:3] if m in members]
        if not top:
            continue
        with transaction.atomic():
            winners = [
                MonthlyGroupWinner.objects.create(group=group, month=start, rank=rank, member=member, points=total)
                for rank, (member, total) in enumerate(top, start=1)
            ]
            for winner in winners:
                points.award(
                    winner.member,
                    "monthly_top3",
                    winner,
                    scope=group,
                    note=f"{group.name} {start:%Y-%m}",
                    at=paid_at,
                )
        recorded[group] = winners
    return recorded


def activities_version(group_id):
    return cache.get(f"groups:activities-version:{group_id}", 0)


def bump_activities(group_id):
    """Called when a group's activities change, so its page shows them at once."""
    key = f"groups:activities-version:{group_id}"
    if not cache.add(key, 1, None):
        cache.incr(key)


def group_activities(group, limit=5):
    """(next upcoming, most recent past) activities of a group, cached for a minute between changes."""
    from .models import Activity

    key = f"groups:activities:{group.pk}:{activities_version(group.pk)}"
    cached = cache.get(key)
    if cached is None:
        now = timezone.now()
        scheduled = Activity.objects.scheduled().filter(group=group).select_related("group")
        cached = (
            list(scheduled.filter(starts_at__gte=now).order_by("starts_at")[:limit]),
            list(scheduled.filter(starts_at__lt=now).order_by("-starts_at")[:limit]),
        )
        cache.set(key, cached, 60)
    return cached
