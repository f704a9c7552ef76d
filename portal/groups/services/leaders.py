"""The "Leaders" auth group: everyone who leads or co-leads an active group, or holds a leader grant.

Wagtail's view restrictions (leader guides and their documents) check this group, so it is kept in step with
roles by ``sync_leader_group`` whenever a role, membership or grant changes.
"""

from django.contrib.auth.models import Group
from django.utils import timezone

from ..models import CommunityGroup, LeaderGrant, Membership

LEADERS = "Leaders"


def leaders_group():
    group, _ = Group.objects.get_or_create(name=LEADERS)
    return group


def is_leader(user):
    """Whether the user is in the Leaders group (one query; the group is kept in step by sync_leader_group)."""
    if not user.is_authenticated:
        return False
    return user.groups.filter(name=LEADERS).exists()


def should_lead(user):
    """The truth the Leaders group follows: leading or co-leading an active group, or an active grant."""
    return (
        Membership.objects.leading().filter(member=user, group__status=CommunityGroup.Status.ACTIVE).exists()
        or LeaderGrant.objects.filter(member=user, revoked_at__isnull=True).exists()
    )


def sync_leader_group(*users):
    group = leaders_group()
    for user in users:
        if user is None:
            continue
        if should_lead(user):
            user.groups.add(group)
        else:
            user.groups.remove(group)


def grant(member, actor, *, founding_credits=1, note=""):
    LeaderGrant.objects.update_or_create(
        member=member,
        defaults={
            "founding_credits": founding_credits,
            "note": note[:200],
            "granted_by": actor,
            "granted_at": timezone.now(),
            "revoked_at": None,
        },
    )
    sync_leader_group(member)


def revoke(member):
    LeaderGrant.objects.filter(member=member, revoked_at__isnull=True).update(revoked_at=timezone.now())
    sync_leader_group(member)


def founding_credit(member):
    """An unused leader grant lets its holder found a group without the admission rules."""
    return LeaderGrant.objects.filter(member=member, revoked_at__isnull=True, founding_credits__gt=0).first()
