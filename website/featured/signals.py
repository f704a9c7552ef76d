"""When a featured group leaves the core stage, its pages come down and the editors are told."""

from django.contrib.auth import get_user_model
from django.dispatch import receiver

from portal.groups.signals import group_shown_changed, stage_changed
from website.core.email import email_member
from website.core.page_cache import page_paths
from website.core.permissions import EDITORS
from website.core.translation import default_locale_id

from .models import FeaturedGroupPage


@receiver(stage_changed)
def unpublish_when_no_longer_core(sender, group, from_stage, to_stage, **kwargs):
    # Only a core group can be featured (FeaturedGroupPage.clean), so only a group leaving core can have live stories.
    if to_stage == "core" or from_stage != "core":
        return
    # Translations come down with the originals; the editors hear about each story once.
    pages = list(FeaturedGroupPage.objects.live().filter(group=group).order_by("path"))
    for page in pages:
        page.unpublish(log_action=True)
    pages = [page for page in pages if page.locale_id == default_locale_id()]
    if pages:
        for editor in get_user_model().objects.filter(groups__name=EDITORS, is_active=True):
            email_member(editor, "featured/email/unpublished", {"group": group, "pages": pages})


@receiver(group_shown_changed)
def featured_pages_of(sender, group, **kwargs):
    """The featured stories about a group show its name, stage and member count: purged with the group's pages.

    Only a core group has live stories (they come down when it leaves core, which purges them as pages), so other
    groups cost no query: the nightly job may demote thousands at once."""
    if group.stage != "core":
        return []
    paths = []
    for page in FeaturedGroupPage.objects.live().filter(group=group):
        paths += page_paths(page)
    return paths
