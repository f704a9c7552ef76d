"""Leaderboards: site-wide standings per period, "my rank", and the monthly archive of winners.

The standings live in a table (``PeriodStanding``): ``refresh()`` rewrites a period's rows, ranks included, from one
aggregate over the daily tallies (the cached balances for all time), and ``manage.py refresh_standings`` (or the task
``refresh_standings_task``) runs it for every period under the job lock, every few minutes from cron; the first run
after midnight moves the rolling windows, the first after the 1st starts the new month. Between refreshes each entry
that counts toward lifetime points adds its amount to its member's rows (``services._add_to_standings``, in the
entry's transaction), so a member's own points are always current; ranks are those of the last refresh. A request
reads the top of the board and "my rank" by index, (period, rank) and (period, member): no request aggregates the
ledger or the tallies.

A board whose table has never been filled (a fresh install before the first refresh), or one asked for another day
than the table was computed for (``today=``), is computed live from the aggregate instead, without writing anything.

Staff and excluded accounts are never ranked. Ranks are competition ranks: equal points share a rank (1, 2, 2, 4), and
equal points are listed by member id.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import F, OuterRef, Q, Subquery, Sum, Window
from django.db.models.functions import Rank
from django.utils import timezone

from .models import DailyTally, LeaderboardArchive, PeriodStanding, PointBalance, StandingsRefresh
from .services import BOARD_PERIODS, period_start

PERIODS = BOARD_PERIODS
LOCK_NAME = "points.refresh_standings"


@dataclass
class Row:
    rank: int
    member: object
    points: int


@dataclass(frozen=True)
class Board:
    """What a leaderboard page shows: the rows, the viewer's rank and points, and when the ranks were computed."""

    rows: list
    my_rank: int | None
    my_points: int
    taken_at: datetime


def _ranked_members():
    """Members who may appear on a board: not staff, not excluded."""
    return Q(member__is_staff=False, member__is_active=True) & ~Q(member__point_balance__excluded_from_rankings=True)


def _totals(period, today):
    """Every ranked member with points in the period, with ``total`` (and ``rnk`` once ranked): one aggregate query."""
    if period == "all":
        return (
            PointBalance.objects.filter(
                member__is_staff=False, member__is_active=True, excluded_from_rankings=False, lifetime_earned__gt=0
            )
            .values("member_id")
            .annotate(total=F("lifetime_earned"))
        )
    return (
        DailyTally.objects.filter(_ranked_members(), date__gte=period_start(period, today), date__lte=today)
        .values("member_id")
        .annotate(total=Sum("earned"))
        .filter(total__gt=0)
    )


# --- Refreshing the table -------------------------------------------------------------------------------------------


def refresh(period, today=None):
    """Rewrite one period's standings from the aggregate, ranks computed by the database; returns how many ranked.

    Run it under the job lock (``refresh_all`` in the command and the task): two refreshes of one period must not
    interleave. Awards that commit meanwhile add to the new rows once the refresh commits, so none is counted twice.
    """
    today = today or timezone.localdate()
    ranked = _totals(period, today).annotate(rnk=Window(Rank(), order_by=F("total").desc()))
    sql, params = ranked.query.sql_with_params()
    table = PeriodStanding._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        # Raw SQL: a model delete() would load every row into Python whenever a delete signal has a receiver.
        cursor.execute(f"DELETE FROM {table} WHERE period = %s", [period])  # noqa: S608 - the model's table
        # "WHERE 1 = 1": SQLite needs a WHERE before ON CONFLICT in an INSERT ... SELECT.
        cursor.execute(
            f"INSERT INTO {table} (period, member_id, points, rank) "  # noqa: S608 - table name from the model
            f"SELECT %s, ranked.member_id, ranked.total, ranked.rnk FROM ({sql}) ranked WHERE 1 = 1 "
            "ON CONFLICT (period, member_id) DO UPDATE SET points = excluded.points, rank = excluded.rank",
            [period, *params],
        )
        count = cursor.rowcount
        StandingsRefresh.objects.update_or_create(
            period=period, defaults={"day": today, "taken_at": timezone.now(), "ranked": count}
        )
    return count


def refresh_all(today=None):
    """Every period's standings; {period: ranked members}. The caller holds the job lock ``LOCK_NAME``."""
    return {period: refresh(period, today) for period in PERIODS}


# --- Reading --------------------------------------------------------------------------------------------------------


def _refreshed(period, today, member=None):
    """The period's last refresh when the table may answer for ``today`` (None: compute live), with the member's own
    rank and points from the table (``my_rank``, ``my_points``) in the same query: two index lookups."""
    states = StandingsRefresh.objects.filter(period=period)
    if member is not None:
        mine = PeriodStanding.objects.filter(period=OuterRef("period"), member=member)
        states = states.annotate(
            my_rank=Subquery(mine.values("rank")[:1]), my_points=Subquery(mine.values("points")[:1])
        )
    state = states.first()
    if state is None or (today is not None and today != state.day):
        return None
    return state


def _live(period, today):
    """[(member_id, points, rank)] best first, from the aggregate: a board whose table cannot answer."""
    totals = _totals(period, today or timezone.localdate()).order_by("-total", "member_id")
    result, previous, rank = [], None, 0
    for position, row in enumerate(totals.values_list("member_id", "total"), start=1):
        member_id, total = row
        if total != previous:
            rank, previous = position, total
        result.append((member_id, total, rank))
    return result


def _members(ids):
    return get_user_model().objects.in_bulk(ids)


def _table_rows(period, limit):
    standings = (
        PeriodStanding.objects.filter(period=period, rank__isnull=False)
        .select_related("member")
        .order_by("rank", "member_id")[:limit]
    )
    return [Row(standing.rank, standing.member, standing.points) for standing in standings]


def _live_rows(live, limit):
    top = live[:limit]
    members = _members([member_id for member_id, _points, _rank in top])
    return [Row(rank, members[member_id], points) for member_id, points, rank in top if member_id in members]


def _live_standing(live, member):
    for member_id, points, rank in live:
        if member_id == member.pk:
            return rank, points
    return None, 0


def board(period, limit=50, today=None):
    if _refreshed(period, today):
        return _table_rows(period, limit)
    return _live_rows(_live(period, today), limit)


def my_standing(member, period, today=None):
    """(rank or None, points) of one member on a board, even far outside the top: one index lookup."""
    if member.is_staff:
        return None, 0
    state = _refreshed(period, today, member)
    if state is not None:
        return state.my_rank, state.my_points or 0
    return _live_standing(_live(period, today), member)


def leaderboard(member, period, limit=50, today=None):
    """The table and the member's own standing; from the table, the member's row and figure always agree."""
    state = _refreshed(period, today, member)
    if state is None:
        live = _live(period, today)
        rows = _live_rows(live, limit)
        rank, points = (None, 0) if member.is_staff else _live_standing(live, member)
        return Board(rows, rank, points, timezone.now())
    rank, points = (None, 0) if member.is_staff else (state.my_rank, state.my_points or 0)
    return Board(_table_rows(period, limit), rank, points, state.taken_at)


# --- Monthly archive ------------------------------------------------------------------------------------------------


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
