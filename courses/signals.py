"""Sign-ups that came through a course share link are recorded, so the sharer can be rewarded later."""

from allauth.account.signals import user_signed_up
from django.dispatch import receiver

from . import services


@receiver(user_signed_up)
def remember_referral(sender, request, user, **kwargs):
    data = request.session.pop("course_referral", None) if request is not None else None
    if data:
        services.record_referral(user, data)
