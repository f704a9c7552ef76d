"""Races on PostgreSQL: RSVPs and check-ins against capacity, two evaluation runs at once, and a stage changed by
hand while the evaluation runs.

Each thread has its own connection, so the data must be committed (transaction=True); setup_site puts the point
rules, pages and staff groups back after the flush.
"""

import threading
import time
from contextlib import nullcontext
from datetime import timedelta

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from portal.groups.models import Activity, ActivityRSVP, Attendance, CommunityGroup, StageChange, StageProposal
from portal.groups.services import GroupActionError, lifecycle
from portal.groups.services import activities as activity_services
from portal.groups.services.lifecycle import job as lifecycle_job
from tests.concurrency import race, race_test
from tests.groups.factories import MembershipFactory
from tests.groups.lifecycle.factories import ActivityFactory
from tests.groups.lifecycle.helpers import build_group
from website.core.jobs import JobAlreadyRunning

# Skipped by a marker (requires_postgresql), not inside a fixture: a skipped test then sets up no database at all.
pytestmark = race_test


def test_twenty_members_racing_for_five_places_get_exactly_five(group):
    CommunityGroup.objects.filter(pk=group.pk).update(capacity=30)
    activity = ActivityFactory(group=group, capacity=5)
    members = [MembershipFactory(group=group).member for _ in range(20)]

    results = race(activity_services.rsvp, [(activity, member) for member in members])

    activity.refresh_from_db()
    assert activity.rsvp_count == 5
    assert ActivityRSVP.objects.filter(activity=activity, status=ActivityRSVP.Status.GOING).count() == 5
    refused = [result for result in results if isinstance(result, Exception)]
    assert len(refused) == 15
    assert all(isinstance(error, GroupActionError) for error in refused), refused


def test_one_member_rsvping_from_many_tabs_gets_one_place(group):
    activity = ActivityFactory(group=group, capacity=5)
    member = MembershipFactory(group=group).member

    race(activity_services.rsvp, [(activity, member)] * 8)

    activity.refresh_from_db()
    assert activity.rsvp_count == 1
    assert ActivityRSVP.objects.filter(activity=activity).count() == 1


def test_check_ins_racing_past_the_capacity_stop_at_it(group):
    activity = ActivityFactory(group=group, starts_at=timezone.now() - timedelta(minutes=10), capacity=3)
    members = [MembershipFactory(group=group).member for _ in range(10)]

    race(activity_services.check_in_with_code, [(activity, member, activity.check_in_code) for member in members])

    activity.refresh_from_db()
    assert activity.attended_count == 3
    assert Attendance.objects.filter(activity=activity).count() == 3


def test_one_member_checking_in_twice_at_once_is_recorded_once(group):
    activity = ActivityFactory(group=group, starts_at=timezone.now() - timedelta(minutes=10))
    member = MembershipFactory(group=group).member

    results = race(activity_services.check_in_with_code, [(activity, member, activity.check_in_code)] * 6)

    activity.refresh_from_db()
    assert Attendance.objects.filter(activity=activity, member=member).count() == 1
    assert activity.attended_count == 1
    assert all(isinstance(result, bool | GroupActionError) for result in results), results


@pytest.fixture
def promotable_groups(low_rules):
    """Six new groups ready to grow and two growing groups ready to be proposed for core."""
    growing = [build_group(members=5, active=4, activities=2, points=40) for _ in range(2)]
    CommunityGroup.objects.filter(pk__in=[group.pk for group in growing]).update(
        stage=CommunityGroup.Stage.GROWING, stage_changed_at=timezone.now() - timedelta(days=60)
    )
    return [build_group(members=3, active=2, activities=1, points=10) for _ in range(6)] + growing


def assert_each_decision_applied_once(groups):
    assert StageChange.objects.count() == 6
    assert sorted(StageChange.objects.values_list("group_id", flat=True)) == sorted(group.pk for group in groups[:6])
    assert StageProposal.objects.count() == 2
    assert CommunityGroup.objects.filter(stage=CommunityGroup.Stage.GROWING).count() == 8


def test_two_runs_at_once_apply_each_decision_once(promotable_groups):
    now = timezone.now()

    results = race(lifecycle.run_evaluation, [(now,), (now,)])

    reports = [result for result in results if isinstance(result, lifecycle.RunReport)]
    assert all(isinstance(result, lifecycle.RunReport | JobAlreadyRunning) for result in results), results
    assert sum(report.evaluated for report in reports) == len(promotable_groups)
    assert_each_decision_applied_once(promotable_groups)


def test_without_the_job_lock_the_daily_claim_still_applies_each_decision_once(promotable_groups, monkeypatch):
    """Two servers whose lock rows disagree (or an expired lock) still evaluate each group once a day."""
    monkeypatch.setattr(lifecycle_job, "job_lock", lambda name: nullcontext())
    now = timezone.now()

    results = race(lifecycle.run_evaluation, [(now,)] * 3)

    assert all(isinstance(result, lifecycle.RunReport) for result in results), results
    assert sum(report.evaluated for report in results) == len(promotable_groups)
    assert_each_decision_applied_once(promotable_groups)


def test_the_activity_counters_match_the_rows_after_a_race(group):
    activity = ActivityFactory(group=group, capacity=4)
    members = [MembershipFactory(group=group).member for _ in range(8)]

    race(activity_services.rsvp, [(activity, member) for member in members])
    race(activity_services.cancel_rsvp, [(activity, member) for member in members[:4]])

    activity = Activity.objects.get(pk=activity.pk)
    assert activity.rsvp_count == ActivityRSVP.objects.filter(activity=activity, status="going").count()


# --- A stage changed by hand while the job runs ---------------------------------------------------------------------


def in_thread(work):
    """Start work() in a thread of its own (own connection); returns the thread and a dict holding its outcome."""
    outcome = {}

    def run():
        try:
            outcome["result"] = work()
        except BaseException as error:  # noqa: BLE001 - the test asserts on it
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def until_someone_waits_for_a_row_lock():
    """Poll pg_locks until another session waits for a row (a transaction or tuple lock it has not been granted)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_locks WHERE NOT granted AND locktype IN ('transactionid', 'tuple')"
            )
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)
    raise AssertionError("nobody ever waited for the row lock")


def finish(*threads):
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"


def test_a_stage_set_by_hand_just_before_the_jobs_claim_is_what_the_job_decides_from(low_rules, team_member):
    """The team sets a promotable new group to core by hand; the job, waiting for that row, must not then promote
    the group to growing from the stage it would have seen before (a stale decision)."""
    group = build_group(members=3, active=2, activities=1, points=10)
    written, release = threading.Event(), threading.Event()

    def by_hand():
        with transaction.atomic():
            change = lifecycle.set_stage_by_hand(group, CommunityGroup.Stage.CORE, team_member, "社区团队直接认定")
            written.set()
            release.wait(30)  # the row stays locked, uncommitted, while the job reaches it
        return change

    staff, staff_outcome = in_thread(by_hand)
    assert written.wait(30)
    job, job_outcome = in_thread(lifecycle.run_evaluation)
    until_someone_waits_for_a_row_lock()
    release.set()
    finish(staff, job)

    assert "error" not in staff_outcome and "error" not in job_outcome, (staff_outcome, job_outcome)
    assert job_outcome["result"].evaluated == 1
    assert job_outcome["result"].promoted == 0
    group.refresh_from_db()
    assert group.stage == CommunityGroup.Stage.CORE
    assert list(StageChange.objects.values_list("from_stage", "to_stage", "actor_id")) == [
        (CommunityGroup.Stage.NEW, CommunityGroup.Stage.CORE, team_member.pk)
    ]


def test_a_stage_set_by_hand_while_the_job_writes_starts_from_the_jobs_result(low_rules, team_member, monkeypatch):
    """The job holds the rows it claimed until it commits: a change by hand meanwhile waits, then starts from the
    stage the job wrote (its record says growing -> core, not new -> core)."""
    group = build_group(members=3, active=2, activities=1, points=10)
    written, release = threading.Event(), threading.Event()
    real_write = lifecycle_job._write

    def write_then_wait(*args, **kwargs):
        changes = real_write(*args, **kwargs)
        written.set()
        release.wait(30)  # still inside the job's transaction
        return changes

    monkeypatch.setattr(lifecycle_job, "_write", write_then_wait)
    job, job_outcome = in_thread(lifecycle.run_evaluation)
    assert written.wait(30)
    staff, staff_outcome = in_thread(
        lambda: lifecycle.set_stage_by_hand(group, CommunityGroup.Stage.CORE, team_member, "社区团队直接认定")
    )
    until_someone_waits_for_a_row_lock()
    release.set()
    finish(job, staff)

    assert "error" not in staff_outcome and "error" not in job_outcome, (staff_outcome, job_outcome)
    assert job_outcome["result"].promoted == 1
    group.refresh_from_db()
    assert group.stage == CommunityGroup.Stage.CORE
    assert list(StageChange.objects.order_by("pk").values_list("from_stage", "to_stage", "actor_id")) == [
        (CommunityGroup.Stage.NEW, CommunityGroup.Stage.GROWING, None),
        (CommunityGroup.Stage.GROWING, CommunityGroup.Stage.CORE, team_member.pk),
    ]
