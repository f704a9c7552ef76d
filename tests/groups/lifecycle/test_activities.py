"""Activities: creating them, RSVPs within capacity, check-in by code or list, newcomers, the report and cancelling."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext, override

from portal.groups.models import Activity, ActivityPhoto, ActivityRSVP, Attendance, Membership
from portal.groups.services import GroupActionError
from portal.groups.services import activities as activity_services
from portal.points.models import PointEntry
from tests.groups.factories import CommunityGroupFactory, MembershipFactory
from tests.groups.lifecycle.factories import ActivityFactory, attend, days_ago
from tests.groups.lifecycle.helpers import messages_of, zh
from tests.utils import upload


def url(name, activity):
    return reverse(f"groups:{name}", kwargs={"slug": activity.group.slug, "pk": activity.pk})


def local_input(moment):
    """What a datetime-local input sends: local wall time to the minute."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def points_for(member, rule):
    return list(PointEntry.objects.filter(member=member, rule__code=rule).values_list("amount", flat=True))


@pytest.fixture
def soon(group):
    """An activity of `group` starting in 30 minutes: RSVPs still open, check-in already open."""
    return ActivityFactory(group=group, starts_at=timezone.now() + timedelta(minutes=30))


@pytest.fixture
def held(group):
    """An activity of `group` that started two hours ago and has just ended."""
    return ActivityFactory(group=group, starts_at=timezone.now() - timedelta(hours=2))


# --- Creating --------------------------------------------------------------------------------------------------------


def activity_form(**changes):
    start = timezone.now() + timedelta(days=2)
    data = {
        "title": "周六清晨骑行",
        "mode": "offline",
        "starts_at": local_input(start),
        "ends_at": local_input(start + timedelta(hours=2)),
        "place": "断桥东侧",
        "link": "",
        "description": "六点半集合，自带头盔。",
        "capacity": "12",
    }
    data.update(changes)
    return data


def test_a_leader_creates_an_offline_activity_for_the_group(login, group, leader):
    response = login(leader).post(reverse("groups:activity_create", args=[group.slug]), activity_form())

    activity = Activity.objects.get(group=group)
    assert response.status_code == 302
    assert response["Location"] == activity.get_absolute_url()
    assert (activity.title, activity.place, activity.capacity, activity.created_by) == (
        "周六清晨骑行",
        "断桥东侧",
        12,
        leader,
    )
    assert activity.status == Activity.Status.SCHEDULED
    assert len(activity.check_in_code) == 6
    assert local_input(activity.starts_at) == activity_form()["starts_at"]


def test_a_co_leader_creates_an_online_activity_without_capacity(login, group, make_member):
    co_leader = make_member(role=Membership.Role.CO_LEADER)
    data = activity_form(mode="online", place="", link="https://meeting.example.com/ride", capacity="")

    login(co_leader).post(reverse("groups:activity_create", args=[group.slug]), data)

    activity = Activity.objects.get(group=group)
    assert (activity.mode, activity.link, activity.capacity) == ("online", "https://meeting.example.com/ride", None)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"ends_at": local_input(timezone.now() + timedelta(days=2) - timedelta(hours=1))},
            "ends_at",
            "The end must come after the start.",
        ),
        (
            {
                "starts_at": local_input(timezone.now() - timedelta(days=1)),
                "ends_at": local_input(timezone.now() - timedelta(days=1) + timedelta(hours=2)),
            },
            "starts_at",
            "Choose a time in the future.",
        ),
        ({"mode": "offline", "place": ""}, "place", "Say where members should go."),
        ({"mode": "online", "place": "", "link": ""}, "link", "Give the link members will use to join."),
    ],
    ids=["end before start", "start in the past", "offline without a place", "online without a link"],
)
def test_an_invalid_activity_is_refused_with_a_message_on_the_field(login, group, leader, changes, field, message):
    response = login(leader).post(reverse("groups:activity_create", args=[group.slug]), activity_form(**changes))

    assert response.status_code == 200
    assert zh(message) in response.context["form"].errors[field]
    assert not Activity.objects.exists()


# --- RSVP ------------------------------------------------------------------------------------------------------------


def test_a_member_rsvps_and_the_count_moves(login, group, make_member):
    member = make_member()
    activity = ActivityFactory(group=group, capacity=5)

    response = login(member).post(url("activity_rsvp", activity))

    activity.refresh_from_db()
    assert response.status_code == 302
    assert activity.rsvp_count == 1
    assert ActivityRSVP.objects.get(activity=activity, member=member).status == ActivityRSVP.Status.GOING


def test_a_second_rsvp_of_the_same_member_gets_a_clear_message(login, group, make_member):
    member = make_member()
    activity = ActivityFactory(group=group)
    client = login(member)
    client.post(url("activity_rsvp", activity))

    response = client.post(url("activity_rsvp", activity))

    assert zh("You are already signed up.") in messages_of(response)
    activity.refresh_from_db()
    assert activity.rsvp_count == 1
    assert ActivityRSVP.objects.filter(activity=activity).count() == 1


def test_rsvps_stop_at_the_capacity(login, group, make_member):
    activity = ActivityFactory(group=group, capacity=2)
    first, second, third = make_member(), make_member(), make_member()
    for member in (first, second):
        activity_services.rsvp(activity, member)

    response = login(third).post(url("activity_rsvp", activity))

    assert zh("This activity is full.") in messages_of(response)
    activity.refresh_from_db()
    assert activity.rsvp_count == 2
    assert not ActivityRSVP.objects.filter(activity=activity, member=third).exists()


def test_cancelling_an_rsvp_frees_the_place_and_the_member_can_come_back(login, group, make_member):
    activity = ActivityFactory(group=group, capacity=1)
    first, second = make_member(), make_member()
    activity_services.rsvp(activity, first)

    login(first).post(url("activity_cancel_rsvp", activity))
    activity_services.rsvp(activity, second)
    activity.refresh_from_db()
    assert activity.rsvp_count == 1
    with pytest.raises(GroupActionError):
        activity_services.rsvp(activity, first)  # full again
    activity_services.cancel_rsvp(activity, second)
    activity_services.rsvp(activity, first)

    activity.refresh_from_db()
    assert activity.rsvp_count == 1
    assert ActivityRSVP.objects.filter(activity=activity, status=ActivityRSVP.Status.GOING).get().member == first


def test_only_members_rsvp_and_only_before_the_start(login, group, outsider, make_member):
    upcoming = ActivityFactory(group=group)
    started = ActivityFactory(group=group, starts_at=timezone.now() - timedelta(minutes=5))

    refused = login(outsider).post(url("activity_rsvp", upcoming))
    late = login(make_member()).post(url("activity_rsvp", started))

    assert zh("Only members of the group can sign up.") in messages_of(refused)
    assert zh("This activity has already started.") in messages_of(late)
    assert not ActivityRSVP.objects.exists()


# --- Check-in and attendance -----------------------------------------------------------------------------------------


def test_a_member_checks_in_with_the_right_code_and_earns_points(login, soon, make_member):
    member = make_member()

    response = login(member).post(url("activity_check_in", soon), {"code": f"  {soon.check_in_code.lower()} "})

    assert zh("You are checked in. Enjoy!") in messages_of(response)
    attendance = Attendance.objects.get(activity=soon, member=member)
    assert (attendance.method, attendance.group_id, attendance.activity_starts_at) == (
        Attendance.Method.CODE,
        soon.group_id,
        soon.starts_at,
    )
    soon.refresh_from_db()
    assert soon.attended_count == 1
    assert points_for(member, "activity_attended") == [10]


def test_a_wrong_code_checks_no_one_in(login, soon, make_member):
    wrong = "22222" + ("3" if soon.check_in_code[-1] != "3" else "4")

    response = login(make_member()).post(url("activity_check_in", soon), {"code": wrong})

    assert zh("That code is not right. Ask the organiser for the code shown on the spot.") in messages_of(response)
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(
    ("starts_in", "open_"),
    [
        (timedelta(minutes=61), False),
        (timedelta(minutes=59), True),
        (-timedelta(hours=2 + 11), True),  # ended 11 hours ago
        (-timedelta(hours=2 + 13), False),  # ended 13 hours ago
    ],
    ids=["61 min before", "59 min before", "11 h after the end", "13 h after the end"],
)
def test_check_in_is_open_from_an_hour_before_to_twelve_hours_after(login, group, make_member, starts_in, open_):
    activity = ActivityFactory(group=group, starts_at=timezone.now() + starts_in)

    response = login(make_member()).post(url("activity_check_in", activity), {"code": activity.check_in_code})

    assert Attendance.objects.filter(activity=activity).exists() is open_
    if not open_:
        assert zh("Check-in is open from an hour before the start until the evening after.") in messages_of(response)


def test_a_non_member_cannot_check_in_even_with_the_code(login, soon, outsider):
    response = login(outsider).post(url("activity_check_in", soon), {"code": soon.check_in_code})

    assert zh("Only members of the group can check in.") in messages_of(response)
    assert not Attendance.objects.exists()


def test_checking_in_twice_gets_a_clear_message_and_one_attendance(login, soon, make_member):
    member = make_member()
    client = login(member)
    client.post(url("activity_check_in", soon), {"code": soon.check_in_code})

    response = client.post(url("activity_check_in", soon), {"code": soon.check_in_code})

    assert zh("Already checked in.") in messages_of(response)
    assert Attendance.objects.filter(activity=soon, member=member).count() == 1
    soon.refresh_from_db()
    assert soon.attended_count == 1
    assert points_for(member, "activity_attended") == [10]


def test_a_leader_ticks_members_off_the_list(login, held, leader, make_member, outsider):
    present, absent, already = make_member(), make_member(), make_member()
    attend(held, already)

    response = login(leader).post(
        url("activity_attendance", held), {"present": [present.pk, already.pk, outsider.pk, "x"]}
    )

    with override("zh-hans"):
        marked = ngettext("%(n)d member marked present.", "%(n)d members marked present.", 1) % {"n": 1}
    assert marked in messages_of(response)
    assert set(Attendance.objects.filter(activity=held).values_list("member_id", flat=True)) == {
        present.pk,
        already.pk,
    }
    assert Attendance.objects.get(member=present).method == Attendance.Method.LIST
    assert not Attendance.objects.filter(member=absent).exists()
    assert points_for(present, "activity_attended") == [10]


def test_attendance_cannot_be_taken_days_before_the_activity(login, group, leader, make_member):
    activity = ActivityFactory(group=group)
    member = make_member()

    response = login(leader).post(url("activity_attendance", activity), {"present": [member.pk]})

    assert zh("Attendance can be taken once the activity is about to start.") in messages_of(response)
    assert not Attendance.objects.exists()


def test_attendance_never_goes_above_the_capacity(login, group, leader, make_member):
    activity = ActivityFactory(group=group, starts_at=timezone.now() - timedelta(hours=1), capacity=2)
    members = [make_member() for _ in range(3)]

    login(leader).post(url("activity_attendance", activity), {"present": [member.pk for member in members]})
    activity.refresh_from_db()
    with pytest.raises(GroupActionError):
        activity_services.check_in_with_code(activity, make_member(), activity.check_in_code)

    activity.refresh_from_db()
    assert activity.attended_count == 2
    assert Attendance.objects.filter(activity=activity).count() == 2


def test_newcomers_and_regulars_are_counted_per_activity(group, make_member):
    regular, newcomer = make_member(), make_member()
    earlier = ActivityFactory(group=group, starts_at=days_ago(10))
    attend(earlier, regular)
    elsewhere = ActivityFactory(group=CommunityGroupFactory(), starts_at=days_ago(8))
    MembershipFactory(group=elsewhere.group, member=newcomer)
    attend(elsewhere, newcomer)  # a regular somewhere else is still new here
    activity = ActivityFactory(group=group, starts_at=timezone.now() - timedelta(minutes=10))

    assert activity_services.check_in_with_code(activity, regular, activity.check_in_code) is False
    assert activity_services.check_in_with_code(activity, newcomer, activity.check_in_code) is True

    activity.refresh_from_db()
    assert (activity.attended_count, activity.newcomer_count, activity.regular_count) == (2, 1, 1)
    assert Attendance.objects.get(activity=activity, member=newcomer).is_newcomer is True
    assert Attendance.objects.get(activity=activity, member=regular).is_newcomer is False


def test_attending_three_activities_a_day_is_the_most_that_earns_points(group, make_member):
    member = make_member()
    for _ in range(4):
        activity = ActivityFactory(group=group, starts_at=timezone.now() - timedelta(minutes=30))
        activity_services.check_in_with_code(activity, member, activity.check_in_code)

    assert points_for(member, "activity_attended") == [10, 10, 10]
    assert Attendance.objects.filter(member=member).count() == 4


def test_no_attendance_is_taken_for_a_cancelled_activity(login, group, leader, make_member):
    activity = ActivityFactory(group=group, starts_at=timezone.now() - timedelta(hours=1), status="cancelled")
    member = make_member()

    response = login(leader).post(url("activity_attendance", activity), {"present": [member.pk]})

    assert zh("This activity has been cancelled.") in messages_of(response)
    assert not Attendance.objects.filter(activity=activity).exists()
    assert points_for(member, "activity_attended") == []


# --- The report ------------------------------------------------------------------------------------------------------


def report(client, activity, files=(), **fields):
    data = {"summary": "十二人到场，绕湖一圈。", "feedback": "希望下次早点出发。", **fields}
    if files:
        data["photos"] = list(files)
    return client.post(url("activity_report", activity), data)


def test_filing_the_report_awards_the_host_once_when_someone_attended(login, held, leader, make_member):
    attend(held, make_member())
    client = login(leader)

    first = report(client, held)
    report(client, held, summary="补充：照片稍后上传。")

    held.refresh_from_db()
    assert zh("Thank you! The report is on the activity's page.") in messages_of(first)
    assert held.report_summary == "补充：照片稍后上传。"
    assert held.reported_at is not None
    assert points_for(leader, "activity_hosted") == [30]


def test_no_hosting_points_when_nobody_attended(login, held, leader):
    report(login(leader), held)

    held.refresh_from_db()
    assert held.reported_at is not None
    assert points_for(leader, "activity_hosted") == []


def test_hosting_points_follow_when_attendance_is_taken_after_a_first_report(login, held, leader, make_member):
    """A leader who files the report first and ticks the attendance list afterwards has still hosted members."""
    client = login(leader)
    report(client, held)
    client.post(url("activity_attendance", held), {"present": [make_member().pk]})

    report(client, held, summary="补记：签到名单已补上。")

    assert points_for(leader, "activity_hosted") == [30]


def test_a_cancelled_activity_earns_no_hosting_points(login, group, leader, make_member):
    activity = ActivityFactory(group=group, starts_at=timezone.now() - timedelta(hours=1))
    attend(activity, make_member())
    Activity.objects.filter(pk=activity.pk).update(status=Activity.Status.CANCELLED)

    report(login(leader), activity)

    assert points_for(leader, "activity_hosted") == []


def test_a_report_cannot_be_filed_before_the_activity(login, group, leader):
    activity = ActivityFactory(group=group)

    response = report(login(leader), activity)

    assert zh("A report can be filed once the activity has taken place.") in messages_of(response)
    activity.refresh_from_db()
    assert activity.reported_at is None


def test_report_photos_are_stored(login, held, leader, png_bytes):
    report(login(leader), held, files=[upload("ride.png", png_bytes()), upload("team.png", png_bytes((64, 48)))])

    assert ActivityPhoto.objects.filter(activity=held, uploaded_by=leader).count() == 2


@pytest.mark.parametrize(
    ("name", "content"), [("ride.png", b"<?php echo 'hello'; ?>"), ("notes.txt", b"plain text")], ids=["png", "txt"]
)
def test_a_file_that_is_not_an_image_is_refused(login, held, leader, png_bytes, name, content):
    response = report(login(leader), held, files=[upload("ok.png", png_bytes()), upload(name, content)])

    assert zh("Upload a valid image. The file you uploaded was either not an image or a corrupted image.") in (
        messages_of(response)
    )
    assert not ActivityPhoto.objects.exists()
    held.refresh_from_db()
    assert held.reported_at is None


@pytest.mark.parametrize(("existing", "new"), [(0, 10), (8, 2)], ids=["ten at once", "eight kept plus two"])
def test_an_activity_keeps_at_most_nine_photos(login, held, leader, png_bytes, existing, new):
    for index in range(existing):
        ActivityPhoto.objects.create(activity=held, image=upload(f"old{index}.png", png_bytes()))

    response = report(login(leader), held, files=[upload(f"p{i}.png", png_bytes()) for i in range(new)])

    assert zh("An activity keeps at most nine photos.") in messages_of(response)
    assert ActivityPhoto.objects.filter(activity=held).count() == existing


# --- Cancelling ------------------------------------------------------------------------------------------------------


def test_cancelling_tells_everyone_who_is_going_and_no_one_else(
    login, group, leader, make_member, django_capture_on_commit_callbacks
):
    activity = ActivityFactory(group=group, title="夜骑钱塘江")
    going = [make_member(), make_member()]
    changed_mind, silent = make_member(), make_member()
    for member in [*going, changed_mind]:
        activity_services.rsvp(activity, member)
    activity_services.cancel_rsvp(activity, changed_mind)

    with django_capture_on_commit_callbacks(execute=True):
        response = login(leader).post(url("activity_cancel", activity))

    activity.refresh_from_db()
    assert activity.status == Activity.Status.CANCELLED
    assert zh("The activity is cancelled and those signed up have been told.") in messages_of(response)
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(m.email for m in going)
    assert silent.email not in [address for message in mail.outbox for address in message.to]


def test_a_cancelled_activity_cannot_be_cancelled_again_or_joined(login, group, leader, make_member):
    activity = ActivityFactory(group=group)
    client = login(leader)
    client.post(url("activity_cancel", activity))

    again = client.post(url("activity_cancel", activity))
    rsvp = login(make_member()).post(url("activity_rsvp", activity))

    assert zh("This activity is already cancelled.") in messages_of(again)
    assert zh("This activity has been cancelled.") in messages_of(rsvp)
