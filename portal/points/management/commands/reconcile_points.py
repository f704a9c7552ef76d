"""Recompute every cached points figure from the ledger, report drift and, with --fix, repair it.

The caches: each member's balance and lifetime points, their daily tallies, and their daily tallies per group
(scope) that the group boards read.
"""

from datetime import date

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from portal.points.models import DailyTally, PointBalance, PointEntry, ScopeDailyTally


class Command(BaseCommand):
    help = "Prove balance == SUM(ledger) for every member (and the daily and group tallies); --fix repairs any drift."

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="Rewrite drifted caches from the ledger.")

    def handle(self, *args, fix=False, **options):
        with transaction.atomic():
            drift = find_drift()
            if fix and (drift["balances"] or drift["tallies"] or drift["scope_tallies"]):
                repair(drift)
        balances, tallies, scoped = len(drift["balances"]), len(drift["tallies"]), len(drift["scope_tallies"])
        for member_id, (cached, expected) in list(drift["balances"].items())[:20]:
            self.stdout.write(f"member {member_id}: cached {cached}, ledger says {expected}")
        for (member_id, day), (cached, expected) in list(drift["tallies"].items())[:20]:
            self.stdout.write(f"member {member_id} on {day}: tally {cached}, ledger says {expected}")
        for (member_id, scope_id, day), (cached, expected) in list(drift["scope_tallies"].items())[:20]:
            self.stdout.write(
                f"member {member_id} in group {scope_id} on {day}: tally {cached}, ledger says {expected}"
            )
        summary = (
            f"Checked {drift['members']} members: {balances} balances and {tallies} daily tallies drifted; "
            f"{scoped} group tallies drifted."
        )
        if balances or tallies or scoped:
            self.stdout.write(self.style.WARNING(summary + (" Repaired." if fix else " Run with --fix to repair.")))
            if not fix:
                # A non-zero status lets cron or a monitor raise the alarm.
                raise SystemExit(1)
        else:
            self.stdout.write(self.style.SUCCESS(summary))


def _compare(expected, cached_table, keys, figures, cached_figures):
    """Rows where the ledger's ``expected`` aggregate and a cache table disagree, found by the database in one query.

    ``expected`` is a queryset grouped by ``keys`` with the ``figures`` annotated; the cache table has the same keys
    and the figures as ``cached_figures``. A FULL OUTER JOIN keeps rows missing on either side (a missing figure counts
    as 0). Returns ([(key, cached figures, expected figures)], how many keys either side has).
    """
    sql, params = expected.order_by().query.sql_with_params()
    join = " AND ".join(f"c.{key} = e.{key}" for key in keys)
    key_columns = ", ".join(f"COALESCE(e.{key}, c.{key})" for key in keys)
    differs = " OR ".join(
        f"COALESCE(e.{want}, 0) <> COALESCE(c.{have}, 0)" for want, have in zip(figures, cached_figures, strict=True)
    )
    have = ", ".join(f"COALESCE(c.{column}, 0)" for column in cached_figures)
    want = ", ".join(f"COALESCE(e.{column}, 0)" for column in figures)
    # The first row always comes back, drifted or not, to carry the count of keys.
    query = (
        f"SELECT * FROM (SELECT {key_columns}, {have}, {want}, ({differs}) AS drifted, "  # noqa: S608 - no user input
        f"COUNT(*) OVER () AS checked, ROW_NUMBER() OVER () AS position "
        f"FROM ({sql}) e FULL OUTER JOIN {cached_table} c ON {join}) compared WHERE drifted OR position = 1"
    )
    width = len(keys)
    rows, checked = [], 0
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        for row in cursor.fetchall():
            checked = row[-2]
            if row[-3]:
                figures_count = len(figures)
                have_values = row[width : width + figures_count]
                want_values = row[width + figures_count : width + 2 * figures_count]
                rows.append((tuple(row[:width]), tuple(have_values), tuple(want_values)))
    return rows, checked


def _as_date(value):
    return date.fromisoformat(value[:10]) if isinstance(value, str) else value


def find_drift():
    """Compare every cache with the ledger in three set-based queries, one per cache; only drifted rows come back."""
    balances_expected = PointEntry.objects.values("member_id").annotate(
        balance=Sum("amount"), lifetime=Coalesce(Sum("amount", filter=Q(counts_toward_lifetime=True)), 0)
    )
    drifted, members = _compare(
        balances_expected,
        PointBalance._meta.db_table,
        ["member_id"],
        ["balance", "lifetime"],
        ["balance", "lifetime_earned"],
    )
    balances = {key[0]: (have, want) for key, have, want in drifted}

    tz = timezone.get_current_timezone()
    tallies_expected = (
        PointEntry.objects.filter(counts_toward_lifetime=True)
        .annotate(date=TruncDate("created_at", tzinfo=tz))
        .values("member_id", "date")
        .annotate(earned=Sum("amount"))
    )
    drifted, _count = _compare(
        tallies_expected, DailyTally._meta.db_table, ["member_id", "date"], ["earned"], ["earned"]
    )
    tallies = {(member_id, _as_date(day)): (have[0], want[0]) for (member_id, day), have, want in drifted}

    scoped_expected = (
        PointEntry.objects.filter(counts_toward_lifetime=True, scope_id__isnull=False)
        .annotate(date=TruncDate("created_at", tzinfo=tz))
        .values("member_id", "scope_id", "date")
        .annotate(earned=Sum("amount"))
    )
    drifted, _count = _compare(
        scoped_expected, ScopeDailyTally._meta.db_table, ["member_id", "scope_id", "date"], ["earned"], ["earned"]
    )
    scope_tallies = {
        (member_id, scope_id, _as_date(day)): (have[0], want[0]) for (member_id, scope_id, day), have, want in drifted
    }
    return {"members": members, "balances": balances, "tallies": tallies, "scope_tallies": scope_tallies}


def repair(drift):
    for member_id, (_have, (balance, lifetime)) in drift["balances"].items():
        PointBalance.objects.update_or_create(
            member_id=member_id, defaults={"balance": balance, "lifetime_earned": lifetime}
        )
    for (member_id, day), (_have, want) in drift["tallies"].items():
        DailyTally.objects.update_or_create(member_id=member_id, date=day, defaults={"earned": want})
    for (member_id, scope_id, day), (_have, want) in drift["scope_tallies"].items():
        ScopeDailyTally.objects.update_or_create(
            member_id=member_id, scope_id=scope_id, date=day, defaults={"earned": want}
        )
