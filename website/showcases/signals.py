"""Moderation decisions made in the admin earn their points: approval, and an editors' pick."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Entry
from .services import reward_moderation


@receiver(post_save, sender=Entry)
def reward_on_moderation(sender, instance, raw=False, **kwargs):
    if not raw:
        reward_moderation(instance)
