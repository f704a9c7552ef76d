"""The core app's receivers: cached navigation, footer and anonymous pages cleared whenever what they show may have
changed; the per-request memo opened and closed around each request and emptied by writes; the locale lookup and
the English tree kept in step with the Chinese one; every database connection timed for slow queries.

The fragment version is also the site-wide generation of the full-page cache (website.core.page_cache).
"""

from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.backends.signals import connection_created
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver
from wagtail.models import Locale, Page
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from . import memo, slow_queries, translation
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


@receiver(request_started, dispatch_uid="core.memo.started")
def _request_started(**kwargs):
    memo.start()


@receiver(request_finished, dispatch_uid="core.memo.finished")
def _request_finished(**kwargs):
    memo.stop()


@receiver(connection_created, dispatch_uid="core.slow_queries")
def _connection_created(connection, **kwargs):
    slow_queries.watch_connection(connection)


@receiver(post_save, dispatch_uid="core.memo.saved")
def _something_saved(**kwargs):
    memo.forget()


def _memoised_row_deleted(**kwargs):
    memo.forget()


# Deletes only of what the memo holds: a delete receiver for every model would stop Django's fast (no-fetch) deletes.
for _model in memo.MEMOISED_MODELS:
    post_delete.connect(_memoised_row_deleted, sender=_model, dispatch_uid=f"core.memo.deleted.{_model}")


@receiver(post_save, sender=Locale)
@receiver(post_delete, sender=Locale)
@receiver(post_migrate)
def _locales_changed(sender, **kwargs):
    # post_migrate also follows a flush, which empties the table without a delete signal.
    translation.forget_locales()


@receiver(page_published)
def _page_published_in_one_language(sender, instance, **kwargs):
    translation.keep_trees_in_step(instance)
