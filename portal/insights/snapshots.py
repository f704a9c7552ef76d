"""The dashboard's series from the daily snapshots: GROUP BY queries on ParticipationDay, no member rows in Python.

ParticipationDay holds who took part on which local day, for every day up to the latest snapshot (``covered_until``).
Days after it (usually just today) are read live from the participation sources, in the same query, so the figures
mean exactly what metrics.py computes from the live data (its functions remain the reference the tests compare
with). Every series is one query, whatever the number of members, groups or days.

``rebuild`` is the snapshot command's half: it rewrites the rows of a run of days with one INSERT ... SELECT.
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Count, F, Max, Min
from django.db.models.functions import TruncDate
from django.utils import timezone

from portal.groups.metrics import PARTICIPATION_SOURCES

from .metrics import CHURN_DAYS, aware, week_start
from .models import DailySnapshot, ParticipationDay

# Each run rebuilds this many days up to the snapshot's own, so attendance recorded a few days late still counts.
SETTLE_DAYS = 14


def covered_until():
    """The last day whose participation is in ParticipationDay (every earlier day is too), or None."""
    return DailySnapshot.objects.filter(active_members__isnull=False).aggregate(last=Max("date"))["last"]


def _sql(queryset):
    return queryset.query.get_compiler(using=queryset.db).as_sql()


def _live_parts(first=None, last=None):
    """(member, local day) querysets of taking part on days first..last (None: unbounded), one per source."""
    tz = timezone.get_current_timezone()
    start = aware(first) if first is not None else None
    end = aware(last + timedelta(days=1)) if last is not None else None
    return [
        source.rows(start, end)
        .annotate(who=F(f"{source.member}_id"), day=TruncDate(source.at, tzinfo=tz))
        .values_list("who", "day")
        .order_by()
        for source in PARTICIPATION_SOURCES
    ]


def participation(first=None, last=None, until=...):
    """SQL and params of a relation (who, day), duplicates allowed: members who took part on days first..last.

    Days up to ``until`` (default: covered_until()) come from ParticipationDay, later ones from the live sources.
    Members who are staff now are left out, as metrics.py leaves them out.
    """
    if until is ...:
        until = covered_until()
    parts = []
    if until is not None and (first is None or first <= until):
        rolled = ParticipationDay.objects.filter(date__lte=until if last is None else min(until, last))
        if first is not None:
            rolled = rolled.filter(date__gte=first)
        parts.append(
            rolled.filter(member__is_staff=False)
            .annotate(who=F("member_id"), day=F("date"))
            .values_list("who", "day")
            .order_by()
        )
    live_from = first if until is None else max(first or until, until + timedelta(days=1))
    if last is None or live_from is None or live_from <= last:
        parts.extend(_live_parts(live_from, last))
    sqls, params = [], []
    for part in parts:
        sql, part_params = _sql(part)
        sqls.append(f"SELECT * FROM ({sql}) AS part{len(sqls)}")  # noqa: S608 - SQL compiled by the ORM
        params.extend(part_params)
    return " UNION ALL ".join(sqls), params


def _week(column):
    """SQL for the Monday of the week of a date column."""
    if connection.vendor == "postgresql":
        return f"({column} - (EXTRACT(ISODOW FROM {column})::int - 1))"
    return f"date({column}, '-' || ((CAST(strftime('%%w', {column}) AS INTEGER) + 6) %% 7) || ' days')"


def _date(value):
    """A day read back from raw SQL: a date on PostgreSQL, text on SQLite."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _rows(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def active_members(end, days, until=...):
    """Members who took part in the ``days`` days ending with ``end`` (a local date): metrics.active_members."""
    sql, params = participation(end - timedelta(days=days - 1), end, until)
    return _rows(f"SELECT COUNT(DISTINCT who) FROM ({sql}) AS taking_part", params)[0][0]  # noqa: S608 - ORM SQL


def weekly_active_members(span, until=...):
    """[(week, distinct members who took part in the part of that week inside the range)]: one query."""
    sql, params = participation(span.start, span.end, until)
    counts = {
        _date(week): n
        for week, n in _rows(
            f"SELECT {_week('day')} AS week, COUNT(DISTINCT who) FROM ({sql}) AS taking_part GROUP BY 1",  # noqa: S608
            params,
        )
    }
    return [(week, counts.get(week, 0)) for week in span.weeks()]


def _joined(span):
    """Non-staff members who signed up in the range, with their local sign-up day."""
    return (
        get_user_model()
        .objects.filter(date_joined__gte=span.start_at, date_joined__lte=span.end_at, is_staff=False)
        .annotate(who=F("pk"), day=TruncDate("date_joined", tzinfo=timezone.get_current_timezone()))
        .order_by()
    )


def retention_cohorts(span, max_weeks=12, until=...):
    """metrics.retention_cohorts from two grouped queries: cohort sizes, then active members per cohort and week."""
    sizes = {}
    for day, n in _joined(span).values_list("day").annotate(n=Count("pk")).values_list("day", "n"):
        sizes[week_start(_date(day))] = sizes.get(week_start(_date(day)), 0) + n
    if not sizes:
        return []
    last_week = week_start(span.end)
    # Like the live figure, count taking part up to the end of the range's last week, not just its last day.
    sql, params = participation(span.start, last_week + timedelta(days=6), until)
    joined_sql, joined_params = _sql(_joined(span).values_list("who", "day"))
    active = {
        (_date(cohort), _date(week)): n
        for cohort, week, n in _rows(
            f"SELECT {_week('joined.day')}, {_week('taking_part.day')}, COUNT(DISTINCT taking_part.who) "  # noqa: S608
            f"FROM ({sql}) AS taking_part INNER JOIN ({joined_sql}) AS joined ON joined.who = taking_part.who "
            "GROUP BY 1, 2",
            params + list(joined_params),
        )
    }
    rows = []
    for week in sorted(sizes):
        size = sizes[week]
        span_weeks = min(max_weeks, (last_week - week).days // 7 + 1)
        shares = [
            round(100 * active.get((week, week + timedelta(weeks=offset)), 0) / size) for offset in range(span_weeks)
        ]
        rows.append((week, size, shares))
    return rows


def churn(end, until=...):
    """metrics.churn as of the end of ``end`` (a local date): members counted per last day of taking part."""
    sql, params = participation(None, end, until)
    per_last_day = _rows(
        f"SELECT last_day, COUNT(*) FROM (SELECT who, MAX(day) AS last_day FROM ({sql}) AS taking_part "  # noqa: S608
        "GROUP BY who) AS members GROUP BY last_day",
        params,
    )
    cutoff = end - timedelta(days=CHURN_DAYS)
    gone = total = ever = 0
    for day, n in per_last_day:
        ever += n
        day = _date(day)
        if day < cutoff:
            gone += n
            total += n * ((cutoff - day).days + CHURN_DAYS)
    return gone, ever, round(total / gone) if gone else 0


# --- Writing ---------------------------------------------------------------------------------------------------------


def first_day():
    """The first local day anyone took part, or None."""
    firsts = [source.rows().aggregate(first=Min(source.at))["first"] for source in PARTICIPATION_SOURCES]
    firsts = [timezone.localtime(moment).date() for moment in firsts if moment is not None]
    return min(firsts) if firsts else None


def rebuild(first, last):
    """Rewrite ParticipationDay for days first..last from the live sources: one DELETE and one INSERT ... SELECT."""
    table = ParticipationDay._meta.db_table
    sql, params = participation(first, last, until=None)
    with transaction.atomic(), connection.cursor() as cursor:
        # One statement: QuerySet.delete() would fetch the rows in batches, since site-wide delete signals exist.
        cursor.execute(f"DELETE FROM {table} WHERE date >= %s AND date <= %s", [first, last])  # noqa: S608 - model table
        cursor.execute(
            f"INSERT INTO {table} (member_id, date) SELECT DISTINCT who, day FROM ({sql}) AS taking_part",  # noqa: S608
            params,
        )
        return cursor.rowcount


def headline(day):
    """metrics.headline for the end of ``day``, with the participation figures read from ParticipationDay.

    Call it once the day is covered (after ``rebuild``); the other figures are single aggregate queries already.
    """
    from . import metrics

    end_at = aware(day, end_of_day=True)
    with_activity, active_groups = metrics.groups_with_activity(end_at)
    churned, ever_active, average_gap = churn(day)
    return {
        "members": get_user_model().objects.filter(is_staff=False, is_active=True).count(),
        "members_covered": metrics.members_covered(),
        "groups": active_groups,
        "groups_with_activity_30d": with_activity,
        "active_7d": active_members(day, 7),
        "active_28d": active_members(day, 28),
        "churned": churned,
        "ever_active": ever_active,
        "churned_average_days": average_gap,
        "stages": {value: n for value, _label, n in metrics.stage_funnel()},
    }


def day_counts(day):
    """The snapshot's own counts for ``day``: signed up that day, took part that day, took part that week so far."""
    User = get_user_model()
    taking_part = ParticipationDay.objects.filter(member__is_staff=False)
    return {
        "new_members": User.objects.filter(
            is_staff=False, date_joined__gte=aware(day), date_joined__lt=aware(day + timedelta(days=1))
        ).count(),
        "active_members": taking_part.filter(date=day).count(),
        "active_week": taking_part.filter(date__gte=week_start(day), date__lte=day)
        .values("member_id")
        .distinct()
        .count(),
    }
