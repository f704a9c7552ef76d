"""Sign-ups that came through a course share link are recorded, so the sharer can be rewarded later; enrolments purge
the anonymous pages that show a course's seats (the course page and the course index, website.core.page_cache)."""

from allauth.account.signals import user_signed_up
from django.dispatch import receiver

from website.core.page_cache import purge_on_change, purge_pages

from . import services
from .models import CourseSeats, Enrolment


@receiver(user_signed_up)
def remember_referral(sender, request, user, **kwargs):
    data = request.session.pop("course_referral", None) if request is not None else None
    if data:
        services.record_referral(user, data)


def purge_course(row):
    # Seats taken or freed: the F() update of CourseSeats always comes with an enrolment saved in its transaction.
    purge_pages([row.course])


purge_on_change(purge_course, Enrolment, CourseSeats)
