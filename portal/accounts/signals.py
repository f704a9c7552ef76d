"""Keeps a member's e-mail language in step with the language they use the site in; records the share link a new
member signed up through (portal.accounts.referrals)."""

from allauth.account.signals import user_logged_in, user_signed_up
from django.dispatch import receiver
from django.utils.translation import get_language

from . import referrals


@receiver(user_logged_in)
def remember_language(sender, request, user, **kwargs):
    language = get_language()
    if language and language != user.language and language in dict(user._meta.get_field("language").choices):
        user.language = language
        user.save(update_fields=["language"])


@receiver(user_signed_up)
def record_referral(sender, request, user, **kwargs):
    data = request.session.pop(referrals.SESSION_KEY, None) if request is not None else None
    if data:
        referrals.record(user, data)
