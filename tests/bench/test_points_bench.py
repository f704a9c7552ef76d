"""Points benchmark: 100,000 members and 1,000,000 ledger entries over 90 days; prints how fast the boards, "my rank",
one refresh of the standings table, one award and a full reconciliation are. Speed is measured and printed, never
asserted.

Run it on PostgreSQL (the target) with the Makefile's command:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench make bench

BENCH_MEMBERS and BENCH_ENTRIES scale it down (e.g. for a quick look on SQLite). The data is bulk-loaded (COPY on
PostgreSQL, bulk_create elsewhere) and the caches are built from the ledger in SQL (reconcile's repair elsewhere),
not through award(), so building takes seconds, not hours.
"""

import os
import random
import statistics
import time
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Sum
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.accounts.models import User
from portal.points import leaderboards, services
from portal.points.management.commands.reconcile_points import find_drift, repair
from portal.points.models import DailyTally, PointBalance, PointEntry, PointRule

pytestmark = [pytest.mark.bench, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MEMBERS = int(os.environ.get("BENCH_MEMBERS", "100000"))
ENTRIES = int(os.environ.get("BENCH_ENTRIES", "1000000"))
DAYS = 90
SEED = 20261129
BATCH = 20_000

ENTRY_COLUMNS = (
    "member_id",
    "amount",
    "kind",
    "counts_toward_lifetime",
    "rule_id",
    "source_type_id",
    "source_id",
    "note",
    "created_at",
)


class Report:
    """Rows of (what, figure, goal) printed as one table at the end."""

    def __init__(self):
        self.rows = []

    def add(self, what, figure, goal=""):
        self.rows.append((what, figure, goal))

    def timed(self, what, goal=""):
        report = self

        class Timer:
            def __enter__(self):
                self.start = time.perf_counter()
                return self

            def __exit__(self, *exc):
                self.seconds = time.perf_counter() - self.start
                report.add(what, _seconds(self.seconds), goal)

        return Timer()

    def print(self):
        width = max(len(what) for what, _f, _g in self.rows)
        line = "-" * (width + 40)
        print(f"\n{line}\nPoints benchmark on {connection.vendor}: {MEMBERS:,} members, {ENTRIES:,} ledger entries")
        print(f"{line}\n{'measure':<{width}}  {'figure':>14}  goal\n{line}")
        for what, figure, goal in self.rows:
            print(f"{what:<{width}}  {figure:>14}  {goal}")
        print(line)


def _seconds(seconds):
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


def _slowest(queries):
    slowest = max(queries.captured_queries, key=lambda query: float(query["time"]))
    return f"{float(slowest['time']) * 1000:.0f} ms {' '.join(slowest['sql'].split())[:70]}"


def _ms(values):
    return f"{statistics.median(values) * 1000:.2f} ms"


# --- building the data ----------------------------------------------------------------------------------------------


def _copy(table, columns, rows):
    """COPY rows into a table on PostgreSQL (psycopg 3); returns how many were written.

    The generated rows are consistent by construction, so the load skips the per-row foreign-key triggers when the
    role may (session_replication_role needs a superuser, as the local postgres role is); otherwise they run.
    """
    count = 0
    with transaction.atomic(), connection.cursor() as cursor:
        try:
            with transaction.atomic():
                cursor.execute("SET LOCAL session_replication_role = replica")
        except DatabaseError:
            pass
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def _bulk(model, columns, rows):
    """bulk_create in batches where COPY is not available."""
    batch, count = [], 0
    for row in rows:
        batch.append(model(**dict(zip(columns, row, strict=True))))
        if len(batch) == BATCH:
            model.objects.bulk_create(batch)
            count, batch = count + len(batch), []
    model.objects.bulk_create(batch)
    return count + len(batch)


def _load(model, columns, rows):
    if connection.vendor == "postgresql":
        return _copy(model._meta.db_table, [model._meta.get_field(c).column for c in columns], rows)
    return _bulk(model, columns, rows)


def build_members():
    now = timezone.now()
    template = User(password="!", display_name="", date_joined=now)  # "!" = an unusable password
    fields = [f for f in User._meta.concrete_fields if not f.primary_key]
    names = [f.attname for f in fields]
    defaults = {f.attname: f.get_db_prep_save(getattr(template, f.attname), connection) for f in fields}

    def rows():
        for number in range(MEMBERS):
            values = {
                **defaults,
                "email": f"bench{number}@example.com",
                "display_name": f"成员{number}",
                "date_joined": now - timedelta(days=DAYS + number % 365),
            }
            yield tuple(values[name] for name in names)

    _load(User, names, rows())
    return list(User.objects.filter(email__startswith="bench").order_by("pk").values_list("pk", flat=True))


def entry_rows(member_ids, rules, source_type_id):
    """ENTRIES rows in time order over the last DAYS days: mostly rule awards, some staff grants and spends.

    Activity is skewed (a few members earn a lot, most a little), as in a real community; spending never takes a
    running balance below zero, and every award has its own source, so the award-once constraint holds.
    """
    rng = random.Random(SEED)
    weights = [1 / (rank + 20) ** 0.9 for rank in range(len(member_ids))]
    rng.shuffle(weights)
    cumulative, total = [], 0.0
    for weight in weights:
        total += weight
        cumulative.append(total)
    balance = dict.fromkeys(member_ids, 0)
    now = timezone.now()
    start = now - timedelta(days=DAYS)
    per_day = ENTRIES // DAYS
    sequence = 0
    for day in range(DAYS):
        count = per_day if day < DAYS - 1 else ENTRIES - per_day * (DAYS - 1)
        offsets = sorted(rng.random() * 86400 for _ in range(count))
        members = rng.choices(member_ids, cum_weights=cumulative, k=count)
        for offset, member in zip(offsets, members, strict=True):
            at = start + timedelta(days=day, seconds=offset)
            sequence += 1
            roll = rng.random()
            if roll > 0.93 and balance[member] >= 20:
                amount = rng.choice((5, 10, 20))
                balance[member] -= amount
                yield (member, -amount, "spend", False, None, None, "", "兑换", at)
            elif roll > 0.85:
                amount = rng.choice((10, 20, 30, 50))
                balance[member] += amount
                yield (member, amount, "adjust", True, None, None, "", "活动奖励", at)
            else:
                rule_id, points = rules[sequence % len(rules)]
                balance[member] += points
                yield (member, points, "earn", True, rule_id, source_type_id, str(sequence), "", at)


def build_caches():
    """Balances and daily tallies from the ledger: an INSERT ... SELECT each on PostgreSQL, else reconcile's repair."""
    if connection.vendor != "postgresql":
        repair(find_drift())
        return
    zone = timezone.get_current_timezone_name()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {PointBalance._meta.db_table} (member_id, balance, lifetime_earned, excluded_from_rankings,
                                                       updated_at)
            SELECT member_id, SUM(amount), COALESCE(SUM(amount) FILTER (WHERE counts_toward_lifetime), 0), false, now()
            FROM {PointEntry._meta.db_table} GROUP BY member_id
            """  # noqa: S608 - table names from the models, no user input
        )
        cursor.execute(
            f"""
            INSERT INTO {DailyTally._meta.db_table} (member_id, date, earned)
            SELECT member_id, (created_at AT TIME ZONE %s)::date, SUM(amount)
            FROM {PointEntry._meta.db_table} WHERE counts_toward_lifetime GROUP BY 1, 2
            """,  # noqa: S608
            [zone],
        )
        for model in (User, PointEntry, PointBalance, DailyTally):
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")


# --- the benchmark --------------------------------------------------------------------------------------------------


def mid_ranked(period):
    """A member in the middle of a board: the one a rank lookup has to place among everybody."""
    if period == "all":
        ranked = PointBalance.objects.order_by("-lifetime_earned", "member_id").values_list("member_id", flat=True)
    else:
        today = timezone.localdate()
        ranked = (
            DailyTally.objects.filter(date__gte=services.period_start(period, today), date__lte=today)
            .values_list("member_id")
            .annotate(total=Sum("earned"))
            .filter(total__gt=0)
            .order_by("-total", "member_id")
            .values_list("member_id", flat=True)
        )
    ranked = list(ranked)
    return User.objects.get(pk=ranked[len(ranked) // 2])


@pytest.fixture
def report():
    """The table is printed even when a step fails half-way, so the figures measured so far are not lost."""
    table = Report()
    yield table
    table.print()


def test_points_at_scale(report):
    rules = [(rule.pk, rule.points) for rule in PointRule.objects.filter(active=True, points__gt=0)]
    source_type = ContentType.objects.get_for_model(User)

    with report.timed(f"build: {MEMBERS:,} members"):
        member_ids = build_members()
    with report.timed(f"build: {ENTRIES:,} ledger entries"):
        _load(PointEntry, ENTRY_COLUMNS, entry_rows(member_ids, rules, source_type.pk))
    with report.timed("build: balances and daily tallies from the ledger (+ ANALYZE)"):
        build_caches()
    report.add("  daily tallies", f"{DailyTally.objects.count():,}")
    with report.timed("refresh_standings: every board into its table (the 5-minute job)"):
        leaderboards.refresh_all()
    with report.timed("refresh_standings: again (steady state)"):
        ranked = leaderboards.refresh_all()
    report.add("  ranked members 7d / 30d / month / all", " / ".join(f"{count:,}" for count in ranked.values()))

    for period in ("30d", "7d", "month", "all"):
        middle = mid_ranked(period)
        cold, warm = [], []
        for _ in range(5):
            cache.clear()
            started = time.perf_counter()
            rows = leaderboards.board(period, limit=50)
            rank, _points = leaderboards.my_standing(middle, period)
            cold.append(time.perf_counter() - started)
        for _ in range(20):
            started = time.perf_counter()
            rows = leaderboards.board(period, limit=50)
            rank, _points = leaderboards.my_standing(middle, period)
            warm.append(time.perf_counter() - started)
        assert len(rows) == 50 and rank is not None  # the data is there; the timing is only reported
        goal = "< 50 ms" if period == "30d" else ""
        report.add(f"board {period}: top 50 + my rank (#{rank:,}), cold cache, median of 5", _ms(cold), goal)
        report.add(f"board {period}: top 50 + my rank, warm cache, median of 20", _ms(warm), goal)

    middle = mid_ranked("30d")
    client = Client()
    client.force_login(middle)
    for url in ("/portal/points/leaderboard/?period=30d", "/portal/"):
        client.get(url)
        cold, warm = [], []
        for _ in range(3):
            cache.clear()
            with CaptureQueriesContext(connection) as cold_queries:
                started = time.perf_counter()
                response = client.get(url)
                cold.append(time.perf_counter() - started)
            assert response.status_code == 200
        for _ in range(10):
            with CaptureQueriesContext(connection) as warm_queries:
                started = time.perf_counter()
                client.get(url)
                warm.append(time.perf_counter() - started)
        report.add(f"page {url}: cold cache, {len(cold_queries)} queries, median of 3", _ms(cold))
        report.add(f"  slowest query: {_slowest(cold_queries)}", "")
        report.add(f"page {url}: warm cache, {len(warm_queries)} queries, median of 10", _ms(warm))
        report.add(f"  slowest query: {_slowest(warm_queries)}", "")

    rng = random.Random(SEED + 1)
    earners = User.objects.in_bulk(rng.sample(member_ids, 201))
    sources = list(User.objects.filter(pk__in=rng.sample(member_ids, 201)))
    people = list(earners.values())
    services.award(people[0], "group_founded", sources[0])  # warms the rules cache
    timings = []
    for person, source in zip(people[1:], sources[1:], strict=True):
        started = time.perf_counter()
        entry = services.award(person, "group_founded", source)
        timings.append(time.perf_counter() - started)
        assert entry is not None
    timings.sort()
    report.add("award(): median of 200", _ms(timings), "< 5 ms")
    report.add("award(): 95th percentile", f"{timings[int(len(timings) * 0.95)] * 1000:.2f} ms")
    # The same awards inside a caller's transaction that is rolled back: the statements without the commit's WAL
    # flush, which on a disk that syncs slowly is most of a standalone award.
    inside = []
    for person, source in zip(people[1:], sources[1:], strict=True):
        with transaction.atomic():
            started = time.perf_counter()
            services.award(person, "group_joined", source)
            inside.append(time.perf_counter() - started)
            transaction.set_rollback(True)
    report.add("award(): inside a caller's transaction (no commit), median of 200", _ms(inside))
    started = time.perf_counter()
    for _ in range(50):
        with transaction.atomic():
            PointBalance.objects.filter(member_id=people[1].pk).update(balance=F("balance"))
    one_commit = (time.perf_counter() - started) / 50
    report.add("  for comparison: a one-row UPDATE and its COMMIT, mean of 50", _seconds(one_commit))

    with report.timed("reconcile: find_drift() over everything", "< 10 s"):
        drift = find_drift()
    report.add(
        "  members checked / drifted balances / drifted tallies",
        (f"{drift['members']:,}/{len(drift['balances'])}/{len(drift['tallies'])}"),
    )
