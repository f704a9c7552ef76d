"""The course directory is paginated in SQL: one ordered query (upcoming courses soonest first, then past
ones latest first) of which the paginator reads one page. The pages hold what the old two-list listing held, and the
queries do not grow with the courses."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.models import CourseIndexPage, CoursePage
from courses.models.pages import COURSES_PER_PAGE, upcoming_first
from tests.page_factories import CoursePageFactory, original, session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _render_every_request(settings):
    # What rendering costs is measured here; tests/cache covers the full-page cache.
    settings.PAGE_CACHE_ENABLED = False


def add_courses(starts):
    """Live courses straight into the tree (no revision), one per entry of ``starts``: days from now, or None for a
    course without sessions."""
    index = original(CourseIndexPage)
    for days in starts:
        sessions = [] if days is None else [session(timedelta(days=days))]
        index.add_child(instance=CoursePageFactory.build(sessions=sessions))
    return index


def two_list_order(courses, now):
    """The listing as it was built before: the upcoming list, then the past one, concatenated in Python."""
    upcoming = courses.filter(Q(first_session_at__gte=now) | Q(first_session_at__isnull=True)).order_by(
        "first_session_at", "pk"
    )
    past = courses.filter(first_session_at__lt=now).order_by("-first_session_at", "pk")
    return [course.pk for course in [*upcoming, *past]]


# Upcoming, past, courses without sessions and ties on the same day, spread over three directory pages.
STARTS = [3, -2, None, 30, -40, 3, None, 1, -2, 90, -1, 7, 14, None, -365, 2, 5, -7, 60, -30, 3, 21, -3, 45, 8, -90]


def test_one_ordered_query_lists_the_courses_as_the_two_lists_did():
    index = add_courses(STARTS)
    courses = CoursePage.objects.live().child_of(index)
    now = timezone.now()

    assert [course.pk for course in upcoming_first(courses, now)] == two_list_order(courses, now)


def test_each_directory_page_holds_the_courses_it_held_before(client):
    index = add_courses(STARTS)
    expected = two_list_order(CoursePage.objects.live().child_of(index), timezone.now())

    for number in (1, 2, 3):
        listed = [course.pk for course in client.get(index.url, {"page": number}).context["courses"]]
        assert listed == expected[(number - 1) * COURSES_PER_PAGE : number * COURSES_PER_PAGE]


def course_queries(client, url, page):
    client.get(url, {"page": page})  # warm the per-process caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, {"page": page}).status_code == 200
    return [query["sql"] for query in queries]


def test_the_directory_reads_one_page_of_courses_whatever_their_number(client):
    index = add_courses([1, -1] * 7)
    few = course_queries(client, index.url, 2)
    add_courses([1, -1] * 30)
    many = course_queries(client, index.url, 2)

    assert len(few) == len(many)
    listing = [sql for sql in many if "first_session_at" in sql and "ORDER BY" in sql]
    assert listing, "the listing query was not seen"
    assert all(f"LIMIT {COURSES_PER_PAGE}" in sql for sql in listing)
