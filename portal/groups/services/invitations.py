"""Invite links: creating and revoking them, what a visitor of a link may do, and accepting one.

Accepting takes the member's lock (``lock_member``), then the link's row (``select_for_update``), then claims a use
with one conditional UPDATE (``uses < max_uses``), so the last use goes to one member however many accept at once.
Seats are taken by ``membership._admit`` (the capacity rule lives there); an approval group's link without
``skip_approval`` opens a normal pending request instead, stamped with the use's time: when the leaders approve it
(or the waitlist seats it), ``_admit`` marks the use admitted and pays the inviter (``InvitationUse.objects.behind``).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.locks import lock_member
from portal.points import services as points

from ..models import CommunityGroup, Invitation, InvitationUse, JoinRequest, Membership
from ..models.invitations import INVITE_POINT_RULE, MAX_USES_LIMIT
from .common import GroupActionError
from .membership import _admit, _check_size_band, _create_request, join_state

LIFETIMES = (1, 7, 30)  # days a link can be valid
MAX_ACTIVE_PER_MEMBER = 20  # usable links one member may hold in one group
POINT_RULE = INVITE_POINT_RULE

# Why a link cannot be used (or what it would do); the landing page shows these, accept() raises them.
MESSAGES = {
    "revoked": _("This invite link has been withdrawn by the person who made it or by the group's leaders."),
    "expired": _("This invite link has expired. Ask for a new one."),
    "used_up": _("This invite link has been used as many times as it allows. Ask for a new one."),
    "inviter_gone": _("This invite link no longer works: the person who made it can no longer invite to the group."),
    "archived": _("This group is archived and takes no new members."),
    "dormant": _(
        "This group is dormant: it has held no activity for a long time and takes no new members until it does."
    ),
    "member": _("You are already a member of this group."),
    "banned": _("You cannot join this group."),
    "requested": _("You have already asked to join this group."),
    "full": _("This group is full."),
    "used": _("You have already used this invite link."),
}
# States a landing page answers with 410 Gone: the link itself is dead.
GONE = frozenset({"revoked", "expired", "used_up", "inviter_gone"})


@dataclass(frozen=True)
class InvitationState:
    """What a visitor of a link sees: a code, and whether accepting admits at once or opens a request."""

    code: str
    admits: bool = False

    @property
    def can_accept(self):
        return self.code in ("join", "request")

    @property
    def needs_login(self):
        return self.code == "login"

    @property
    def is_gone(self):
        return self.code in GONE

    @property
    def message(self):
        return MESSAGES.get(self.code, "")


def may_invite(group, membership):
    """Whether the holder of ``membership`` may hand out links: leaders always, members where the group allows."""
    if membership is None or not membership.is_active or not group.is_active:
        return False
    return membership.can_manage or group.members_can_invite


def _membership(group, member):
    return Membership.objects.filter(group=group, member=member).first()


def _admits(invitation, group):
    return group.join_policy != CommunityGroup.JoinPolicy.APPROVAL or invitation.skip_approval


def invitation_state(invitation, user):
    """One of: revoked, expired, used_up, inviter_gone, archived, login, member, banned, dormant, requested, full,
    join (accepting admits), request (accepting opens a request for the leaders)."""
    group = invitation.group
    if invitation.is_revoked:
        return InvitationState("revoked")
    if invitation.is_expired:
        return InvitationState("expired")
    if invitation.is_used_up:
        return InvitationState("used_up")
    if not may_invite(group, _membership(group, invitation.created_by_id)):
        return InvitationState("archived" if not group.is_active else "inviter_gone")
    if not user.is_authenticated:
        # Said before signing up, not after: a dormant group takes nobody until it holds an activity again.
        return InvitationState("dormant" if group.dormant else "login")
    state = join_state(group, user)
    admits = _admits(invitation, group)
    if state.code in ("member", "leader"):
        return InvitationState("member")
    if state.code in ("banned", "archived", "dormant"):
        return InvitationState(state.code)
    if state.code in ("requested", "waitlisted") and not admits:
        return InvitationState("requested")
    if admits:
        return InvitationState("full" if group.is_full else "join", admits=True)
    return InvitationState("request")


def create_invitation(group, member, *, days, max_uses, skip_approval=False):
    """A new link for ``member`` in ``group``; at most MAX_ACTIVE_PER_MEMBER usable ones each, checked under the
    member's lock. Only leaders may let a link skip an approval group's review."""
    if days not in LIFETIMES:
        raise GroupActionError(_("Choose how long the link stays valid."))
    if not 1 <= max_uses <= MAX_USES_LIMIT:
        raise GroupActionError(_("Choose how many people can use the link."))
    with transaction.atomic():
        lock_member(member)
        membership = _membership(group, member)
        if not may_invite(group, membership):
            raise GroupActionError(_("You cannot create invite links for this group."))
        if Invitation.objects.usable().filter(group=group, created_by=member).count() >= MAX_ACTIVE_PER_MEMBER:
            raise GroupActionError(
                _("You already have %(n)d active invite links for this group. Revoke one first.")
                % {"n": MAX_ACTIVE_PER_MEMBER}
            )
        skip = (
            bool(skip_approval) and membership.can_manage and group.join_policy == CommunityGroup.JoinPolicy.APPROVAL
        )
        return Invitation.objects.create(
            group=group,
            created_by=member,
            expires_at=timezone.now() + timedelta(days=days),
            max_uses=max_uses,
            skip_approval=skip,
        )


def may_revoke(invitation, user):
    """The link's maker, and the group's leaders and co-leaders."""
    if invitation.created_by_id == user.pk:
        return True
    membership = _membership(invitation.group_id, user)
    return membership is not None and membership.can_manage


def revoke_invitation(invitation, user):
    if not may_revoke(invitation, user):
        raise GroupActionError(_("You cannot revoke this invite link."))
    updated = Invitation.objects.filter(pk=invitation.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if not updated:
        raise GroupActionError(_("This invite link has already been revoked."))


def accept_invitation(invitation, member):
    """Use a link: returns the new Membership, or a pending JoinRequest for an approval group's plain link.

    Raises GroupActionError (nothing changed) when the link or the member's state refuses it. The inviter earns the
    ``group_invite`` points once per member they bring in, and only for a member actually admitted: here when the link
    admits at once, or when the request it opened is approved (``membership._admit``); a refused request pays nothing.
    """
    with transaction.atomic():
        lock_member(member)
        locked = Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
        if locked is None:
            raise GroupActionError(MESSAGES["revoked"])
        # The group is read afresh: seats, status and policy may have changed since the page was shown.
        group = CommunityGroup.objects.get(pk=locked.group_id)
        locked.group = group
        state = invitation_state(locked, member)
        if not state.can_accept:
            raise GroupActionError(state.message or MESSAGES["used_up"])
        claimed = Invitation.objects.filter(pk=locked.pk, uses__lt=F("max_uses"), revoked_at__isnull=True).update(
            uses=F("uses") + 1
        )
        if not claimed:
            raise GroupActionError(MESSAGES["used_up"])
        try:
            with transaction.atomic():
                use = InvitationUse.objects.create(invitation=locked, member=member, admitted=state.admits)
        except IntegrityError as exc:
            raise GroupActionError(MESSAGES["used"]) from exc
        if state.admits:
            result = _admit(group, member)
            points.award(locked.created_by, POINT_RULE, member, scope=group)
        else:
            result = _create_request(group, member, [], status=JoinRequest.Status.PENDING)
            # One time for both: approving the request finds the use behind it by that time.
            InvitationUse.objects.filter(pk=use.pk).update(created_at=result.created_at)
    if state.admits:
        _check_size_band(group)
    return result
