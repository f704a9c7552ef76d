"""The daily evaluation job: idempotent, one transaction per group, explainable records and leaders told."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.groups.metrics import GroupMetrics, group_metrics
from portal.groups.models import CommunityGroup, Membership, StageChange, StageProposal
from portal.groups.services.lifecycle import job as lifecycle
from portal.groups.services.lifecycle import run_evaluation
from portal.groups.tasks import evaluate_groups_task
from tests.groups.factories import MemberFactory, MembershipFactory
from tests.groups.lifecycle.factories import ActivityFactory, attend, days_ago, tally
from tests.groups.lifecycle.helpers import build_group, lifecycle_state, stage_of
from website.core.jobs import JobAlreadyRunning, job_lock

NEW, GROWING, CORE = CommunityGroup.Stage.NEW, CommunityGroup.Stage.GROWING, CommunityGroup.Stage.CORE


def set_lifecycle(group, **fields):
    CommunityGroup.objects.filter(pk=group.pk).update(**fields)
    group.refresh_from_db()
    return group


@pytest.fixture
def every_situation(low_rules):
    """One group for each thing the job can do, under LOW_THRESHOLDS (grow at 3/2/30%/1/10, core at 5/4/50%/2/40)."""
    long_ago = timezone.now() - timedelta(days=60)
    return {
        "promote": build_group(members=3, active=2, activities=1, points=10),
        "propose": set_lifecycle(
            build_group(members=5, active=4, activities=2, points=40), stage=GROWING, stage_changed_at=long_ago
        ),
        "demote": set_lifecycle(
            build_group(members=2, active=0, activities=1, points=0),
            stage=GROWING,
            stage_changed_at=long_ago,
            lifecycle_strikes=1,
        ),
        "strike": set_lifecycle(
            build_group(members=2, active=0, activities=1, points=0), stage=GROWING, stage_changed_at=long_ago
        ),
        "warn": build_group(members=2, active=0, activities=1, points=0, days=61),
        "dormant": build_group(members=2, active=0, activities=1, points=0, days=100),
        "nothing": build_group(members=2, active=1, activities=1, points=0),
    }


def counts():
    return StageChange.objects.count(), StageProposal.objects.count()


def test_one_run_does_each_groups_decision(every_situation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = run_evaluation()

    groups = {key: CommunityGroup.objects.get(pk=group.pk) for key, group in every_situation.items()}
    assert groups["promote"].stage == GROWING
    assert groups["propose"].stage == GROWING
    assert groups["propose"].stage_proposals.get().status == StageProposal.Status.PENDING
    assert groups["demote"].stage == NEW
    assert (groups["strike"].stage, groups["strike"].lifecycle_strikes) == (GROWING, 1)
    assert groups["warn"].inactivity_warned_at is not None and not groups["warn"].dormant
    assert groups["dormant"].dormant and groups["dormant"].inactivity_warned_at is None
    assert groups["nothing"].stage == NEW and groups["nothing"].inactivity_warned_at is None
    assert all(group.last_evaluated_on == timezone.localdate() for group in groups.values())
    assert (report.evaluated, report.promoted, report.proposed, report.demoted, report.warned) == (7, 1, 1, 1, 1)


def test_running_the_job_twice_in_a_row_changes_nothing_the_second_time(
    every_situation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run_evaluation()
    state, records, sent = lifecycle_state(), counts(), len(mail.outbox)

    with django_capture_on_commit_callbacks(execute=True):
        second = run_evaluation()

    assert lifecycle_state() == state
    assert counts() == records
    assert len(mail.outbox) == sent
    assert (second.evaluated, second.skipped) == (0, len(every_situation))


def later_the_same_day(now, minutes=30):
    """``minutes`` after ``now``, but never past the local day's last moment: the suite may run at 23:45 local time."""
    local = timezone.localtime(now)
    last_moment = local.replace(hour=23, minute=59, second=59, microsecond=999_999)
    return min(now + timedelta(minutes=minutes), last_moment)


def test_the_same_day_later_on_is_still_the_same_run(every_situation):
    now = timezone.now()
    run_evaluation(now=now)
    state, records = lifecycle_state(), counts()

    run_evaluation(now=later_the_same_day(now))

    assert (lifecycle_state(), counts()) == (state, records)


def test_the_next_day_the_job_evaluates_again_and_strikes_add_up(every_situation):
    run_evaluation()
    run_evaluation(now=timezone.now() + timedelta(days=1))

    struck = CommunityGroup.objects.get(pk=every_situation["strike"].pk)
    assert (struck.stage, struck.lifecycle_strikes) == (NEW, 0)  # second strike in a row: demoted
    assert StageProposal.objects.filter(group=every_situation["propose"]).count() == 1  # still pending, not again


def test_a_crash_while_writing_leaves_nothing_half_written_and_the_next_run_does_it_all(
    low_rules, monkeypatch, django_capture_on_commit_callbacks
):
    groups = [build_group(members=3, active=2, activities=1, points=10) for _ in range(3)]
    real_write = lifecycle._write

    def write_then_crash(*args, **kwargs):
        real_write(*args, **kwargs)  # claims, stages and StageChanges all written...
        raise RuntimeError("the database went away")  # ...then the process dies before the commit

    monkeypatch.setattr(lifecycle, "_write", write_then_crash)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        run_evaluation()

    for group in groups:
        group.refresh_from_db()
        assert (group.stage, group.stage_changed_at, group.last_evaluated_on) == (NEW, None, None)
    assert not StageChange.objects.exists()
    assert mail.outbox == []

    monkeypatch.setattr(lifecycle, "_write", real_write)
    with django_capture_on_commit_callbacks(execute=True):
        report = run_evaluation()

    assert [stage_of(group) for group in groups] == [GROWING] * 3
    assert report.evaluated == len(groups)
    assert sorted(StageChange.objects.values_list("group_id", flat=True)) == sorted(group.pk for group in groups)
    assert len(mail.outbox) == len(groups)


def test_the_job_refuses_to_run_while_another_run_holds_the_lock(every_situation):
    with job_lock("groups.evaluate_lifecycle"), pytest.raises(JobAlreadyRunning):
        run_evaluation()

    assert not StageChange.objects.exists()
    assert run_evaluation().evaluated == len(every_situation)  # the lock was released


def test_the_command_reports_what_it_did_and_refuses_a_second_run(every_situation, capsys):
    call_command("evaluate_groups")
    out = capsys.readouterr().out
    assert "Evaluated 7 groups" in out
    assert "1 promoted" in out

    with job_lock("groups.evaluate_lifecycle"), pytest.raises(CommandError):
        call_command("evaluate_groups")


def test_the_task_skips_while_another_run_holds_the_lock(every_situation):
    with job_lock("groups.evaluate_lifecycle"):
        assert evaluate_groups_task.call() == {"skipped": "already running"}
    assert evaluate_groups_task.call()["evaluated"] == len(every_situation)


def test_archived_groups_are_not_evaluated(low_rules):
    group = build_group(members=3, active=2, activities=1, points=10)
    CommunityGroup.objects.filter(pk=group.pk).update(status=CommunityGroup.Status.ARCHIVED)

    report = run_evaluation()

    assert report.evaluated == 0
    assert stage_of(group) == NEW


# --- What a stage change records -------------------------------------------------------------------------------------


def test_a_promotion_records_its_reasons_and_the_metrics_it_saw(low_rules):
    group = build_group(members=3, active=2, activities=1, points=10)

    run_evaluation()

    change = StageChange.objects.get(group=group)
    assert (change.from_stage, change.to_stage, change.actor) == (NEW, GROWING, None)
    assert change.metrics == {"members": 3, "active_members": 2, "active_share": 67, "activities": 1, "points": 10}
    assert {reason["metric"]: (reason["actual"], reason["needed"], reason["passed"]) for reason in change.reasons} == {
        "members": (3, 3, True),
        "active_members": (2, 2, True),
        "active_share": (67, 30, True),
        "activities": (1, 1, True),
        "points": (10, 10, True),
    }
    group.refresh_from_db()
    assert abs(group.stage_changed_at - change.created_at) < timedelta(seconds=5)
    assert group.lifecycle_strikes == 0


def test_a_demotion_records_the_metrics_that_fell_short(low_rules):
    group = set_lifecycle(
        build_group(members=2, active=1, activities=1, points=0),
        stage=GROWING,
        stage_changed_at=timezone.now() - timedelta(days=45),
        lifecycle_strikes=1,
    )

    run_evaluation()

    change = StageChange.objects.get(group=group)
    assert (change.from_stage, change.to_stage) == (GROWING, NEW)
    assert {reason["metric"] for reason in change.reasons} == {"members", "active_members", "points"}
    assert all(reason["passed"] is False for reason in change.reasons)
    assert change.metrics["members"] == 2


def test_a_proposal_records_reasons_and_metrics_without_changing_the_stage(low_rules):
    group = set_lifecycle(
        build_group(members=5, active=4, activities=2, points=40),
        stage=GROWING,
        stage_changed_at=timezone.now() - timedelta(days=40),
    )

    run_evaluation()

    proposal = StageProposal.objects.get(group=group)
    assert (proposal.to_stage, proposal.status) == (CORE, StageProposal.Status.PENDING)
    assert proposal.metrics == {"members": 5, "active_members": 4, "active_share": 80, "activities": 2, "points": 40}
    assert len(proposal.reasons) == 5
    assert stage_of(group) == GROWING
    assert not StageChange.objects.filter(group=group).exists()


def test_core_is_reached_directly_when_the_team_does_not_need_to_confirm(low_rules):
    low_rules.core_needs_confirmation = False
    low_rules.save()
    group = set_lifecycle(
        build_group(members=5, active=4, activities=2, points=40),
        stage=GROWING,
        stage_changed_at=timezone.now() - timedelta(days=40),
    )

    run_evaluation()

    assert stage_of(group) == CORE
    assert not StageProposal.objects.exists()


# --- Leaders are told ------------------------------------------------------------------------------------------------


@pytest.fixture
def leaders_and_member(low_rules):
    """A promotable group with a leader, a co-leader and plain members; returns (group, leaders, plain member)."""
    group = build_group(members=3, active=2, activities=1, points=10)
    co_leader = MembershipFactory(group=group, role=Membership.Role.CO_LEADER).member
    leader = Membership.objects.get(group=group, role=Membership.Role.LEADER).member
    plain = Membership.objects.filter(group=group, role=Membership.Role.MEMBER).first().member
    return group, {leader.email, co_leader.email}, plain


def recipients_about(group):
    return sorted(address for message in mail.outbox if group.name in message.subject for address in message.to)


def test_leaders_are_emailed_on_a_promotion(leaders_and_member, django_capture_on_commit_callbacks):
    group, leaders, plain = leaders_and_member

    with django_capture_on_commit_callbacks(execute=True):
        run_evaluation()

    assert stage_of(group) == GROWING
    assert recipients_about(group) == sorted(leaders)
    assert plain.email not in recipients_about(group)
    assert all(f"/portal/groups/{group.slug}/manage/growth/" in message.body for message in mail.outbox)


def test_leaders_are_emailed_on_a_demotion(low_rules, django_capture_on_commit_callbacks):
    leader = MemberFactory()
    group = set_lifecycle(
        build_group(members=2, active=1, activities=1, points=0, leader=leader),
        stage=GROWING,
        stage_changed_at=timezone.now() - timedelta(days=45),
        lifecycle_strikes=1,
    )

    with django_capture_on_commit_callbacks(execute=True):
        run_evaluation()

    assert stage_of(group) == NEW
    assert recipients_about(group) == [leader.email]


def test_leaders_are_warned_once_about_a_quiet_group(low_rules, django_capture_on_commit_callbacks):
    leader = MemberFactory()
    group = build_group(members=2, active=0, activities=1, points=0, days=61, leader=leader)

    with django_capture_on_commit_callbacks(execute=True):
        run_evaluation()
        run_evaluation(now=timezone.now() + timedelta(days=1))
        run_evaluation(now=timezone.now() + timedelta(days=2))

    assert recipients_about(group) == [leader.email]
    group.refresh_from_db()
    assert group.inactivity_warned_at is not None


def test_no_one_is_emailed_when_nothing_changes(low_rules, django_capture_on_commit_callbacks):
    build_group(members=2, active=1, activities=1, points=0)

    with django_capture_on_commit_callbacks(execute=True):
        run_evaluation()

    assert mail.outbox == []


# --- Metrics and query counts ----------------------------------------------------------------------------------------


def test_group_metrics_count_only_what_happened_in_the_window_in_the_group(low_rules):
    group = build_group(members=4, active=2, activities=2, points=25)
    left = MembershipFactory(group=group, state=Membership.State.LEFT).member
    old = ActivityFactory(group=group, starts_at=days_ago(31))
    attend(old, left)
    cancelled = ActivityFactory(group=group, starts_at=days_ago(3), status="cancelled")
    ActivityFactory(group=group, starts_at=timezone.now() + timedelta(days=2))  # not held yet
    tally(left, timezone.localdate() - timedelta(days=2), 500, group=group)  # no longer a member
    assert cancelled.pk

    metrics = group_metrics([group.pk])[group.pk]

    assert metrics == GroupMetrics(members=4, active_members=2, activities=2, points=25)
    assert metrics.active_share == 50


def test_a_member_who_took_part_in_another_group_is_not_active_in_this_one(low_rules):
    """ "Active in a group" means took part in that group: attending elsewhere does not count here."""
    first = build_group(members=2, active=2, activities=1, points=0)
    attendee = Membership.objects.filter(group=first, role=Membership.Role.MEMBER).get().member
    second = build_group(members=2, active=0, activities=0, points=0)
    MembershipFactory(group=second, member=attendee)

    assert group_metrics([first.pk])[first.pk].active_members == 2
    assert group_metrics([second.pk])[second.pk].active_members == 0


def queries_of(function, *args, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        function(*args, **kwargs)
    return len(queries)


def test_group_metrics_take_the_same_fixed_number_of_queries_for_5_and_30_groups(low_rules):
    for _ in range(5):
        build_group(members=3, active=2, activities=2, points=10)
    at_5 = queries_of(group_metrics)
    for _ in range(25):
        build_group(members=3, active=2, activities=2, points=10)
    at_30 = queries_of(group_metrics)

    assert len(group_metrics()) == 30
    assert at_5 == at_30 == 4


def evaluation_queries(**fields):
    """Run the job on every group as if for the first time today, with ``fields`` set on every group first."""
    CommunityGroup.objects.update(
        last_evaluated_on=None, stage=NEW, stage_changed_at=None, lifecycle_strikes=0, inactivity_warned_at=None
    )
    CommunityGroup.objects.update(**fields)
    StageChange.objects.all().delete()
    StageProposal.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        report = run_evaluation()
    return [query["sql"] for query in queries], report


LONG_AGO = timezone.now() - timedelta(days=60)
SITUATIONS = {
    # name: (the group's metrics, its lifecycle fields before the run, what the report counts for every group)
    "no decisions": ({"members": 2, "active": 1, "activities": 1, "points": 0}, {}, {}),
    "every group promoted": ({"members": 3, "active": 2, "activities": 1, "points": 10}, {}, {"promoted": 1}),
    "every group proposed for core": (
        {"members": 5, "active": 4, "activities": 2, "points": 40},
        {"stage": GROWING, "stage_changed_at": LONG_AGO},
        {"proposed": 1},
    ),
    "every group demoted": (
        {"members": 2, "active": 0, "activities": 1, "points": 0},
        {"stage": GROWING, "stage_changed_at": LONG_AGO, "lifecycle_strikes": 1},
        {"demoted": 1},
    ),
    "every group struck and warned": (
        {"members": 2, "active": 0, "activities": 1, "points": 0, "days": 61},
        {"stage": GROWING, "stage_changed_at": LONG_AGO},
        {"warned": 1},
    ),
}


class ReceiverQueries:
    """Stands in for lifecycle.stage_changed and counts the queries its receivers make: other apps react to a
    stage change (the featured pages, the page cache's purge), a group at a time, by their own design."""

    def __init__(self, signal):
        self.signal, self.sends, self.queries = signal, 0, 0

    def send(self, *args, **kwargs):
        before = len(connection.queries)
        try:
            return self.signal.send(*args, **kwargs)
        finally:
            self.sends += 1
            self.queries += len(connection.queries) - before


@pytest.mark.parametrize("situation", SITUATIONS)
def test_the_jobs_query_count_is_the_same_for_10_and_40_groups(low_rules, monkeypatch, situation):
    """Metrics, last activities and proposals are aggregate queries over all groups, and the writes are one UPDATE
    per distinct set of values and one INSERT per kind of record, so 40 groups cost what 10 do. What the receivers
    of stage_changed do, once per group that changes stage, is counted apart."""
    size, fields, per_group = SITUATIONS[situation]
    changes_stage = situation in ("every group promoted", "every group demoted")
    measured = {}
    for total in (10, 40):
        while CommunityGroup.objects.count() < total:
            build_group(**size)
        evaluation_queries(**fields)  # warm: the lock row exists and content types are cached, as on every night
        receivers = ReceiverQueries(lifecycle.stage_changed)
        monkeypatch.setattr(lifecycle, "stage_changed", receivers)
        statements, report = evaluation_queries(**fields)
        monkeypatch.setattr(lifecycle, "stage_changed", receivers.signal)
        assert report.evaluated == total
        for name in ("promoted", "proposed", "demoted", "warned"):
            assert getattr(report, name) == per_group.get(name, 0) * total, (name, report)
        assert receivers.sends == (total if changes_stage else 0)
        measured[total] = len(statements) - receivers.queries

    # The measured counts, shown with -s.
    print(f"\nrun_evaluation queries without stage_changed receivers ({situation}): {measured}")  # noqa: T201
    assert measured[10] == measured[40]
    assert measured[40] <= 25


def test_the_query_budget_holds_for_40_groups_that_all_change(low_rules, django_assert_max_num_queries):
    for _ in range(40):
        build_group(members=2, active=0, activities=1, points=0, days=61)
    CommunityGroup.objects.update(stage=GROWING, stage_changed_at=LONG_AGO)
    run_evaluation(now=timezone.now() - timedelta(days=1))  # the lock row exists, as on every night but the first
    CommunityGroup.objects.update(last_evaluated_on=None, lifecycle_strikes=0, inactivity_warned_at=None)

    with django_assert_max_num_queries(25):
        report = run_evaluation()

    assert (report.evaluated, report.warned) == (40, 40)
    assert CommunityGroup.objects.filter(lifecycle_strikes=1, inactivity_warned_at__isnull=False).count() == 40


def writes_in(statements):
    """INSERT, UPDATE and DELETE statements, but the job lock's own lease row (SQLite's lock is a table row)."""
    return [
        sql
        for sql in statements
        if sql.split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE") and "core_joblock" not in sql
    ]


def test_running_again_the_same_day_writes_nothing(every_situation, django_capture_on_commit_callbacks):
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        run_evaluation(now=now)
    sent = len(mail.outbox)

    with django_capture_on_commit_callbacks(execute=True), CaptureQueriesContext(connection) as queries:
        report = run_evaluation(now=later_the_same_day(now))

    assert (report.evaluated, report.skipped) == (0, len(every_situation))
    assert writes_in([query["sql"] for query in queries]) == []
    assert len(mail.outbox) == sent
