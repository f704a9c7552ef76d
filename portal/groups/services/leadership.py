"""Leading a group: roles, removing and banning members, handing the group over, archiving it.

Co-leaders manage members; only the leader manages co-leaders; nobody manages the leader (``_require_leader_over``)."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from website.core.email import email_member

from ..models import CommunityGroup, JoinRequest, LeadershipTransfer, Membership
from ..signals import purge_group
from . import leaders
from .common import GroupActionError, leaders_of
from .membership import _end_membership


def managing_membership(group, user):
    """The user's leader or co-leader membership of this group, or None."""
    if not user.is_authenticated:
        return None
    return Membership.objects.leading().filter(group=group, member=user).first()


def _target_membership(group, member_id):
    membership = (
        Membership.objects.filter(group=group, member_id=member_id, state=Membership.State.ACTIVE)
        .select_related("member")
        .first()
    )
    if membership is None:
        raise GroupActionError(_("This person is not a member of the group."))
    return membership


def _require_leader_over(actor_membership, target):
    """Co-leaders manage members; only the leader manages co-leaders; nobody manages the leader."""
    if target.role == Membership.Role.LEADER:
        raise GroupActionError(_("The leader's role can only change through a leadership transfer."))
    if target.role == Membership.Role.CO_LEADER and actor_membership.role != Membership.Role.LEADER:
        raise GroupActionError(_("Only the leader can change a co-leader."))


def set_role(group, actor_membership, member_id, role):
    target = _target_membership(group, member_id)
    _require_leader_over(actor_membership, target)
    if role not in (Membership.Role.CO_LEADER, Membership.Role.MEMBER):
        raise GroupActionError(_("That role cannot be given here."))
    Membership.objects.filter(pk=target.pk, state=Membership.State.ACTIVE).update(role=role)
    leaders.sync_leader_group(target.member)
    return target


def remove_member(group, actor_membership, member_id, *, ban=False):
    target = _target_membership(group, member_id)
    if target.pk == actor_membership.pk:
        raise GroupActionError(_("You cannot remove yourself; leave the group instead."))
    _require_leader_over(actor_membership, target)
    _end_membership(group, target, Membership.State.BANNED if ban else Membership.State.REMOVED)
    if ban:
        JoinRequest.objects.filter(group=group, member_id=member_id, status__in=JoinRequest.OPEN_STATUSES).update(
            status=JoinRequest.Status.REJECTED, decided_at=timezone.now()
        )
    return target


def offer_leadership(group, actor_membership, member_id):
    if actor_membership.role != Membership.Role.LEADER:
        raise GroupActionError(_("Only the leader can hand over the group."))
    target = _target_membership(group, member_id)
    if target.pk == actor_membership.pk:
        raise GroupActionError(_("You lead this group already."))
    try:
        with transaction.atomic():
            LeadershipTransfer.objects.filter(group=group, status=LeadershipTransfer.Status.PENDING).update(
                status=LeadershipTransfer.Status.CANCELLED, decided_at=timezone.now()
            )
            transfer = LeadershipTransfer.objects.create(
                group=group, from_member=actor_membership.member, to_member=target.member
            )
    except IntegrityError as exc:
        raise GroupActionError(_("A transfer is already waiting for an answer.")) from exc
    email_member(target.member, "groups/email/leadership_offered", {"group": group, "transfer": transfer})
    return transfer


def answer_leadership(transfer, member, *, accept):
    if transfer.to_member_id != member.pk:
        raise GroupActionError(_("This offer is not for you."))
    group = transfer.group
    with transaction.atomic():
        locked = (
            LeadershipTransfer.objects.select_for_update()
            .filter(pk=transfer.pk, status=LeadershipTransfer.Status.PENDING)
            .first()
        )
        if locked is None:
            raise GroupActionError(_("This offer is no longer open."))
        if not accept:
            locked.status = LeadershipTransfer.Status.DECLINED
            locked.decided_at = timezone.now()
            locked.save(update_fields=["status", "decided_at"])
            return locked
        new = Membership.objects.filter(group=group, member=member, state=Membership.State.ACTIVE).first()
        if new is None:
            raise GroupActionError(_("You are no longer a member of this group."))
        # Step the old leader down first: the one-leader constraint holds at every statement.
        Membership.objects.filter(group=group, role=Membership.Role.LEADER, state=Membership.State.ACTIVE).update(
            role=Membership.Role.CO_LEADER
        )
        Membership.objects.filter(pk=new.pk).update(role=Membership.Role.LEADER)
        leaders.sync_leader_group(member, locked.from_member)
        locked.status = LeadershipTransfer.Status.ACCEPTED
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decided_at"])
        email_member(locked.from_member, "groups/email/leadership_transferred", {"group": group, "transfer": locked})
    return locked


def archive_group(group, actor, *, by_staff=False):
    updated = CommunityGroup.objects.filter(pk=group.pk, status=CommunityGroup.Status.ACTIVE).update(
        status=CommunityGroup.Status.ARCHIVED, archived_at=timezone.now()
    )
    if not updated:
        raise GroupActionError(_("This group is archived already."))
    purge_group(group)
    JoinRequest.objects.filter(group=group, status__in=JoinRequest.OPEN_STATUSES).update(
        status=JoinRequest.Status.WITHDRAWN, decided_at=timezone.now()
    )
    group.refresh_from_db()
    leaders.sync_leader_group(*leaders_of(group))
    if by_staff:
        log(instance=group, action="groups.group.archive", user=actor)
    return group


def pending_transfer_for(member):
    return (
        LeadershipTransfer.objects.filter(to_member=member, status=LeadershipTransfer.Status.PENDING)
        .select_related("group", "from_member")
        .first()
    )
