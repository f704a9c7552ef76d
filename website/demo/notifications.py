"""Demo: invite links in an invitation-only group and in the baking club, and the notifications a running programme
would have left: the leaders' open join requests, the members' newest activity. The board's builder already told
authors about comments, likes, mentions and 精华 through the board's own services; here the likes are marked
read, as a member who visits now and then would have left them."""

from django.db import transaction
from django.utils import timezone

from portal.groups.models import Activity, CommunityGroup, Invitation, JoinRequest, Membership
from portal.groups.notifications import activities as activity_events
from portal.groups.notifications import membership as membership_events
from portal.groups.services.invitations import create_invitation
from portal.notifications.models import Notification

from .core import register

INVITE_LINKS = [
    # (group slug, days valid, uses allowed)
    ("sz-old-street", 30, 20),
    ("sz-old-street", 7, 5),
    ("hz-baking", 7, 10),
]


def _leader(group):
    membership = (
        Membership.objects.filter(group=group, state=Membership.State.ACTIVE, role=Membership.Role.LEADER)
        .select_related("member")
        .first()
    )
    return membership.member if membership else None


def _invite_links(context):
    for slug, days, uses in INVITE_LINKS:
        group = CommunityGroup.objects.filter(slug=slug).first()
        leader = _leader(group) if group else None
        if leader is None or Invitation.objects.filter(group=group, created_by=leader, max_uses=uses).exists():
            continue
        create_invitation(group, leader, days=days, max_uses=uses)


@register(order=340)
def notifications(context):
    _invite_links(context)
    # The open join requests, as their groups' leaders were told when each arrived.
    for request in JoinRequest.objects.filter(status=JoinRequest.Status.PENDING).select_related("group", "member"):
        membership_events.join_requested(request)
    # Each group's next activity, as its members were told when the leader announced it.
    seen = set()
    upcoming = Activity.objects.upcoming().select_related("group").order_by("starts_at")
    for activity in upcoming:
        if activity.group_id not in seen:
            seen.add(activity.group_id)
            activity_events.activity_new(activity)
    # Notifications are written when the demo's transaction commits, after the callbacks registered before this one.
    transaction.on_commit(_settle_reading)


def _settle_reading():
    Notification.objects.filter(kind="board.liked", read_at__isnull=True).update(read_at=timezone.now())
