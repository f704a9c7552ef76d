"""Courses: the directory's filters and order, enrolment with seats and a waitlist, audience and window, the .ics
calendar, check-in codes and their window, completion points, share-link referrals, and the staff admin."""

import csv
import io
from datetime import UTC, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from courses import services
from courses.models import CoursePage, CourseSeats, Enrolment, SessionAttendance
from portal.accounts import referrals
from portal.accounts.models import Referral, User
from portal.points import services as points
from portal.points.models import Level, PointEntry
from tests.factories import DEFAULT_PASSWORD, StaffUserFactory
from tests.groups.factories import MemberFactory, TopicFactory
from tests.page_factories import CoursePageFactory, session
from tests.utils import flashed, route, zh
from website.core.permissions import COMMUNITY_TEAM

pytestmark = pytest.mark.django_db


def enrol_as(client, member, course):
    client.force_login(member)
    return client.post(route(course, "enrol"))


def completed_awards(member, course=None):
    entries = PointEntry.objects.filter(member=member, rule__code="course_completed", kind=PointEntry.Kind.EARN)
    if course is not None:
        entries = entries.filter(source_id=str(course.pk))
    return list(entries)


def referral_awards(sharer):
    return list(PointEntry.objects.filter(member=sharer, rule__code="course_referral", kind=PointEntry.Kind.EARN))


# --- The directory --------------------------------------------------------------------------------------------------


def test_directory_lists_upcoming_courses_first_then_past_ones(client, course_index):
    CoursePageFactory(title="已经开始的课", sessions=[session(timedelta(days=-10))])
    CoursePageFactory(title="下个月的课", sessions=[session(timedelta(days=30))])
    CoursePageFactory(title="明天的课", sessions=[session(timedelta(days=1)), session(timedelta(days=8))])
    CoursePageFactory(title="草稿课", publish=False)

    response = client.get(course_index.url)

    assert response.status_code == 200
    assert [course.title for course in response.context["courses"]] == ["明天的课", "下个月的课", "已经开始的课"]


def test_directory_filters_by_level_mode_and_topic(client, course_index):
    pottery, writing = TopicFactory(slug="pottery"), TopicFactory(slug="writing")
    CoursePageFactory(title="陶艺入门", level=CoursePage.Level.BEGINNER, mode="offline", topic=pottery)
    CoursePageFactory(title="陶艺进阶", level=CoursePage.Level.INTERMEDIATE, mode="offline", topic=pottery)
    CoursePageFactory(title="线上写作", level=CoursePage.Level.BEGINNER, mode="online", topic=writing)
    CoursePageFactory(title="写作专业班", level=CoursePage.Level.PROFESSIONAL, mode="online", topic=writing)

    def titles(query):
        return {course.title for course in client.get(course_index.url, query).context["courses"]}

    assert titles({"level": "beginner"}) == {"陶艺入门", "线上写作"}
    assert titles({"mode": "offline"}) == {"陶艺入门", "陶艺进阶"}
    assert titles({"topic": "writing"}) == {"线上写作", "写作专业班"}
    assert titles({"level": "beginner", "topic": "pottery"}) == {"陶艺入门"}
    assert titles({"level": "nonsense"}) == {"陶艺入门", "陶艺进阶", "线上写作", "写作专业班"}


# --- Enrolment, waitlist, cancellation ------------------------------------------------------------------------------


def test_enrolment_fills_the_seats_then_puts_members_on_the_waitlist(client):
    course = CoursePageFactory(capacity=2)
    first, second, third = MemberFactory(), MemberFactory(), MemberFactory()

    for member in (first, second, third):
        response = enrol_as(client, member, course)
        assert response.status_code == 302

    statuses = {e.member_id: e.status for e in Enrolment.objects.filter(course=course)}
    assert statuses == {
        first.pk: Enrolment.Status.ENROLLED,
        second.pk: Enrolment.Status.ENROLLED,
        third.pk: Enrolment.Status.WAITLISTED,
    }
    assert CourseSeats.objects.get(course=course).enrolled == 2
    page = client.get(course.url)
    assert page.context["seats_left"] == 0


def test_cancelling_a_seat_promotes_the_oldest_waitlisted_member_and_emails_them(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    course = CoursePageFactory(title="手冲咖啡课", capacity=1)
    seated, oldest, newer = MemberFactory(), MemberFactory(email="oldest@example.com"), MemberFactory()
    services.enrol(course, seated)
    services.enrol(course, oldest)
    services.enrol(course, newer)
    # The newer member's row has the lower waitlist time only if ordering were by pk; make time decide.
    Enrolment.objects.filter(member=newer).update(waitlisted_at=timezone.now() + timedelta(minutes=1))

    client.force_login(seated)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(route(course, "cancel"))

    assert response.status_code == 302
    assert Enrolment.objects.get(member=seated).status == Enrolment.Status.CANCELLED
    assert Enrolment.objects.get(member=oldest).status == Enrolment.Status.ENROLLED
    assert Enrolment.objects.get(member=newer).status == Enrolment.Status.WAITLISTED
    assert CourseSeats.objects.get(course=course).enrolled == 1
    assert [message.to for message in mailoutbox] == [["oldest@example.com"]]
    assert "手冲咖啡课" in mailoutbox[0].subject + mailoutbox[0].body


def test_cancelling_a_waitlist_place_frees_no_seat(client):
    course = CoursePageFactory(capacity=1)
    seated, waiting = MemberFactory(), MemberFactory()
    services.enrol(course, seated)
    services.enrol(course, waiting)

    services.cancel(course, waiting)

    assert CourseSeats.objects.get(course=course).enrolled == 1
    assert Enrolment.objects.get(member=seated).status == Enrolment.Status.ENROLLED


def test_a_member_enrols_once_and_a_second_try_gets_a_message(client, member):
    course = CoursePageFactory()
    enrol_as(client, member, course)

    response = client.post(route(course, "enrol"))

    assert response.status_code == 302
    assert zh("You are already enrolled.") in flashed(response)
    assert Enrolment.objects.filter(course=course, member=member).count() == 1
    assert CourseSeats.objects.get(course=course).enrolled == 1
    with pytest.raises(services.CourseError):
        services.enrol(course, member)


def test_a_cancelled_member_can_enrol_again_in_the_same_row(client, member):
    course = CoursePageFactory()
    services.enrol(course, member)
    services.cancel(course, member)

    services.enrol(course, member)

    assert Enrolment.objects.get(course=course, member=member).status == Enrolment.Status.ENROLLED
    assert CourseSeats.objects.get(course=course).enrolled == 1


def test_enrolling_needs_a_signed_in_member_and_a_post(client):
    course = CoursePageFactory()
    assert client.get(route(course, "enrol")).status_code == 405
    response = client.post(route(course, "enrol"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Enrolment.objects.exists()


# --- Who may enrol, and when ----------------------------------------------------------------------------------------


def test_a_leaders_only_course_refuses_members_and_accepts_leaders(client, make_leader):
    course = CoursePageFactory(audience=CoursePage.Audience.LEADERS)
    member, leader = MemberFactory(), make_leader()

    response = enrol_as(client, member, course)
    assert zh("This course is for group leaders.") in flashed(response)
    assert not Enrolment.objects.filter(member=member).exists()

    enrol_as(client, leader, course)
    assert Enrolment.objects.get(member=leader).status == Enrolment.Status.ENROLLED


def test_a_course_from_a_level_refuses_members_below_it(client, staff_user):
    level = Level.objects.filter(min_points__gt=0).order_by("min_points").first()
    course = CoursePageFactory(audience=CoursePage.Audience.MIN_LEVEL, min_level=level)
    member = MemberFactory()

    enrol_as(client, member, course)
    assert not Enrolment.objects.filter(member=member).exists()

    points.adjust(member, level.min_points, reason="测试", actor=staff_user)
    enrol_as(client, member, course)
    assert Enrolment.objects.get(member=member).status == Enrolment.Status.ENROLLED


@pytest.mark.parametrize(
    ("opens", "closes"),
    [(timedelta(days=1), timedelta(days=5)), (timedelta(days=-5), timedelta(days=-1))],
    ids=["not-yet-open", "closed"],
)
def test_enrolment_outside_its_window_is_refused(client, member, opens, closes):
    now = timezone.now()
    course = CoursePageFactory(enrol_opens=now + opens, enrol_closes=now + closes)

    response = enrol_as(client, member, course)

    assert zh("Enrolment is closed.") in flashed(response)
    assert not Enrolment.objects.exists()


def test_enrolment_inside_its_window_is_accepted(client, member):
    now = timezone.now()
    course = CoursePageFactory(enrol_opens=now - timedelta(days=1), enrol_closes=now + timedelta(days=1))
    enrol_as(client, member, course)
    assert Enrolment.objects.get(member=member).status == Enrolment.Status.ENROLLED


def test_an_unpublished_course_cannot_be_enrolled_in(member):
    course = CoursePageFactory(publish=False)
    with pytest.raises(services.CourseError):
        services.enrol(course, member)


# --- Calendar -------------------------------------------------------------------------------------------------------


def test_the_calendar_has_one_event_per_session(client):
    starts = [timedelta(days=3), timedelta(days=10), timedelta(days=17)]
    course = CoursePageFactory(title="摄影, 入门; 第一期", sessions=[session(s, place="杭州图书馆") for s in starts])

    response = client.get(route(course, "calendar"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert text.count("BEGIN:VEVENT") == text.count("END:VEVENT") == 3
    expected = sorted(s.starts_at.astimezone(UTC).strftime("DTSTART:%Y%m%dT%H%M%SZ") for s in course.sessions.all())
    assert sorted(line for line in text.split("\r\n") if line.startswith("DTSTART:")) == expected
    assert "SUMMARY:摄影\\, 入门\\; 第一期" in text


# --- Check-in and completion ----------------------------------------------------------------------------------------


def running_course(count=1, **fields):
    """A course whose `count` sessions started ten minutes ago, with codes CODE01, CODE02..."""
    sessions = [session(timedelta(minutes=-10), check_in_code=f"CODE{i:02d}") for i in range(1, count + 1)]
    return CoursePageFactory(sessions=sessions, **fields)


def test_check_in_with_the_right_code_records_attendance(client, member):
    course = running_course()
    services.enrol(course, member)
    client.force_login(member)

    response = client.post(route(course, "check_in"), {"code": " code01 "})

    assert response.status_code == 302
    assert SessionAttendance.objects.filter(session__course=course, member=member).count() == 1
    assert client.get(course.url).context["attended_sessions"] == {course.sessions.get().pk}


def test_check_in_with_a_wrong_code_is_refused(client, member):
    course = running_course()
    services.enrol(course, member)
    client.force_login(member)

    response = client.post(route(course, "check_in"), {"code": "WRONG9"})

    assert zh("That code does not match a session running now.") in flashed(response)
    assert not SessionAttendance.objects.exists()


def test_check_in_needs_an_enrolment(client, member):
    course = running_course()
    client.force_login(member)
    response = client.post(route(course, "check_in"), {"code": "CODE01"})
    assert zh("Only enrolled members can check in.") in flashed(response)
    assert not SessionAttendance.objects.exists()


def test_checking_in_twice_to_one_session_is_refused(member):
    course = running_course(count=2, completion_share=100)
    services.enrol(course, member)
    services.check_in(course, member, "CODE01")
    with pytest.raises(services.CourseError):
        services.check_in(course, member, "CODE01")
    assert SessionAttendance.objects.count() == 1


@pytest.mark.parametrize(
    ("starts_in", "duration", "accepted"),
    [
        (timedelta(minutes=29), 60, True),  # 30 minutes before the start is allowed
        (timedelta(minutes=31), 60, False),
        (timedelta(minutes=-60 - 119), 60, True),  # ended 119 minutes ago: within 2 hours after
        (timedelta(minutes=-60 - 121), 60, False),
        (timedelta(days=7), 60, False),
    ],
    ids=["29min-before", "31min-before", "119min-after-end", "121min-after-end", "next-week"],
)
def test_check_in_is_open_from_30_minutes_before_to_2_hours_after_a_session(member, starts_in, duration, accepted):
    course = CoursePageFactory(
        sessions=[session(starts_in, duration_minutes=duration, check_in_code="WINDOW")], completion_share=100
    )
    services.enrol(course, member)
    if accepted:
        services.check_in(course, member, "WINDOW")
        assert SessionAttendance.objects.filter(member=member).count() == 1
    else:
        with pytest.raises(services.CourseError):
            services.check_in(course, member, "WINDOW")
        assert not SessionAttendance.objects.exists()


def test_completion_at_the_configured_share_awards_the_course_points_once(
    client, member, mailoutbox, django_capture_on_commit_callbacks
):
    course = running_course(count=5, completion_share=60, completion_points=77)
    services.enrol(course, member)
    client.force_login(member)

    with django_capture_on_commit_callbacks(execute=True):
        for code in ("CODE01", "CODE02"):
            client.post(route(course, "check_in"), {"code": code})
    assert Enrolment.objects.get(member=member).status == Enrolment.Status.ENROLLED
    assert completed_awards(member) == []

    with django_capture_on_commit_callbacks(execute=True):
        client.post(route(course, "check_in"), {"code": "CODE03"})  # 3 of 5 = 60 %
    enrolment = Enrolment.objects.get(member=member)
    assert enrolment.status == Enrolment.Status.COMPLETED
    assert enrolment.completed_at is not None
    [award] = completed_awards(member, course)
    assert award.amount == 77
    assert points.balance_of(member).balance == 77
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [member.email]

    with django_capture_on_commit_callbacks(execute=True):
        for code in ("CODE04", "CODE05"):
            client.post(route(course, "check_in"), {"code": code})
    assert len(completed_awards(member)) == 1
    assert points.balance_of(member).balance == 77
    assert len(mailoutbox) == 1
    assert SessionAttendance.objects.filter(member=member).count() == 5


def test_completion_points_follow_each_course(member):
    short = running_course(count=1, completion_share=100, completion_points=20)
    long = running_course(count=1, completion_share=100, completion_points=120)
    for course in (short, long):
        services.enrol(course, member)
        services.check_in(course, member, "CODE01")
    assert sorted(award.amount for award in completed_awards(member)) == [20, 120]
    assert points.balance_of(member).balance == 140


# --- Share links and referrals --------------------------------------------------------------------------------------


def sign_up_through(course, token, email):
    """A visitor opens the share link, signs up through allauth's own view, verifies and comes back signed in."""
    visitor = Client()
    visitor.get(course.url, {"ref": token})
    assert visitor.session.get(referrals.SESSION_KEY, {}).get("ref") == token
    response = visitor.post(
        "/accounts/signup/",
        {"email": email, "password1": DEFAULT_PASSWORD, "password2": DEFAULT_PASSWORD, "display_name": "新朋友"},
    )
    assert response.status_code == 302, response.content[:500]
    newcomer = User.objects.get(email=email)
    visitor.force_login(newcomer)
    return visitor, newcomer


def test_a_share_link_sign_up_and_enrolment_rewards_the_sharer_once_per_newcomer(client):
    sharer = MemberFactory()
    course, other_course = CoursePageFactory(), CoursePageFactory()
    token = referrals.share_token(sharer)
    client.force_login(sharer)
    assert client.get(course.url).context["share_url"].endswith(f"{course.url}?ref={token}")

    visitor, newcomer = sign_up_through(course, token, "friend@example.com")
    referral = Referral.objects.get(new_member=newcomer)
    assert referral.sharer == sharer and referral.source_path == course.url
    assert referral_awards(sharer) == []  # signing up alone earns nothing

    visitor.post(route(course, "enrol"))
    [award] = referral_awards(sharer)
    assert award.amount == 20

    # Cancelling and enrolling again, or enrolling in another course, does not pay twice.
    visitor.post(route(course, "cancel"))
    visitor.post(route(course, "enrol"))
    visitor.post(route(other_course, "enrol"))
    assert len(referral_awards(sharer)) == 1

    second_visitor, _ = sign_up_through(course, token, "friend2@example.com")
    second_visitor.post(route(course, "enrol"))
    assert len(referral_awards(sharer)) == 2
    assert points.balance_of(sharer).balance == 40
    assert referral_awards(newcomer) == []


def test_a_member_who_is_already_signed_in_does_not_count_as_a_referral(client, member):
    sharer = MemberFactory()
    course = CoursePageFactory()
    client.force_login(member)
    client.get(course.url, {"ref": referrals.share_token(sharer)})
    assert referrals.SESSION_KEY not in client.session

    client.post(route(course, "enrol"))

    assert not Referral.objects.exists()
    assert referral_awards(sharer) == []


def test_no_referral_for_oneself_or_a_forged_token(member):
    course = CoursePageFactory()
    assert referrals.record(member, {"ref": referrals.share_token(member), "path": course.url}) is None
    token = referrals.share_token(MemberFactory())
    forged = token[:-1] + ("1" if token[-1] == "0" else "0")
    assert referrals.sharer_from_token(forged) is None
    assert referrals.record(member, {"ref": forged, "path": course.url}) is None
    assert referrals.record(member, {"ref": "nonsense", "path": course.url}) is None
    assert not Referral.objects.exists()


def test_a_newcomer_is_referred_by_one_sharer_only(member):
    first, second = MemberFactory(), MemberFactory()
    assert referrals.record(member, {"ref": referrals.share_token(first)}) is not None
    assert referrals.record(member, {"ref": referrals.share_token(second)}) is None
    assert Referral.objects.get(new_member=member).sharer == first


# --- Staff admin ----------------------------------------------------------------------------------------------------

ENROLMENT_ADMIN = "/admin/courses/enrolment/"


def test_staff_export_enrolments_as_csv(client, staff_user):
    course = CoursePageFactory(title="葡萄酒品鉴", capacity=1)
    seated, waiting = MemberFactory(display_name="甲"), MemberFactory(display_name="乙")
    services.enrol(course, seated)
    services.enrol(course, waiting)
    client.force_login(staff_user)

    assert client.get(ENROLMENT_ADMIN).status_code == 200
    response = client.get(ENROLMENT_ADMIN, {"export": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert len(rows) == 3
    # The status column may carry the stored value or its label; either names the state.
    status_names = {
        "enrolled": {"enrolled", "Enrolled", zh("Enrolled")},
        "waitlisted": {"waitlisted", "On the waitlist", zh("On the waitlist")},
    }
    body = {(row[0], row[1]): row[2] for row in rows[1:]}
    assert set(body) == {("葡萄酒品鉴", "甲"), ("葡萄酒品鉴", "乙")}
    assert body[("葡萄酒品鉴", "甲")] in status_names["enrolled"]
    assert body[("葡萄酒品鉴", "乙")] in status_names["waitlisted"]


def test_the_enrolment_admin_is_for_staff_only(client, member):
    course = CoursePageFactory()
    services.enrol(course, member)

    response = client.get(ENROLMENT_ADMIN)
    assert response.status_code == 302 and "/login/" in response["Location"]

    client.force_login(member)
    response = client.get(ENROLMENT_ADMIN, {"export": "csv"})
    assert response.status_code in (302, 403)
    assert member.email.encode() not in (
        b"".join(response.streaming_content) if response.streaming else response.content
    )

    client.force_login(StaffUserFactory(groups=[COMMUNITY_TEAM]))
    assert client.get(ENROLMENT_ADMIN).status_code == 200
