"""Clears cached navigation, footer and anonymous pages whenever what they show may have changed.

The fragment version is also the site-wide generation of the full-page cache (website.core.page_cache).
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from .cache import bump_fragment_version as _bump_now
from .models import SiteSettings


def bump_fragment_version():
    """Now, and again after the commit: a page rendered in between from data not yet committed may have been stored
    under the first bump's version (the full-page cache keys anonymous pages by it)."""
    _bump_now()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_bump_now)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(page_slug_changed)
@receiver(post_page_move)
def _page_changed(sender, **kwargs):
    bump_fragment_version()


@receiver(post_delete, sender=Page)
def _page_deleted(sender, **kwargs):
    # Sent for the Page row of every deleted page, whatever its type: it leaves every menu and list.
    bump_fragment_version()


@receiver(post_save, sender=SiteSettings)
@receiver(post_delete, sender=SiteSettings)
def _settings_changed(sender, created=False, **kwargs):
    # The row is created with its defaults on first use; pages rendered before showed the same defaults.
    if not created:
        bump_fragment_version()
