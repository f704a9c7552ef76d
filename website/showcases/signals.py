"""Moderation decisions made in the admin earn their points and tell the author: approval, and an editors' pick.
Entries and votes purge the anonymous pages that show them (website.core.page_cache): the entry's page, its showcase
(and the showcase index listing it) and the home page's top entries."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from website.core.page_cache import page_paths, purge_on_change, purge_paths

from . import notifications
from .models import Entry, Vote
from .services import reward_moderation


@receiver(post_save, sender=Entry)
def reward_on_moderation(sender, instance, created=False, raw=False, **kwargs):
    if not raw:
        reward_moderation(instance)
        if not created:
            # A submission that goes live at once was nobody's decision: only a later save is a moderator's.
            notifications.entry_moderated(instance)


def purge_entry(entry):
    """After commit: the showcase in every language, the index listing it, the entry's page in every language, home."""
    showcase_id, entry_id = entry.showcase_id, entry.pk

    def paths():
        from .models import ShowcasePage

        showcase = ShowcasePage.objects.get(pk=showcase_id)
        found = ["/", *page_paths(showcase)]
        found += [f"{url}entries/{entry_id}/" for url in page_paths(showcase, parents=False)]
        return found

    purge_paths(paths)


purge_on_change(purge_entry, Entry)
# The vote count itself moves by an F() update next to the vote row; the row's signal purges for both.
purge_on_change(lambda vote: purge_entry(vote.entry), Vote)
