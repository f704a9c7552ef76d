"""Lifecycle and insights benchmark: 10,000 groups, 200,000 memberships, 100,000 activities over a year, with
attendances and point tallies in proportion; prints the nightly job's time and query count and the insights
dashboard's time. Speed is measured and printed, never asserted.

Run it on PostgreSQL (the target) with the Makefile's command:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench5 make bench

BENCH_SCALE shrinks every count (e.g. BENCH_SCALE=0.05 for a quick look on SQLite). Goals: the job under 10 s on
PostgreSQL the first night and under 2 s when run again the same day, with a query count that does not grow with the
number of groups; the dashboard under 1 s.
"""

import io
import os
import random
import time
from collections import Counter
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from portal.accounts.models import User
from portal.groups.metrics import group_metrics, last_activity_times
from portal.groups.models import (
    Activity,
    Attendance,
    CommunityGroup,
    LifecycleRules,
    Membership,
    StageChange,
    Topic,
)
from portal.groups.services import lifecycle
from portal.groups.services.lifecycle import run_evaluation
from portal.insights import metrics as insights
from portal.insights import snapshots
from portal.insights.models import ParticipationDay
from portal.points.models import DailyTally
from tests.factories import StaffUserFactory
from website.core.permissions import COMMUNITY_TEAM

pytestmark = [pytest.mark.bench, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCALE = float(os.environ.get("BENCH_SCALE", "1"))
GROUPS = int(10_000 * SCALE)
MEMBERS_PER_GROUP = 20  # 200,000 memberships
USERS = int(100_000 * SCALE)  # each member in two groups on average
ACTIVITIES_PER_GROUP = 10  # 100,000 activities over the last year
ATTENDEES_PER_ACTIVITY = 3  # 300,000 attendances
TALLIES_PER_USER = 2  # 200,000 daily tallies over 60 days
BATCH = 5_000
SEED = 20261129
CITIES = ["杭州", "上海", "北京", "深圳", "成都", "南京", "苏州", "武汉", "西安", "广州"]


def bulk(model, rows):
    """bulk_create from a generator, a batch at a time, so memory stays flat."""
    batch, total = [], 0
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            model.objects.bulk_create(batch)
            total += len(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch)
        total += len(batch)
    return total


def build(rng):
    now = timezone.now()
    today = timezone.localdate()
    topics = Topic.objects.bulk_create(Topic(name=f"基准话题{i}", slug=f"bench-topic-{i}") for i in range(20))
    bulk(
        User,
        (
            User(
                email=f"bench{i}@example.com",
                display_name=f"基准成员{i}",
                password="!",  # unusable: nobody signs in as these
                date_joined=now - timedelta(days=rng.randrange(400), minutes=rng.randrange(1440)),
            )
            for i in range(USERS)
        ),
    )
    user_ids = list(User.objects.filter(email__startswith="bench").order_by("pk").values_list("pk", flat=True))
    stages = ["new"] * 6 + ["growing"] * 3 + ["core"]
    bulk(
        CommunityGroup,
        (
            CommunityGroup(
                name=f"基准社群{i}",
                slug=f"bench-group-{i}",
                topic=topics[i % len(topics)],
                city=CITIES[i % len(CITIES)],
                summary="基准数据",
                join_policy="open",
                capacity=100,
                member_count=MEMBERS_PER_GROUP,
                stage=rng.choice(stages),
                stage_changed_at=now - timedelta(days=rng.randrange(10, 200)),
                founded_at=now - timedelta(days=rng.randrange(30, 400)),
            )
            for i in range(GROUPS)
        ),
    )
    group_ids = list(
        CommunityGroup.objects.filter(slug__startswith="bench-").order_by("pk").values_list("pk", flat=True)
    )
    members_of = {
        group_id: [user_ids[(index * MEMBERS_PER_GROUP + k) % USERS] for k in range(MEMBERS_PER_GROUP)]
        for index, group_id in enumerate(group_ids)
    }
    bulk(
        Membership,
        (
            Membership(group_id=group_id, member_id=member_id, role="leader" if k == 0 else "member")
            for group_id, members in members_of.items()
            for k, member_id in enumerate(members)
        ),
    )

    def activities():
        for group_id in group_ids:
            for _ in range(ACTIVITIES_PER_GROUP):
                start = now + timedelta(days=7) - timedelta(days=rng.randrange(372), hours=rng.randrange(24))
                yield Activity(
                    group_id=group_id,
                    title="基准活动",
                    starts_at=start,
                    ends_at=start + timedelta(hours=2),
                    place="基准地点",
                    attended_count=ATTENDEES_PER_ACTIVITY if start <= now else 0,
                )

    bulk(Activity, activities())
    held = Activity.objects.filter(starts_at__lte=now).values_list("pk", "group_id", "starts_at").iterator()
    bulk(
        Attendance,
        (
            Attendance(
                activity_id=pk,
                member_id=member_id,
                group_id=group_id,
                activity_starts_at=starts_at,
                is_newcomer=False,
                method="code",
                checked_in_at=starts_at,
            )
            for pk, group_id, starts_at in held
            for member_id in rng.sample(members_of[group_id], ATTENDEES_PER_ACTIVITY)
        ),
    )
    bulk(
        DailyTally,
        (
            DailyTally(member_id=member_id, date=today - timedelta(days=day), earned=rng.choice([10, 10, 20, 30, 50]))
            for member_id in user_ids
            for day in rng.sample(range(60), TALLIES_PER_USER)
        ),
    )
    bulk(
        StageChange,
        (
            StageChange(group_id=group_id, from_stage="new", to_stage="growing", created_at=now - timedelta(days=d))
            for group_id, d in zip(rng.sample(group_ids, GROUPS // 5), range(GROUPS // 5), strict=False)
        ),
    )


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


@contextmanager
def counted():
    """Count statements by kind (CaptureQueriesContext keeps only the last 9,000) and transactions committed."""
    kinds = Counter()

    def count(execute, sql, params, many, context):
        kinds[sql.split(None, 1)[0].upper()] += 1
        return execute(sql, params, many, context)

    commits = Counter()
    real_commit = connection.commit

    def commit():
        commits["COMMIT"] += 1
        return real_commit()

    connection.commit = commit
    try:
        with connection.execute_wrapper(count):
            yield kinds, commits
    finally:
        del connection.commit


@contextmanager
def phases():
    """Time spent in the job's parts, by wrapping the names run_evaluation looks up in its module."""
    spent = Counter()
    names = ["group_metrics", "last_activity_times", "open_proposals", "evaluate", "_write", "_notify_after_the_run"]
    originals = {name: getattr(lifecycle, name) for name in names}

    def wrap(name, function):
        def timed_call(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - started

        return timed_call

    for name, function in originals.items():
        setattr(lifecycle, name, wrap(name, function))
    try:
        yield spent
    finally:
        for name, function in originals.items():
            setattr(lifecycle, name, function)


def measured_run(say, label, now=None):
    with counted() as (kinds, commits), phases() as spent:
        seconds, report = timed(run_evaluation, now=now)  # autocommit: the leaders' e-mails are part of the run
    total = sum(kinds.values())
    say(
        f"{label}: {seconds:.2f} s -- evaluated {report.evaluated:,}, skipped {report.skipped:,}, promoted "
        f"{report.promoted}, proposed {report.proposed}, demoted {report.demoted}, warned {report.warned}"
    )
    say(f"  statements {total:,} {dict(kinds)}, commits {commits['COMMIT']:,}")
    if report.evaluated:
        say(f"  statements per evaluated group: {total / report.evaluated:.2f}")
    say("  time in: " + ", ".join(f"{name} {value:.2f} s" for name, value in spent.items()))
    return report


def measure_insights(say):
    """The nightly snapshot (first run: every day since the first activity; then a nightly rerun), the dashboard
    cold and warm, and each figure's time from the snapshots and from the live records."""
    for label in ("first run, backfilling every day", "again, as each night"):
        with counted() as (kinds, _commits):
            seconds, _ = timed(call_command, "snapshot_insights", stdout=io.StringIO())
        say(f"snapshot_insights ({label}): {seconds:.2f} s, {sum(kinds.values())} statements")
    say(f"  {ParticipationDay.objects.count():,} participation days")
    team = StaffUserFactory(email="bench-team@example.com", groups=[COMMUNITY_TEAM])
    client = Client()
    client.force_login(team)
    for attempt in ("cold", "warm"):
        with counted() as (kinds, _commits):
            seconds, response = timed(client.get, "/admin/insights/")
        assert response.status_code == 200
        say(f"insights dashboard ({attempt}): {seconds:.2f} s (goal < 1 s), {sum(kinds.values())} queries")
    for table in ("retention", "top-points"):
        seconds, response = timed(client.get, "/admin/insights/", {"export": table})
        b"".join(response.streaming_content)
        say(f"insights export {table}: {seconds:.2f} s")
    span = insights.default_range()
    end_at = span.end_at
    say("from the snapshots (and, in brackets, the same query with no snapshot, all live):")
    for name, call in (
        ("weekly_active_members", lambda until=...: snapshots.weekly_active_members(span, until=until)),
        ("retention_cohorts", lambda until=...: snapshots.retention_cohorts(span, until=until)),
        ("active_members 7d", lambda until=...: snapshots.active_members(span.end, 7, until=until)),
        ("active_members 28d", lambda until=...: snapshots.active_members(span.end, 28, until=until)),
        ("churn", lambda until=...: snapshots.churn(span.end, until=until)),
    ):
        seconds, _ = timed(call)
        live, _ = timed(call, None)
        say(f"  {name:<24} {seconds:6.2f} s ({live:.2f} s)")
    say("live, as metrics.py computes them (the reference the tests compare with):")
    for name, call in (
        ("new_members_per_week", lambda: insights.new_members_per_week(span)),
        ("weekly_active_members", lambda: insights.weekly_active_members(span)),
        ("retention_cohorts", lambda: insights.retention_cohorts(span)),
        ("top_groups", lambda: insights.top_groups(span)),
        ("stage_changes", lambda: insights.stage_changes(span)),
        ("stage_funnel", insights.stage_funnel),
        ("members_covered", insights.members_covered),
        ("groups_with_activity", lambda: insights.groups_with_activity(end_at)),
        ("active_members 7d", lambda: insights.active_members(end_at, 7)),
        ("active_members 28d", lambda: insights.active_members(end_at, 28)),
        ("churn", lambda: insights.churn(end_at)),
    ):
        seconds, _ = timed(call)
        say(f"  {name:<24} {seconds:6.2f} s")


def test_lifecycle_job_and_insights_dashboard():
    rng = random.Random(SEED)
    lines = []

    def say(text):
        lines.append(text)
        print(text, flush=True)

    say(f"\n=== lifecycle bench on {connection.vendor} (scale {SCALE}) ===")
    seconds, _ = timed(build, rng)
    say(
        f"built in {seconds:.0f} s: {CommunityGroup.objects.count():,} groups, {Membership.objects.count():,} "
        f"memberships, {Activity.objects.count():,} activities, {Attendance.objects.count():,} attendances, "
        f"{DailyTally.objects.count():,} daily tallies, {User.objects.count():,} users"
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    rules = LifecycleRules.load()

    seconds, all_metrics = timed(group_metrics, days=rules.window_days)
    say(f"group_metrics alone (4 aggregate queries): {seconds:.2f} s for {len(all_metrics):,} groups")
    seconds, _ = timed(last_activity_times)
    say(f"last_activity_times alone: {seconds:.2f} s")

    say("goal: < 10 s the first night, < 2 s again the same day, on PostgreSQL; statements not growing with groups")
    measured_run(say, "run_evaluation, first night (many changes)")
    measured_run(say, "run_evaluation again the same day (nothing to do)")
    measured_run(say, "run_evaluation the next night (steady state)", now=timezone.now() + timedelta(days=1))

    measure_insights(say)
    print("\n".join(["", "--- summary ---", *lines]))
