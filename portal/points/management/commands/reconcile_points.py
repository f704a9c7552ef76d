"""Recompute every cached points figure from the ledger, report drift and, with --fix, repair it.

The caches: each member's balance and lifetime points, their daily tallies, and their daily tallies per group
(scope) that the group boards read.
"""

from collections import defaultdict

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q, Sum
from django.db.models.functions import TruncDate
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


def find_drift():
    """Compare caches with the ledger using aggregate queries only (a handful, whatever the table sizes)."""
    expected = {
        row["member_id"]: (row["balance"] or 0, row["lifetime"] or 0)
        for row in PointEntry.objects.values("member_id").annotate(
            balance=Sum("amount"), lifetime=Sum("amount", filter=Q(counts_toward_lifetime=True))
        )
    }
    cached = {
        member_id: (balance, lifetime)
        for member_id, balance, lifetime in PointBalance.objects.values_list("member_id", "balance", "lifetime_earned")
    }
    balances = {}
    for member_id in set(expected) | set(cached):
        want, have = expected.get(member_id, (0, 0)), cached.get(member_id, (0, 0))
        if want != have:
            balances[member_id] = (have, want)

    tz = timezone.get_current_timezone()
    expected_tallies = defaultdict(int)
    for row in (
        PointEntry.objects.filter(counts_toward_lifetime=True)
        .annotate(day=TruncDate("created_at", tzinfo=tz))
        .values("member_id", "day")
        .annotate(total=Sum("amount"))
    ):
        expected_tallies[(row["member_id"], row["day"])] = row["total"]
    cached_tallies = {
        (member_id, day): earned
        for member_id, day, earned in DailyTally.objects.values_list("member_id", "date", "earned")
    }
    tallies = {}
    for key in set(expected_tallies) | set(cached_tallies):
        want, have = expected_tallies.get(key, 0), cached_tallies.get(key, 0)
        if want != have:
            tallies[key] = (have, want)

    expected_scoped = defaultdict(int)
    for row in (
        PointEntry.objects.filter(counts_toward_lifetime=True, scope_id__isnull=False)
        .annotate(day=TruncDate("created_at", tzinfo=tz))
        .values("member_id", "scope_id", "day")
        .annotate(total=Sum("amount"))
    ):
        expected_scoped[(row["member_id"], row["scope_id"], row["day"])] += row["total"]
    cached_scoped = {
        (member_id, scope_id, day): earned
        for member_id, scope_id, day, earned in ScopeDailyTally.objects.values_list(
            "member_id", "scope_id", "date", "earned"
        )
    }
    scope_tallies = {}
    for key in set(expected_scoped) | set(cached_scoped):
        want, have = expected_scoped.get(key, 0), cached_scoped.get(key, 0)
        if want != have:
            scope_tallies[key] = (have, want)
    return {
        "members": len(set(expected) | set(cached)),
        "balances": balances,
        "tallies": tallies,
        "scope_tallies": scope_tallies,
    }


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
