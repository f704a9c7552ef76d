"""One definition of "took part": attending or hosting an activity of the group; passive awards never count."""

from datetime import timedelta

from django.utils import timezone

from portal.groups.metrics import PARTICIPATION_SOURCES, group_metrics
from portal.groups.models import Activity
from portal.points import services as points
from tests.factories import StaffUserFactory
from tests.groups.factories import CommunityGroupFactory, MemberFactory, MembershipFactory
from tests.groups.lifecycle.factories import ActivityFactory, attend, days_ago, tally


def active_in(group):
    return group_metrics([group.pk])[group.pk].active_members


def test_sign_up_profile_founding_and_staff_points_never_make_a_member_active(group, leader, make_member):
    member = make_member()
    staff = StaffUserFactory()
    for code in ("email_verified", "profile_completed", "group_founded", "group_joined"):
        points.award(member, code)
    points.adjust(member, 50, reason="补发", actor=staff)
    tally(leader, timezone.localdate() - timedelta(days=1), 100)

    assert active_in(group) == 0


def test_attending_an_activity_of_the_group_makes_a_member_active_there(group, make_member):
    member = make_member()
    make_member()
    attend(ActivityFactory(group=group, starts_at=days_ago(3)), member)

    metrics = group_metrics([group.pk])[group.pk]
    assert metrics.active_members == 1
    assert metrics.active_share == round(100 * 1 / metrics.members)


def test_hosting_an_activity_makes_the_host_active_even_when_nobody_came(group, leader):
    ActivityFactory(group=group, starts_at=days_ago(2), created_by=leader)

    assert active_in(group) == 1


def test_a_cancelled_or_future_activity_is_not_taking_part(group, leader):
    ActivityFactory(group=group, starts_at=days_ago(2), created_by=leader, status=Activity.Status.CANCELLED)
    ActivityFactory(group=group, starts_at=timezone.now() + timedelta(days=2), created_by=leader)

    assert active_in(group) == 0


def test_taking_part_before_the_window_does_not_count(group, make_member):
    attend(ActivityFactory(group=group, starts_at=days_ago(31)), make_member())

    assert active_in(group) == 0


def test_a_group_with_no_activity_in_the_window_has_no_active_members_whatever_its_members_did_elsewhere(topic):
    busy, quiet = CommunityGroupFactory(topic=topic), CommunityGroupFactory(topic=topic)
    member = MemberFactory()
    MembershipFactory(group=busy, member=member)
    MembershipFactory(group=quiet, member=member)
    attend(ActivityFactory(group=busy, starts_at=days_ago(1)), member)
    tally(member, timezone.localdate(), 80, group=busy)

    assert active_in(busy) == 1
    assert active_in(quiet) == 0


def test_the_points_metric_counts_only_points_earned_in_the_group(topic):
    here, elsewhere = CommunityGroupFactory(topic=topic), CommunityGroupFactory(topic=topic)
    member = MemberFactory()
    MembershipFactory(group=here, member=member)
    MembershipFactory(group=elsewhere, member=member)
    tally(member, timezone.localdate() - timedelta(days=1), 30, group=here)
    tally(member, timezone.localdate() - timedelta(days=1), 200, group=elsewhere)
    tally(member, timezone.localdate() - timedelta(days=1), 50)  # site-wide: a sign-up or founding bonus

    metrics = group_metrics([here.pk, elsewhere.pk])
    assert (metrics[here.pk].points, metrics[elsewhere.pk].points) == (30, 200)


def test_staff_who_attend_are_not_counted(group):
    staff = StaffUserFactory()
    MembershipFactory(group=group, member=staff)
    attend(ActivityFactory(group=group, starts_at=days_ago(1)), staff)

    assert active_in(group) == 0


def test_every_participation_source_names_a_member_a_group_and_a_moment():
    for source in PARTICIPATION_SOURCES:
        row = source.values().query
        assert len(row.values_select) == 3, source.name
