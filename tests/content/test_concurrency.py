"""Course capacity, call quotas and vote counts hold under real concurrency (threads, one connection each).

PostgreSQL only; tests/concurrency.py says why and how the threads are run.
"""

from courses import services as courses
from courses.models import CoursePage, CourseSeats, Enrolment
from recruitment import services as recruitment
from recruitment.models import Application, CallCounter
from tests.concurrency import race_test, run_concurrently
from tests.content.factories import CoursePageFactory, EntryFactory, RecruitmentCallPageFactory
from tests.factories import StaffUserFactory
from tests.groups.factories import MemberFactory
from website.showcases import services as showcases
from website.showcases.models import Entry, Vote

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


def test_simultaneous_acceptances_stop_at_the_quota():
    call = RecruitmentCallPageFactory(quota=3)
    staff = StaffUserFactory(groups=["Community team"])
    applications = []
    for _ in range(12):
        applications.append(recruitment.apply(call, MemberFactory(), []))

    def accept(i):
        return recruitment.decide([applications[i]], staff, Application.Status.ACCEPTED)

    results, unexpected = run_concurrently(len(applications), accept)

    assert unexpected == []
    assert Application.objects.filter(call=call, status=Application.Status.ACCEPTED).count() == 3
    assert CallCounter.objects.get(call=call).accepted == 3
    assert sum(done for done, _ in results) == 3
    assert sum(over for _, over in results) == 9


def test_simultaneous_votes_keep_the_count_equal_to_the_votes():
    entry = EntryFactory()
    voters = [MemberFactory() for _ in range(16)]

    def vote(i):
        return showcases.toggle_vote(Entry.objects.get(pk=entry.pk), voters[i])

    _, unexpected = run_concurrently(len(voters), vote, expected=(showcases.ShowcaseError,))

    assert unexpected == []
    entry.refresh_from_db()
    assert entry.vote_count == Vote.objects.filter(entry=entry).count() == len(voters)


def test_double_clicks_and_take_backs_at_once_keep_the_count_equal_to_the_votes():
    entry = EntryFactory()
    voters = [MemberFactory() for _ in range(6)]
    for voter in voters[:3]:
        showcases.toggle_vote(entry, voter)  # these three take theirs back while the others vote twice at once

    def toggle(i):
        return showcases.toggle_vote(Entry.objects.get(pk=entry.pk), voters[i % len(voters)])

    _, unexpected = run_concurrently(2 * len(voters), toggle, expected=(showcases.ShowcaseError,))

    entry.refresh_from_db()
    assert entry.vote_count == Vote.objects.filter(entry=entry).count()
    # A deadlock or a lost update here is a 500 for a member clicking "vote".
    assert [repr(error)[:160] for error in unexpected] == []
