"""A group's settings as its leaders edit them: the join rules, what members see, the capacity and the audit record
of what changed, in one transaction, so a refusal (a capacity below the members, a join landing at the same moment)
leaves nothing half-changed and nothing recorded."""

from django.db import transaction
from django.utils.translation import gettext as _

from ..models import CommunityGroup, GroupProfileChange, GroupRules
from ..signals import purge_group
from .common import GroupActionError
from .membership import serve_waitlist

# What the settings page edits besides the capacity (which goes through its conditional update).
SETTINGS_FIELDS = (
    "join_policy",
    "members_can_invite",
    "join_questions",
    "chat_qr",
    "chat_instructions",
    "meeting_place",
)


def _set_capacity(group, capacity):
    """Change the capacity in the caller's transaction; the waitlist is served once it commits."""
    maximum = GroupRules.load().capacity_limit
    if capacity > maximum:
        raise GroupActionError(_("A group can have at most %(max)d members.") % {"max": maximum})
    # Conditional, so a join landing at the same moment cannot leave more members than seats.
    updated = CommunityGroup.objects.filter(pk=group.pk, member_count__lte=capacity).update(capacity=capacity)
    if not updated:
        raise GroupActionError(_("The group has more members than that; the capacity cannot go below its size."))
    group.refresh_from_db(fields=["capacity", "member_count"])
    purge_group(group)


def update_capacity(group, capacity):
    with transaction.atomic():
        _set_capacity(group, capacity)
    serve_waitlist(group)


def update_group_settings(group, actor_membership, *, settings, capacity, changed):
    """Save the leaders' settings (``settings``: values of SETTINGS_FIELDS), the capacity and the record of what
    changed, all or nothing. Raises GroupActionError, with nothing changed, when the capacity is refused.

    The waitlist is served after the commit: a larger capacity seats the people waiting (serving locks other
    members)."""
    unknown = set(settings) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValueError(sorted(unknown))
    original_capacity = CommunityGroup.objects.values_list("capacity", flat=True).get(pk=group.pk)
    with transaction.atomic():
        for name, value in settings.items():
            setattr(group, name, value)
        # The capacity is never written by save(): it is state guarded by the conditional update.
        group.capacity = original_capacity
        group.save(update_fields=list(settings))
        if capacity != original_capacity:
            _set_capacity(group, capacity)
        if changed:
            GroupProfileChange.objects.create(group=group, actor_id=actor_membership.member_id, changes=changed)
    if capacity != original_capacity:
        serve_waitlist(group)
    return group


def record_profile_change(group, actor, changed):
    """Store who changed which fields from what to what; staff read these in the admin."""
    if changed:
        GroupProfileChange.objects.create(group=group, actor=actor, changes=changed)
