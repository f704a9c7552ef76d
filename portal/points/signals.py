"""Triggers from the accounts layer below: a verified e-mail and a completed profile earn points once. Rules and
levels saved in the admin drop their cached copies."""

from allauth.account.signals import email_confirmed
from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import services
from .models import Level, PointRule


@receiver(email_confirmed)
def award_email_verified(sender, request, email_address, **kwargs):
    # The member is the source too: once per member, whichever address they verify first.
    services.award(email_address.user, "email_verified", email_address.user)


@receiver(post_save, sender=get_user_model())
def award_profile_completed(sender, instance, created, raw=False, **kwargs):
    if raw or created or instance.profile_completeness < 100:
        return
    services.award(instance, "profile_completed", instance)


@receiver([post_save, post_delete], sender=PointRule)
def rules_changed(sender, **kwargs):
    services.forget_rules()


@receiver([post_save, post_delete], sender=Level)
def levels_changed(sender, **kwargs):
    services.forget_levels()
