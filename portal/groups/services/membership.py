"""Seats and membership: joining, asking to join, the waitlist, leaving, and the leaders' answers to requests.

Seats are taken with one conditional UPDATE (``member_count < capacity``) inside the transaction that creates the
membership, never by counting and then inserting, so no group passes its capacity under concurrent approvals.
Every rule about one member (one seat or one open request per group) is checked under that member's lock
(``lock_member``) in the transaction that acts on it, so a double click or many tabs cannot pass a check twice."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.locks import lock_member
from portal.points import services as points
from website.core.email import email_member

from ..models import CommunityGroup, GroupRules, InvitationUse, JoinRequest, Membership
from ..models.invitations import INVITE_POINT_RULE
from ..notifications import membership as notifications
from ..sharing import reward_sharer
from ..signals import purge_group
from . import leaders
from .common import GroupActionError, leaders_of


def _take_seat(group):
    """Claim one seat atomically; False when the group is full or no longer active."""
    taken = bool(
        CommunityGroup.objects.filter(
            pk=group.pk, status=CommunityGroup.Status.ACTIVE, member_count__lt=F("capacity")
        ).update(member_count=F("member_count") + 1)
    )
    if taken:
        # The member count shows on the group's page, the directory and the home page.
        purge_group(group)
    return taken


def _free_seat(group):
    if CommunityGroup.objects.filter(pk=group.pk, member_count__gt=0).update(member_count=F("member_count") - 1):
        purge_group(group)


def size_band(count, rules):
    if count < rules.healthy_size_min:
        return "below"
    if count > rules.healthy_size_max:
        return "above"
    return "within"


def _check_size_band(group):
    """One gentle notice to the leaders when the group leaves the healthy band; none again until it comes back."""
    rules = GroupRules.load()
    group.refresh_from_db(fields=["member_count", "size_band"])
    band = size_band(group.member_count, rules)
    if band == group.size_band:
        return
    previous = group.size_band
    CommunityGroup.objects.filter(pk=group.pk).update(size_band=band)
    group.size_band = band
    if previous == "within" and band != "within":
        for leader in leaders_of(group):
            email_member(leader, "groups/email/size_notice", {"group": group, "band": band, "rules": rules})


def _close_open_requests(group, member):
    """A seated member needs no request for the group (and one who leaves must not be seated again from it)."""
    JoinRequest.objects.filter(group=group, member=member, status__in=JoinRequest.OPEN_STATUSES).update(
        status=JoinRequest.Status.WITHDRAWN, decided_at=timezone.now()
    )


def _admit(group, member, role=Membership.Role.MEMBER, request=None):
    """Seat a member (new or returning) in one transaction; raises when full, banned or already in.

    The caller holds the member's lock (``lock_member``) and has read the member's state under it. Seating closes
    the member's open request for the group unless the caller is serving one (``request``, the only open one there
    can be: one per member and group), so nobody is ever both seated and waitlisted.
    """
    with transaction.atomic():
        existing = Membership.objects.select_for_update().filter(group=group, member=member).first()
        if existing is not None and existing.state == Membership.State.BANNED:
            raise GroupActionError(_("You cannot join this group."))
        if existing is not None and existing.is_active:
            raise GroupActionError(_("You are already a member of this group."))
        if not _take_seat(group):
            raise GroupActionError(_("This group is full."))
        try:
            with transaction.atomic():
                if existing is None:
                    membership = Membership.objects.create(group=group, member=member, role=role)
                else:
                    existing.state = Membership.State.ACTIVE
                    existing.role = role
                    existing.joined_at = timezone.now()
                    existing.ended_at = None
                    existing.save()
                    membership = existing
        except IntegrityError as exc:
            # Another request seated the same member a moment ago; the outer transaction gives the seat back.
            raise GroupActionError(_("You are already a member of this group.")) from exc
        if request is None:
            _close_open_requests(group, member)
        # Once per member and group: leaving and joining again earns nothing more.
        points.award(member, "group_joined", group, scope=group)
        # A member brought in by a share link: their first group (or course) pays the sharer, once.
        reward_sharer(member)
        if request is not None:
            # After the member's own awards, as when a link admits at once: one order of balance locks.
            _credit_invitation(group, request, member)
    return membership


def _credit_invitation(group, request, member):
    """A request opened by an invite link, now served (approved, or given a seat from the waitlist): the use counts
    as admitted and the inviter earns ``group_invite`` for the member, in the serving transaction. The conditional
    UPDATE and the award (once per inviter, rule and member, within the monthly cap) make a second serving a no-op."""
    use = InvitationUse.objects.behind(request)
    if use is None:
        return
    if InvitationUse.objects.filter(pk=use.pk, admitted=False).update(admitted=True):
        points.award(use.invitation.created_by, INVITE_POINT_RULE, member, scope=group)


def _request_is_stale(request):
    """Whether the member has held a seat since asking: a member now, or a membership that ended after the request.

    Such a request is left over from a double click on the last seat; serving it would seat a member who left, or
    mail a member who is in, that a seat opened for them.
    """
    membership = Membership.objects.filter(group_id=request.group_id, member_id=request.member_id).first()
    if membership is None:
        return False
    if membership.is_active:
        return True
    asked_at = request.waitlisted_at or request.created_at
    return membership.ended_at is not None and asked_at is not None and membership.ended_at >= asked_at


def serve_waitlist(group):
    """Give free seats to waitlisted requests, oldest first; each promoted member gets an e-mail.

    Requests of members who have held a seat since they asked are closed, not served (see ``_request_is_stale``).
    """
    promoted = []
    while True:
        oldest = (
            JoinRequest.objects.filter(group=group, status=JoinRequest.Status.WAITLISTED)
            .order_by("waitlisted_at", "pk")
            .values_list("pk", "member_id")
            .first()
        )
        if oldest is None:
            break
        with transaction.atomic():
            # The member first, then their request (the lock order); another server serving it makes us wait here.
            lock_member(oldest[1])
            request = (
                JoinRequest.objects.select_for_update()
                .filter(pk=oldest[0], status=JoinRequest.Status.WAITLISTED)
                .select_related("member")
                .first()
            )
            if request is None:
                continue  # served or withdrawn a moment ago
            if _request_is_stale(request):
                JoinRequest.objects.filter(pk=request.pk).update(
                    status=JoinRequest.Status.WITHDRAWN, decided_at=timezone.now()
                )
                continue
            try:
                with transaction.atomic():
                    _admit(group, request.member, request=request)
            except GroupActionError:
                group.refresh_from_db(fields=["member_count", "capacity", "status"])
                if group.is_full or not group.is_active:
                    break
                # Banned or already a member since: the request is moot, close it and look at the next one.
                JoinRequest.objects.filter(pk=request.pk).update(
                    status=JoinRequest.Status.WITHDRAWN, decided_at=timezone.now()
                )
                continue
            JoinRequest.objects.filter(pk=request.pk).update(
                status=JoinRequest.Status.APPROVED, decided_at=timezone.now()
            )
            email_member(request.member, "groups/email/waitlist_promoted", {"group": group})
            promoted.append(request)
    if promoted:
        _check_size_band(group)
    return promoted


@dataclass(frozen=True)
class JoinState:
    """What the join control shows a visitor: a code for the template and whether it is an action."""

    code: str
    membership: Membership | None = None
    request: JoinRequest | None = None


_UNKNOWN = object()


def join_state(group, user, membership=_UNKNOWN):
    """One of: login, member, leader, banned, requested, waitlisted, archived, dormant, invitation, join, request,
    waitlist (open group, full), request_full (approval group, full).

    A dormant group (no activity for the lifecycle rules' ``dormant_after_days``) takes no new members or requests
    until the nightly evaluation sees it hold an activity again; requests already open stay open."""
    if not user.is_authenticated:
        if not group.is_active:
            return JoinState("archived")
        return JoinState("dormant" if group.dormant else "login")
    if membership is _UNKNOWN or membership is None:
        # Callers that already hold the active members pass the user's row; anything else is looked up.
        membership = Membership.objects.filter(group=group, member=user).first()
    # Members of an archived group keep what they had (the chat, the member list); only newcomers are turned away.
    if membership is not None and membership.is_active:
        return JoinState("leader" if membership.can_manage else "member", membership=membership)
    if not group.is_active:
        return JoinState("archived")
    if membership is not None and membership.state == Membership.State.BANNED:
        return JoinState("banned", membership=membership)
    request = JoinRequest.objects.filter(group=group, member=user, status__in=JoinRequest.OPEN_STATUSES).first()
    if request is not None:
        return JoinState(
            "waitlisted" if request.status == JoinRequest.Status.WAITLISTED else "requested", request=request
        )
    if group.dormant:
        return JoinState("dormant")
    if group.join_policy == CommunityGroup.JoinPolicy.INVITATION:
        return JoinState("invitation")
    if group.join_policy == CommunityGroup.JoinPolicy.OPEN:
        return JoinState("waitlist" if group.is_full else "join")
    return JoinState("request_full" if group.is_full else "request")


def clean_answers(group, answers):
    """Pair each of the group's questions with the member's answer; every question needs one."""
    questions = group.join_questions or []
    answers = list(answers or [])
    if len(answers) < len(questions) or any(not (a or "").strip() for a in answers[: len(questions)]):
        raise GroupActionError(_("Please answer every question."))
    return [{"question": q, "answer": a.strip()[:500]} for q, a in zip(questions, answers, strict=False)]


def request_to_join(group, member, answers=None):
    """Join an open group, or ask to join an approval group. Returns the membership or the request.

    The member's state is read under their lock: a second click that arrives while the first one takes the last seat
    waits for it, then finds the member seated instead of putting them on the waitlist as well.
    """
    with transaction.atomic():
        lock_member(member)
        result = _request_to_join(group, member, answers)
    if isinstance(result, Membership):
        _check_size_band(group)
    return result


def _request_to_join(group, member, answers):
    state = join_state(group, member)
    if state.code in ("member", "leader"):
        raise GroupActionError(_("You are already a member of this group."))
    if state.code in ("requested", "waitlisted"):
        raise GroupActionError(_("You have already asked to join this group."))
    if state.code == "banned":
        raise GroupActionError(_("You cannot join this group."))
    if state.code == "archived":
        raise GroupActionError(_("This group is archived and takes no new members."))
    if state.code == "dormant":
        raise GroupActionError(
            _("This group is dormant: it has held no activity for a long time and takes no new members until it does.")
        )
    if state.code == "invitation":
        raise GroupActionError(_("This group takes new members by invitation only."))

    if group.join_policy == CommunityGroup.JoinPolicy.OPEN:
        try:
            return _admit(group, member)
        except GroupActionError:
            group.refresh_from_db(fields=["member_count", "capacity", "status"])
            if not group.is_full:
                raise
            return _create_request(group, member, [], status=JoinRequest.Status.WAITLISTED)
    return _create_request(group, member, clean_answers(group, answers), status=JoinRequest.Status.PENDING)


def _create_request(group, member, answers, status):
    now = timezone.now()
    try:
        with transaction.atomic():
            request = JoinRequest.objects.create(
                group=group,
                member=member,
                answers=answers,
                status=status,
                waitlisted_at=now if status == JoinRequest.Status.WAITLISTED else None,
            )
    except IntegrityError as exc:
        raise GroupActionError(_("You have already asked to join this group.")) from exc
    notifications.join_requested(request)
    return request


def withdraw_request(request, member):
    if request.member_id != member.pk:
        raise GroupActionError(_("This is not your request."))
    updated = JoinRequest.objects.filter(pk=request.pk, status__in=JoinRequest.OPEN_STATUSES).update(
        status=JoinRequest.Status.WITHDRAWN, decided_at=timezone.now()
    )
    if not updated:
        raise GroupActionError(_("This request is no longer open."))


def leave_group(group, member):
    membership = Membership.objects.filter(group=group, member=member, state=Membership.State.ACTIVE).first()
    if membership is None:
        raise GroupActionError(_("You are not a member of this group."))
    if membership.role == Membership.Role.LEADER:
        raise GroupActionError(_("Hand the group over to another member before you leave it."))
    _end_membership(group, membership, Membership.State.LEFT)


def _end_membership(group, membership, state):
    """End an active membership and free its seat; then give the seat to the waitlist."""
    with transaction.atomic():
        _end_membership_row(group, membership, state)
    _seat_freed(group)


def _seat_freed(group):
    """After a seat frees: the waitlist first, then the size band. Run outside other locks (it locks other members)."""
    serve_waitlist(group)
    _check_size_band(group)


def _end_membership_row(group, membership, state):
    updated = Membership.objects.filter(pk=membership.pk, state=Membership.State.ACTIVE).update(
        state=state, ended_at=timezone.now(), role=Membership.Role.MEMBER
    )
    if not updated:
        raise GroupActionError(_("This person is no longer a member."))
    _free_seat(group)
    # A request left over from a double click must not seat them again once they are out.
    _close_open_requests(group, membership.member_id)
    if membership.role != Membership.Role.MEMBER:
        leaders.sync_leader_group(membership.member)


def approve_requests(group, actor, requests):
    """Approve pending requests in order; those that find the group full go on the waitlist. Returns (n_in, n_wait)."""
    admitted = waitlisted = 0
    for request in requests:
        with transaction.atomic():
            lock_member(request.member_id)  # before the request row: the lock order
            locked = (
                JoinRequest.objects.select_for_update()
                .filter(pk=request.pk, group=group, status=JoinRequest.Status.PENDING)
                .first()
            )
            if locked is None:
                continue
            now = timezone.now()
            try:
                _admit(group, locked.member, request=locked)  # Its own savepoint gives the seat back if it fails.
            except GroupActionError:
                group.refresh_from_db(fields=["member_count", "capacity", "status"])
                if group.is_full and group.is_active:
                    locked.status = JoinRequest.Status.WAITLISTED
                    locked.waitlisted_at = now
                    locked.decided_by = actor
                    locked.save(update_fields=["status", "waitlisted_at", "decided_by"])
                    waitlisted += 1
                    continue
                # Banned or already in: close the request without a seat.
                locked.status = JoinRequest.Status.REJECTED
                locked.decided_by, locked.decided_at = actor, now
                locked.save(update_fields=["status", "decided_by", "decided_at"])
                continue
            locked.status = JoinRequest.Status.APPROVED
            locked.decided_by, locked.decided_at = actor, now
            locked.save(update_fields=["status", "decided_by", "decided_at"])
            notifications.request_decided(locked, actor)
            points.award(actor, "join_request_handled", locked, scope=group)
            admitted += 1
    if admitted:
        _check_size_band(group)
    return admitted, waitlisted


def reject_requests(group, actor, requests, reason=""):
    rejected = 0
    for request in requests:
        with transaction.atomic():
            updated = JoinRequest.objects.filter(
                pk=request.pk, group=group, status__in=JoinRequest.OPEN_STATUSES
            ).update(
                status=JoinRequest.Status.REJECTED, decided_by=actor, decided_at=timezone.now(), reason=reason[:300]
            )
            if updated:
                request.refresh_from_db()
                notifications.request_decided(request, actor)
                points.award(actor, "join_request_handled", request, scope=group)
                rejected += 1
    return rejected
