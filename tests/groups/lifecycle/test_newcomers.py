"""Newcomers: a member's first attended activity of a group, by the activity's start, whatever the list's order."""

from datetime import timedelta
from itertools import permutations

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.groups.models import Activity, Attendance
from portal.groups.services import GroupActionError
from portal.groups.services import activities as activity_services
from portal.points.models import PointEntry
from tests.groups.lifecycle.factories import ActivityFactory, days_ago


@pytest.fixture
def three(group):
    """Three past activities of the group, oldest first."""
    return [ActivityFactory(group=group, starts_at=days_ago(days)) for days in (20, 10, 3)]


def newcomer_at(member, group):
    return list(
        Attendance.objects.filter(member=member, group=group, is_newcomer=True).values_list("activity_id", flat=True)
    )


def counters(*activities):
    return [tuple(Activity.objects.values_list("attended_count", "newcomer_count").get(pk=a.pk)) for a in activities]


def test_a_check_in_taken_for_an_earlier_activity_afterwards_moves_the_newcomer_there(group, three, make_member):
    member = make_member()
    first, _second, last = three

    activity_services.mark_attendance(last, [member.pk])
    assert newcomer_at(member, group) == [last.pk]

    activity_services.mark_attendance(first, [member.pk])  # the list of the older activity completed later

    assert newcomer_at(member, group) == [first.pk]
    assert counters(first, last) == [(1, 1), (1, 0)]


def test_removing_the_first_attendance_makes_the_next_one_the_newcomer(group, three, make_member):
    member = make_member()
    first, second, last = three
    for activity in (first, second, last):
        activity_services.mark_attendance(activity, [member.pk])

    activity_services.remove_attendance(first, member)

    assert newcomer_at(member, group) == [second.pk]
    assert counters(first, second, last) == [(0, 0), (1, 1), (1, 0)]
    assert not Attendance.objects.filter(activity=first, member=member).exists()


def test_removing_a_later_attendance_keeps_the_first_one_the_newcomer(group, three, make_member):
    member, other = make_member(), make_member()
    first, _second, last = three
    activity_services.mark_attendance(first, [member.pk])
    activity_services.mark_attendance(last, [member.pk, other.pk])

    activity_services.remove_attendance(last, member)

    assert newcomer_at(member, group) == [first.pk]
    assert newcomer_at(other, group) == [last.pk]
    assert counters(first, last) == [(1, 1), (1, 1)]


def test_removing_an_attendance_takes_back_its_points(group, three, make_member):
    member = make_member()
    activity_services.mark_attendance(three[0], [member.pk])

    activity_services.remove_attendance(three[0], member)

    entries = PointEntry.objects.filter(member=member, rule__code="activity_attended")
    assert sum(entries.values_list("amount", flat=True)) == 0


def test_removing_someone_not_on_the_list_is_a_message(group, three, make_member):
    with pytest.raises(GroupActionError):
        activity_services.remove_attendance(three[0], make_member())


def test_two_activities_starting_at_the_same_moment_make_one_newcomer(group, make_member):
    member = make_member()
    moment = days_ago(4)
    morning = [ActivityFactory(group=group, starts_at=moment) for _ in range(2)]
    for activity in reversed(morning):
        activity_services.mark_attendance(activity, [member.pk])

    assert newcomer_at(member, group) == [morning[0].pk]


@pytest.mark.parametrize("order", list(permutations(range(3))))
def test_a_member_is_never_a_newcomer_twice_in_a_group_whatever_the_order(group, three, make_member, order):
    """Add the three attendances in every order, then take them away in that order; check after every step."""
    member = make_member()

    def check():
        attended = sorted(
            Attendance.objects.filter(member=member, group=group).values_list("activity_starts_at", "activity_id")
        )
        assert newcomer_at(member, group) == ([attended[0][1]] if attended else [])
        for activity in three:
            flagged = Attendance.objects.filter(activity=activity, is_newcomer=True).count()
            assert Activity.objects.get(pk=activity.pk).newcomer_count == flagged

    for index in order:
        activity_services.mark_attendance(three[index], [member.pk])
        check()
    for index in order:
        activity_services.remove_attendance(three[index], member)
        check()


def test_a_leader_takes_a_member_off_the_list_and_the_next_activity_makes_them_a_newcomer(
    login, group, leader, three, make_member
):
    member = make_member()
    first, second, _last = three
    for activity in (first, second):
        activity_services.mark_attendance(activity, [member.pk])
    page = reverse("groups:activity", args=[group.slug, first.pk])
    assert reverse("groups:activity_attendance_remove", args=[group.slug, first.pk]) in (
        login(leader).get(page).content.decode()
    )

    response = login(leader).post(
        reverse("groups:activity_attendance_remove", args=[group.slug, first.pk]), {"member": member.pk}
    )

    assert response.status_code == 302
    assert newcomer_at(member, group) == [second.pk]
    assert counters(first, second) == [(0, 0), (1, 1)]


def test_only_the_groups_leaders_take_members_off_the_list(login, group, three, make_member):
    member, other = make_member(), make_member()
    activity_services.mark_attendance(three[0], [member.pk])

    response = login(other).post(
        reverse("groups:activity_attendance_remove", args=[group.slug, three[0].pk]), {"member": member.pk}
    )

    assert response.status_code == 403
    assert newcomer_at(member, group) == [three[0].pk]


def test_moving_an_activity_in_time_moves_the_newcomer_with_it(login, group, leader, three, make_member):
    """The leader corrects the date of the first activity to after the others: the newcomer is now the earliest."""
    member, other = make_member(), make_member()
    first, second, last = three
    for activity in three:
        activity_services.mark_attendance(activity, [member.pk])
    activity_services.mark_attendance(first, [other.pk])
    moved = timezone.now() - timedelta(days=1)
    data = {
        "title": first.title,
        "mode": "offline",
        "starts_at": timezone.localtime(moved).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(moved + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "place": first.place,
        "link": "",
        "description": "",
        "capacity": "",
    }

    response = login(leader).post(reverse("groups:activity_edit", args=[group.slug, first.pk]), data)

    assert response.status_code == 302
    assert Attendance.objects.get(activity=first, member=member).activity_starts_at.date() == moved.date()
    assert newcomer_at(member, group) == [second.pk]
    assert newcomer_at(other, group) == [first.pk]
    assert counters(first, second, last) == [(2, 1), (1, 1), (1, 0)]
