"""One member enrolling several times at once (double clicks, tabs): one enrolment, one seat.

PostgreSQL only; tests/concurrency.py says why and how the threads are run.
"""

from courses import services as courses
from courses.models import CoursePage, CourseSeats, Enrolment
from tests.concurrency import race_test, run_concurrently
from tests.groups.factories import MemberFactory
from tests.page_factories import CoursePageFactory

pytestmark = race_test


def test_one_member_enrolling_twice_at_once_in_the_last_seat_is_enrolled_once_and_not_waitlisted():
    course = CoursePageFactory(capacity=1)
    member = MemberFactory()

    results, unexpected = run_concurrently(
        2, lambda i: courses.enrol(CoursePage.objects.get(pk=course.pk), member), expected=(courses.CourseError,)
    )

    assert unexpected == []
    assert sum(isinstance(r, Enrolment) for r in results) == 1, results
    enrolment = Enrolment.objects.get(course=course, member=member)
    assert enrolment.status == Enrolment.Status.ENROLLED
    assert CourseSeats.objects.get(course=course).enrolled == 1


def test_one_member_enrolling_six_times_at_once_takes_one_seat():
    course = CoursePageFactory(capacity=10)
    member = MemberFactory()

    results, unexpected = run_concurrently(
        6, lambda i: courses.enrol(CoursePage.objects.get(pk=course.pk), member), expected=(courses.CourseError,)
    )

    assert unexpected == []
    assert sum(isinstance(r, Enrolment) for r in results) == 1, results
    assert Enrolment.objects.filter(course=course, member=member).count() == 1
    assert CourseSeats.objects.get(course=course).enrolled == 1
