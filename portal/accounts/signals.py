"""Keeps a member's e-mail language in step with the language they use the site in."""

from allauth.account.signals import user_logged_in
from django.dispatch import receiver
from django.utils.translation import get_language


@receiver(user_logged_in)
def remember_language(sender, request, user, **kwargs):
    language = get_language()
    if language and language != user.language and language in dict(user._meta.get_field("language").choices):
        user.language = language
        user.save(update_fields=["language"])
