"""Course capacity holds under real concurrency (threads, one connection each): seats fill exactly, the
rest wait, cancellations promote without overfilling.

PostgreSQL only; tests/concurrency.py says why and how the threads are run.
"""

from courses import services as courses
from courses.models import CoursePage, CourseSeats, Enrolment
from tests.concurrency import race_test, run_concurrently
from tests.groups.factories import MemberFactory
from tests.page_factories import CoursePageFactory

pytestmark = race_test

CAPACITY = 5


def test_simultaneous_enrolments_fill_the_course_exactly_and_wait_list_the_rest():
    course = CoursePageFactory(capacity=CAPACITY)
    members = [MemberFactory() for _ in range(20)]

    def enrol(i):
        return courses.enrol(CoursePage.objects.get(pk=course.pk), members[i])

    results, unexpected = run_concurrently(len(members), enrol, expected=(courses.CourseError,))

    assert unexpected == []
    assert CourseSeats.objects.get(course=course).enrolled == CAPACITY
    assert Enrolment.objects.filter(course=course, status=Enrolment.Status.ENROLLED).count() == CAPACITY
    assert Enrolment.objects.filter(course=course, status=Enrolment.Status.WAITLISTED).count() == 20 - CAPACITY


def test_simultaneous_cancellations_promote_without_overfilling():
    course = CoursePageFactory(capacity=CAPACITY)
    seated = [MemberFactory() for _ in range(CAPACITY)]
    waiting = [MemberFactory() for _ in range(8)]
    for member in seated + waiting:
        courses.enrol(course, member)

    def cancel(i):
        return courses.cancel(CoursePage.objects.get(pk=course.pk), seated[i])

    _, unexpected = run_concurrently(CAPACITY, cancel, expected=(courses.CourseError,))

    assert unexpected == []
    enrolled = Enrolment.objects.filter(course=course, status=Enrolment.Status.ENROLLED)
    assert enrolled.count() == CAPACITY == CourseSeats.objects.get(course=course).enrolled
    assert set(enrolled.values_list("member_id", flat=True)) == {m.pk for m in waiting[:CAPACITY]}
