"""Signals the groups app sends for apps above it (featured pages, notifications) to react to, and the purges of the
anonymous page cache for what a group's pages show (website.core.page_cache).

What shows a group: its own page, the directory (every filter and page of it), the home page, /activities/ (group
names) and, through ``group_shown_changed``, any page of an app above (the featured stories about the group).
What shows an activity: its group's page, /activities/ and the activity's own page.
"""

from django.conf import settings
from django.dispatch import Signal, receiver
from django.urls import reverse
from django.utils import translation

from website.core.page_cache import purge_on_change, purge_paths

from .boards import bump_activities
from .models import Activity, CommunityGroup, Membership
from .models.groups import group_index_url

# Sent with group, from_stage, to_stage, after the change is saved (in the same transaction).
stage_changed = Signal()

# Sent with group when what the public pages show of it changed; receivers return extra paths to purge.
group_shown_changed = Signal()


def _group_paths(group):
    with translation.override(settings.LANGUAGE_CODE):
        paths = [group.get_absolute_url(), group_index_url(), "/", reverse("activities")]
    for _receiver, extra in group_shown_changed.send(sender=CommunityGroup, group=group):
        paths += list(extra or ())
    return paths


def purge_group(group):
    """After commit, the anonymous pages showing this group render afresh (profile, stage, status, member count)."""
    purge_paths(lambda: _group_paths(group))


def purge_activity(activity):
    """The pages showing this activity render afresh: its group's page (and its cached list of activities),
    /activities/ and its own page."""
    bump_activities(activity.group_id)

    def paths():
        group = activity.group
        with translation.override(settings.LANGUAGE_CODE):
            return [
                f"{group_index_url()}{group.slug}/",
                reverse("activities"),
                reverse("groups:activity", args=[group.slug, activity.pk]),
            ]

    purge_paths(paths)


@receiver(stage_changed, dispatch_uid="groups.stage_changed_purge")
def purge_on_stage_change(sender, group, **kwargs):
    purge_group(group)


purge_on_change(purge_activity, Activity)
purge_on_change(purge_group, CommunityGroup)
# A group's page lists its leaders and counts its members: a role or a seat changed.
purge_on_change(lambda membership: purge_group(membership.group), Membership)
