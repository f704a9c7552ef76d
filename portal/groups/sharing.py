"""What a group and an activity look like on a share poster (website.core.sharing), and the reward for a share link
that brought in a member who then joined a group or enrolled in a course (portal.accounts.referrals)."""

from django.utils.translation import ngettext, pgettext

from portal.accounts import referrals
from portal.points import services as points
from website.core import sharing

from .models import Activity, CommunityGroup


def reward_sharer(new_member):
    """Pay the member whose share link brought ``new_member`` in; the ledger pays once per new member, so the first
    group joined or course enrolled in pays and later ones are no-ops."""
    sharer = referrals.sharer_of(new_member)
    if sharer is not None:
        points.award(sharer, referrals.REWARD_RULE, new_member)


def group_card(request, pk):
    group = CommunityGroup.objects.select_related("topic").filter(pk=pk).first()
    if group is None:
        return None
    facts = [
        f"{group.topic.name} · {group.city}",
        ngettext("%(count)d member", "%(count)d members", group.member_count) % {"count": group.member_count},
        group.summary,
    ]
    return sharing.ShareCard(title=group.name, path=group.get_absolute_url(), facts=facts, cover=group.cover)


def activity_cover(activity):
    """The activity's first photo, else its group's cover (None when neither has one)."""
    photo = activity.photos.order_by("created_at", "pk").first()
    if photo is not None and photo.image:
        return photo.image
    return activity.group.cover or None


def activity_card(request, pk):
    activity = Activity.objects.select_related("group").filter(pk=pk).first()
    if activity is None:
        return None
    facts = [
        f"{sharing.local_time(activity.starts_at)} – {sharing.local_time(activity.ends_at, '%H:%M')}",
        activity.place if activity.place else activity.get_mode_display(),
        activity.group.name,
    ]
    if activity.is_cancelled:
        facts.insert(0, pgettext("activity", "Cancelled"))
    return sharing.ShareCard(
        title=activity.title, path=activity.get_absolute_url(), facts=facts, cover=activity_cover(activity)
    )


def register():
    sharing.register("group", group_card)
    sharing.register("activity", activity_card)
