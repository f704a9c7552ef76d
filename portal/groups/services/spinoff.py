"""Spin-off (裂变): a group near capacity seeds a sister group led by one of its most active members.

The leader nominates; nothing exists until the nominee accepts. Members and waitlisted applicants of the old group
then choose for themselves whether to move; nobody is moved for them.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.locks import lock_member
from portal.points import services as points
from website.core.email import email_member

from ..models import CommunityGroup, GroupRules, JoinRequest, Membership, SpinOff
from ..notifications import membership as notifications
from . import leaders
from .common import GroupActionError
from .founding import _create_group, name_taken
from .membership import _admit, _end_membership_row, _seat_freed

# A group at this share of its capacity is offered a spin-off.
SPIN_OFF_THRESHOLD = 0.9


def can_spin_off(group):
    return group.is_active and group.member_count >= SPIN_OFF_THRESHOLD * group.capacity


def candidates(group, limit=5, now=None):
    """The most active members of the last 30 days (activities attended here), leaders excluded."""
    since = (now or timezone.now()) - timedelta(days=30)
    memberships = (
        Membership.objects.active()
        .filter(group=group, role=Membership.Role.MEMBER)
        .annotate(
            attended=Count(
                "member__attendances",
                filter=Q(member__attendances__group=group, member__attendances__activity_starts_at__gte=since),
            )
        )
        .select_related("member")
        .order_by("-attended", "joined_at")[:limit]
    )
    return [membership.member for membership in memberships]


def offer(group, actor_membership, *, nominee_id, name, message=""):
    if actor_membership.role != Membership.Role.LEADER:
        raise GroupActionError(_("Only the leader can start a spin-off."))
    if not can_spin_off(group):
        # xgettext:no-python-format
        raise GroupActionError(_("A spin-off is offered once the group is at 90% of its capacity."))
    if name_taken(name):
        raise GroupActionError(_("A group with this name exists already."))
    nominee = Membership.objects.filter(group=group, member_id=nominee_id, state=Membership.State.ACTIVE).first()
    if nominee is None or nominee.role == Membership.Role.LEADER:
        raise GroupActionError(_("Choose a member of the group."))
    try:
        with transaction.atomic():
            spin_off = SpinOff.objects.create(
                from_group=group,
                nominee_id=nominee_id,
                proposed_by=actor_membership.member,
                name=name,
                message=message,
            )
    except IntegrityError as exc:
        raise GroupActionError(_("A spin-off is already waiting for an answer.")) from exc
    email_member(nominee.member, "groups/email/spin_off_offered", {"group": group, "spin_off": spin_off})
    return spin_off


def answer(spin_off, member, *, accept):
    if spin_off.nominee_id != member.pk:
        raise GroupActionError(_("This offer is not for you."))
    with transaction.atomic():
        lock_member(member)  # the nominee before the offer: the lock order every founding path keeps
        locked = SpinOff.objects.select_for_update().filter(pk=spin_off.pk, status=SpinOff.Status.PENDING).first()
        if locked is None:
            raise GroupActionError(_("This offer is no longer open."))
        locked.decided_at = timezone.now()
        if not accept:
            locked.status = SpinOff.Status.DECLINED
            locked.save(update_fields=["status", "decided_at"])
            return locked
        source = locked.from_group
        if name_taken(locked.name):
            raise GroupActionError(_("A group with this name exists already."))
        rules = GroupRules.load()
        # Raises when somebody founded a group with this name between the check above and now.
        group = _create_group(
            name=locked.name,
            topic=source.topic,
            city=source.city,
            summary=source.summary,
            join_policy=source.join_policy,
            join_questions=source.join_questions,
            capacity=rules.capacity_limit,
            founder=member,
            member_count=1,
            stage=CommunityGroup.Stage.NEW,
        )
        Membership.objects.create(group=group, member=member, role=Membership.Role.LEADER)
        locked.status = SpinOff.Status.ACCEPTED
        locked.new_group = group
        locked.save(update_fields=["status", "decided_at", "new_group"])
        # Site-wide, like every founding bonus (see services.approve_application).
        points.award(member, "group_founded", group)
        leaders.sync_leader_group(member)
        if locked.proposed_by:
            email_member(locked.proposed_by, "groups/email/spin_off_accepted", {"spin_off": locked, "group": group})
        notifications.spun_off(locked)
    return locked


def open_spin_off_for(group):
    """The latest accepted spin-off members of ``group`` may still move to."""
    return (
        SpinOff.objects.filter(from_group=group, status=SpinOff.Status.ACCEPTED, new_group__status="active")
        .select_related("new_group")
        .order_by("-decided_at")
        .first()
    )


def move(spin_off, member):
    """A willing member (or waitlisted applicant) of the old group moves to the new one."""
    if spin_off.status != SpinOff.Status.ACCEPTED or spin_off.new_group is None:
        raise GroupActionError(_("This spin-off is not open."))
    old, new = spin_off.from_group, spin_off.new_group
    with transaction.atomic():
        # Where the member stands is read under their lock, so two clicks cannot move them twice.
        lock_member(member)
        membership = Membership.objects.filter(group=old, member=member, state=Membership.State.ACTIVE).first()
        waiting = JoinRequest.objects.filter(group=old, member=member, status=JoinRequest.Status.WAITLISTED).first()
        if membership is None and waiting is None:
            raise GroupActionError(_("Only members and waitlisted applicants of the group can move."))
        if membership is not None and membership.role == Membership.Role.LEADER:
            raise GroupActionError(_("The leader stays with the group."))
        _admit(new, member)
        if membership is not None:
            _end_membership_row(old, membership, Membership.State.LEFT)
        else:
            JoinRequest.objects.filter(pk=waiting.pk, status=JoinRequest.Status.WAITLISTED).update(
                status=JoinRequest.Status.WITHDRAWN, decided_at=timezone.now()
            )
    if membership is not None:
        # After the commit: serving the old group's waitlist locks other members, never while we hold this one.
        _seat_freed(old)
    return new
