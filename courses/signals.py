"""Sign-ups that came through a course share link are recorded, so the sharer can be rewarded later; enrolments purge
the anonymous pages that show a course's seats (the course page and the course index, website.core.page_cache)."""

from allauth.account.signals import user_signed_up
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from website.core.page_cache import purge_pages

from . import services
from .models import CourseSeats, Enrolment


@receiver(user_signed_up)
def remember_referral(sender, request, user, **kwargs):
    data = request.session.pop("course_referral", None) if request is not None else None
    if data:
        services.record_referral(user, data)


@receiver(post_save, sender=Enrolment)
@receiver(post_delete, sender=Enrolment)
@receiver(post_save, sender=CourseSeats)
@receiver(post_delete, sender=CourseSeats)
def course_seats_changed(sender, instance, raw=False, **kwargs):
    # Seats taken or freed: the F() update of CourseSeats always comes with an enrolment saved in its transaction.
    if not raw:
        purge_pages([instance.course])
