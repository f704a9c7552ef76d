"""Leaderboards: site-wide standings per period, "my rank", and the monthly archive of winners.

Period standings are one aggregate over the daily tallies, cached for a few minutes as a compact array of totals so
that the top of the board and any member's rank are read without touching the ledger. Staff and excluded accounts
are never ranked. Ranks are competition ranks: equal points share a rank (1, 2, 2, 4).
"""

import bisect
from array import array
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from .models import DailyTally, LeaderboardArchive, PointBalance
from .services import period_start

PERIODS = ("7d", "30d", "month", "all")
STANDINGS_SECONDS = 300


@dataclass
class Row:
    rank: int
    member: object
    points: int


def _ranked_members():
    """Members who may appear on a board: not staff, not excluded."""
    return Q(member__is_staff=False, member__is_active=True) & ~Q(member__point_balance__excluded_from_rankings=True)


def _standings(period, today=None):
    """(top [(member_id, total)...], ascending totals array) for a dated period, cached briefly."""
    today = today or timezone.localdate()
    start = period_start(period, today)
    key = f"points:standings:{period}:{start.isoformat()}:{today.isoformat()}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    totals = (
        DailyTally.objects.filter(_ranked_members(), date__gte=start, date__lte=today)
        .values_list("member_id")
        .annotate(total=Sum("earned"))
        .filter(total__gt=0)
        .order_by("-total", "member_id")
    )
    rows = list(totals)
    result = (rows[:200], array("i", sorted(total for _member, total in rows)))
    cache.set(key, result, STANDINGS_SECONDS)
    return result


def _rank_in(ascending, points):
    """Competition rank of ``points`` among the totals: one more than how many are strictly higher."""
    return len(ascending) - bisect.bisect_right(ascending, points) + 1


def board(period, limit=50, today=None):
    User = get_user_model()
    if period == "all":
        balances = (
            PointBalance.objects.filter(
                member__is_staff=False, member__is_active=True, excluded_from_rankings=False, lifetime_earned__gt=0
            )
            .select_related("member")
            .order_by("-lifetime_earned", "member_id")[:limit]
        )
        rows, previous, rank = [], None, 0
        for position, balance in enumerate(balances, start=1):
            if balance.lifetime_earned != previous:
                rank, previous = position, balance.lifetime_earned
            rows.append(Row(rank, balance.member, balance.lifetime_earned))
        return rows
    top, _ascending = _standings(period, today)
    top = top[:limit]
    members = User.objects.in_bulk([member_id for member_id, _total in top])
    rows, previous, rank = [], None, 0
    for position, (member_id, total) in enumerate(top, start=1):
        if total != previous:
            rank, previous = position, total
        if member_id in members:
            rows.append(Row(rank, members[member_id], total))
    return rows


def my_standing(member, period, today=None):
    """(rank or None, points) of one member on a board, even far outside the top."""
    if member.is_staff:
        return None, 0
    balance = PointBalance.objects.filter(member=member).first()
    if balance is not None and balance.excluded_from_rankings:
        return None, 0
    if period == "all":
        points = balance.lifetime_earned if balance else 0
        if points <= 0:
            return None, 0
        higher = PointBalance.objects.filter(
            member__is_staff=False, member__is_active=True, excluded_from_rankings=False, lifetime_earned__gt=points
        ).count()
        return higher + 1, points
    today = today or timezone.localdate()
    points = (
        DailyTally.objects.filter(member=member, date__gte=period_start(period, today), date__lte=today).aggregate(
            total=Sum("earned")
        )["total"]
        or 0
    )
    if points <= 0:
        return None, points
    _top, ascending = _standings(period, today)
    return _rank_in(ascending, points), points


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
