"""Races on PostgreSQL: RSVPs and check-ins against capacity, and two evaluation runs at once.

Each thread has its own connection, so the data must be committed (transaction=True); serialized_rollback brings
back the rows the migrations made (point rules, pages, staff groups) after the flush.
"""

from contextlib import nullcontext
from datetime import timedelta

import pytest
from django.utils import timezone

from portal.groups import activity_services, lifecycle
from portal.groups.models import Activity, ActivityRSVP, Attendance, CommunityGroup, StageChange, StageProposal
from portal.groups.services import GroupActionError
from tests.concurrency import race_test, run_concurrently
from tests.groups.factories import MembershipFactory
from tests.lifecycle.factories import ActivityFactory
from tests.lifecycle.helpers import build_group
from website.core.jobs import JobAlreadyRunning

# Skipped by a marker, not inside a fixture: a test skipped from a fixture has already set up its transactional
# database, and its flush leaves the next serialized_rollback test (the browser journey) without the migrations' rows.
pytestmark = race_test


def race(target, arguments):
    """Run target(*args) for each args in its own thread, all released at once; returns results or exceptions."""
    results, unexpected = run_concurrently(len(arguments), lambda i: target(*arguments[i]), expected=(Exception,))
    assert unexpected == []
    return results


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
    monkeypatch.setattr(lifecycle, "job_lock", lambda name: nullcontext())
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
