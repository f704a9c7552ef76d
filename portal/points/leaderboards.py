"""Leaderboards: site-wide standings per period, "my rank", and the monthly archive of winners.

Each period's standings are one aggregate (daily tallies for a dated period, cached balances for all time), kept for a
few minutes as one snapshot with the moment it was taken: the top of the board, every ranked member's points and the
sorted totals. The table and any member's "my rank" are both read from that one snapshot, so a member inside the top
sees exactly their table row, and one outside is ranked against the same totals, never against newer points of their
own. Staff and excluded accounts are never ranked. Ranks are competition ranks: equal points share a rank (1, 2, 2, 4).
"""

import bisect
from array import array
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from .models import DailyTally, LeaderboardArchive, PointBalance
from .services import period_start

PERIODS = ("7d", "30d", "month", "all")
STANDINGS_SECONDS = 300
TOP_KEPT = 200  # rows of the top kept in a snapshot: more than any board shows


@dataclass
class Row:
    rank: int
    member: object
    points: int


@dataclass(frozen=True)
class Standings:
    """One period's ranking at one moment: compact arrays, so a million members cost a few megabytes in the cache."""

    taken_at: datetime
    top: list  # [(member_id, points)] best first, at most TOP_KEPT
    member_ids: array  # every ranked member's id, ascending
    member_points: array  # their points, aligned with member_ids
    ascending: array  # every ranked total, ascending

    def points_of(self, member_id):
        """The member's points in this snapshot, or None when they are not ranked in it."""
        index = bisect.bisect_left(self.member_ids, member_id)
        if index < len(self.member_ids) and self.member_ids[index] == member_id:
            return self.member_points[index]
        return None

    def rank_of(self, points):
        """Competition rank of ``points``: one more than how many totals are strictly higher."""
        return len(self.ascending) - bisect.bisect_right(self.ascending, points) + 1


@dataclass(frozen=True)
class Board:
    """What a leaderboard page shows, all from one snapshot: the rows, the viewer's rank and points, and when."""

    rows: list
    my_rank: int | None
    my_points: int
    taken_at: datetime


def _ranked_members():
    """Members who may appear on a board: not staff, not excluded."""
    return Q(member__is_staff=False, member__is_active=True) & ~Q(member__point_balance__excluded_from_rankings=True)


def _totals(period, today):
    """(member_id, points) of every ranked member with points in the period, best first, in one query."""
    if period == "all":
        return (
            PointBalance.objects.filter(
                member__is_staff=False, member__is_active=True, excluded_from_rankings=False, lifetime_earned__gt=0
            )
            .values_list("member_id", "lifetime_earned")
            .order_by("-lifetime_earned", "member_id")
        )
    return (
        DailyTally.objects.filter(_ranked_members(), date__gte=period_start(period, today), date__lte=today)
        .values_list("member_id")
        .annotate(total=Sum("earned"))
        .filter(total__gt=0)
        .order_by("-total", "member_id")
    )


# This process's copy of the latest snapshot of each period. The shared cache then answers only which snapshot is
# current (a small stamp, one read per page); the arrays, megabytes at a million members, cross the network once per
# snapshot and process instead of on every page.
_copies = {}


def standings(period, today=None):
    """The period's snapshot, taken now or read from the cache (kept ``STANDINGS_SECONDS``)."""
    today = today or timezone.localdate()
    start = period_start(period, today)
    key = f"points:standings:v2:{period}:{start.isoformat() if start else 'all'}:{today.isoformat()}"
    stamp = cache.get(f"{key}:taken_at")
    copy = _copies.get(period)
    if stamp is not None and copy is not None and copy[0] == key and copy[1].taken_at == stamp:
        return copy[1]
    snapshot = cache.get(key) if stamp is not None else None
    if snapshot is None:
        snapshot = _take(period, today)
        cache.set_many({key: snapshot, f"{key}:taken_at": snapshot.taken_at}, STANDINGS_SECONDS)
    _copies[period] = (key, snapshot)
    return snapshot


def _take(period, today):
    rows = list(_totals(period, today))
    by_member = sorted(rows)
    return Standings(
        taken_at=timezone.now(),
        top=rows[:TOP_KEPT],
        member_ids=array("q", (member_id for member_id, _total in by_member)),
        member_points=array("i", (total for _member_id, total in by_member)),
        ascending=array("i", sorted(total for _member_id, total in rows)),
    )


def _rows(snapshot, limit):
    top = snapshot.top[:limit]
    members = get_user_model().objects.in_bulk([member_id for member_id, _total in top])
    rows, previous, rank = [], None, 0
    for position, (member_id, total) in enumerate(top, start=1):
        if total != previous:
            rank, previous = position, total
        if member_id in members:
            rows.append(Row(rank, members[member_id], total))
    return rows


def _standing_in(snapshot, member):
    if member.is_staff:
        return None, 0
    points = snapshot.points_of(member.pk)
    if points is None:
        return None, 0
    return snapshot.rank_of(points), points


def board(period, limit=50, today=None):
    return _rows(standings(period, today), limit)


def my_standing(member, period, today=None):
    """(rank or None, points) of one member on a board, even far outside the top, as of the board's snapshot."""
    return _standing_in(standings(period, today), member)


def leaderboard(member, period, limit=50, today=None):
    """The table and the member's own standing, read from the same snapshot."""
    snapshot = standings(period, today)
    rank, points = _standing_in(snapshot, member)
    return Board(_rows(snapshot, limit), rank, points, snapshot.taken_at)


def month_bounds(month_first):
    if month_first.month == 12:
        following = month_first.replace(year=month_first.year + 1, month=1)
    else:
        following = month_first.replace(month=month_first.month + 1)
    return month_first, following


def archive_month(month_first, size=50):
    """Keep a closed month's top earners; running it again for the same month changes nothing."""
    start, following = month_bounds(month_first)
    with transaction.atomic():
        if LeaderboardArchive.objects.filter(month=start).exists():
            return 0
        totals = (
            DailyTally.objects.filter(_ranked_members(), date__gte=start, date__lt=following)
            .values_list("member_id")
            .annotate(total=Sum("earned"))
            .filter(total__gt=0)
            .order_by("-total", "member_id")[:size]
        )
        LeaderboardArchive.objects.bulk_create(
            [
                LeaderboardArchive(month=start, rank=position, member_id=member_id, points=total)
                for position, (member_id, total) in enumerate(totals, start=1)
            ]
        )
    return LeaderboardArchive.objects.filter(month=start).count()
