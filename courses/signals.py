"""Enrolments purge the anonymous pages that show a course's seats (the course page and the course index,
website.core.page_cache)."""

from website.core.page_cache import purge_on_change, purge_pages

from .models import CourseSeats, Enrolment


def purge_course(row):
    # Seats taken or freed: the F() update of CourseSeats always comes with an enrolment saved in its transaction.
    purge_pages([row.course])


purge_on_change(purge_course, Enrolment, CourseSeats)
