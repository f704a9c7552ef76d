"""Clears cached navigation and footer whenever what they show may have changed."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from .cache import bump_fragment_version
from .models import SiteSettings


@receiver(page_published)
@receiver(page_unpublished)
@receiver(page_slug_changed)
@receiver(post_page_move)
def _page_changed(sender, **kwargs):
    bump_fragment_version()


@receiver(post_save, sender=SiteSettings)
@receiver(post_delete, sender=SiteSettings)
def _settings_changed(sender, created=False, **kwargs):
    # The row is created with its defaults on first use; pages rendered before showed the same defaults.
    if not created:
        bump_fragment_version()
