"""How joining and leading move records between states: requests, the waitlist, bans, leaving and handing over."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.groups.models import CommunityGroup, JoinRequest, LeadershipTransfer, Membership
from portal.groups.services import (
    GroupActionError,
    answer_leadership,
    approve_requests,
    archive_group,
    join_state,
    leave_group,
    offer_leadership,
    reject_requests,
    remove_member,
    request_to_join,
    set_role,
    update_capacity,
    withdraw_request,
)
from tests.groups.factories import CommunityGroupFactory, JoinRequestFactory, MemberFactory, MembershipFactory


def _membership(group, member):
    return Membership.objects.get(group=group, member=member)


def _full_group(leader, capacity=3, **kwargs):
    """An open group with every seat taken (the leader plus capacity-1 members)."""
    return CommunityGroupFactory(leader=leader, capacity=capacity, members=capacity - 1, **kwargs)


def _waitlist(group, count):
    """`count` waitlisted requests, the first one the oldest."""
    start = timezone.now() - timedelta(hours=count)
    return [
        JoinRequestFactory(
            group=group, status=JoinRequest.Status.WAITLISTED, waitlisted_at=start + timedelta(minutes=10 * i)
        )
        for i in range(count)
    ]


# --- Join requests --------------------------------------------------------------------------------------------------


def test_joining_an_open_group_seats_the_member_at_once(group, outsider):
    membership = request_to_join(group, outsider)
    group.refresh_from_db()
    assert isinstance(membership, Membership) and membership.is_active
    assert group.member_count == 2
    assert join_state(group, outsider).code == "member"


def test_asking_to_join_an_approval_group_leaves_a_pending_request_with_answers(approval_group, outsider):
    request = request_to_join(approval_group, outsider, ["想认识会做面包的朋友"])
    assert request.status == JoinRequest.Status.PENDING
    assert request.answers == [{"question": "你为什么想加入？", "answer": "想认识会做面包的朋友"}]
    approval_group.refresh_from_db()
    assert approval_group.member_count == 1
    assert join_state(approval_group, outsider).code == "requested"


@pytest.mark.parametrize("answers", [None, [], [""], ["   "]])
def test_every_question_needs_an_answer(approval_group, outsider, answers):
    with pytest.raises(GroupActionError):
        request_to_join(approval_group, outsider, answers)
    assert not JoinRequest.objects.exists()


def test_pending_request_approved_seats_the_member(approval_group, leader, outsider):
    request = request_to_join(approval_group, outsider, ["喜欢烤面包"])
    assert approve_requests(approval_group, leader, [request]) == (1, 0)
    request.refresh_from_db()
    approval_group.refresh_from_db()
    assert request.status == JoinRequest.Status.APPROVED
    assert request.decided_by == leader and request.decided_at is not None
    assert _membership(approval_group, outsider).is_active
    assert approval_group.member_count == 2


def test_pending_request_rejected_keeps_the_reason_and_no_seat(approval_group, leader, outsider):
    request = request_to_join(approval_group, outsider, ["喜欢烤面包"])
    assert reject_requests(approval_group, leader, [request], reason="本群只收本地成员") == 1
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.REJECTED
    assert request.reason == "本群只收本地成员" and request.decided_by == leader
    assert not Membership.objects.filter(group=approval_group, member=outsider).exists()
    assert join_state(approval_group, outsider).code == "request"


def test_member_withdraws_a_pending_request(approval_group, outsider):
    request = request_to_join(approval_group, outsider, ["喜欢烤面包"])
    withdraw_request(request, outsider)
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.WITHDRAWN
    with pytest.raises(GroupActionError):
        withdraw_request(request, outsider)


def test_nobody_withdraws_another_members_request(approval_group, outsider, leader):
    request = request_to_join(approval_group, outsider, ["喜欢烤面包"])
    with pytest.raises(GroupActionError):
        withdraw_request(request, leader)
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.PENDING


def test_decided_requests_cannot_be_decided_again(approval_group, leader, outsider):
    request = request_to_join(approval_group, outsider, ["喜欢烤面包"])
    reject_requests(approval_group, leader, [request], reason="满了")
    assert approve_requests(approval_group, leader, [request]) == (0, 0)
    assert not Membership.objects.filter(group=approval_group, member=outsider).exists()


def test_withdrawn_member_can_ask_again(approval_group, outsider):
    request = request_to_join(approval_group, outsider, ["第一次"])
    withdraw_request(request, outsider)
    again = request_to_join(approval_group, outsider, ["第二次"])
    assert again.pk != request.pk and again.status == JoinRequest.Status.PENDING


def test_invitation_only_group_takes_no_requests(leader, outsider):
    group = CommunityGroupFactory(leader=leader, join_policy=CommunityGroup.JoinPolicy.INVITATION)
    assert join_state(group, outsider).code == "invitation"
    with pytest.raises(GroupActionError):
        request_to_join(group, outsider)
    assert not JoinRequest.objects.exists()


def test_archived_group_takes_no_members_and_withdraws_open_requests(approval_group, leader, outsider):
    request = request_to_join(approval_group, outsider, ["喜欢烤面包"])
    archive_group(approval_group, leader)
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.WITHDRAWN
    assert join_state(approval_group, MemberFactory()).code == "archived"
    with pytest.raises(GroupActionError):
        request_to_join(approval_group, MemberFactory(), ["好"])
    with pytest.raises(GroupActionError):
        archive_group(approval_group, leader)


# --- Waitlist -------------------------------------------------------------------------------------------------------


def test_joining_a_full_open_group_puts_the_member_on_the_waitlist(leader, outsider):
    group = _full_group(leader)
    request = request_to_join(group, outsider)
    group.refresh_from_db()
    assert request.status == JoinRequest.Status.WAITLISTED and request.waitlisted_at is not None
    assert group.member_count == group.capacity == 3
    assert join_state(group, outsider).code == "waitlisted"


def test_approving_past_capacity_waitlists_the_rest_in_order(leader):
    group = CommunityGroupFactory(leader=leader, capacity=3, join_policy=CommunityGroup.JoinPolicy.APPROVAL)
    requests = [JoinRequestFactory(group=group) for _ in range(4)]
    assert approve_requests(group, leader, requests) == (2, 2)
    statuses = [JoinRequest.objects.get(pk=r.pk).status for r in requests]
    assert statuses == ["approved", "approved", "waitlisted", "waitlisted"]
    group.refresh_from_db()
    assert group.member_count == 3 == group.memberships.active().count()


def test_seat_freed_by_leaving_goes_to_the_oldest_on_the_waitlist(leader):
    group = _full_group(leader)
    # Created newest first, so the order must come from waitlisted_at, not from the primary key.
    newer, oldest = (
        JoinRequestFactory(group=group, status="waitlisted", waitlisted_at=timezone.now() - timedelta(hours=1)),
        JoinRequestFactory(group=group, status="waitlisted", waitlisted_at=timezone.now() - timedelta(hours=5)),
    )
    leaver = group.memberships.filter(role=Membership.Role.MEMBER).first().member
    leave_group(group, leaver)
    group.refresh_from_db()
    assert _membership(group, oldest.member).is_active
    assert JoinRequest.objects.get(pk=oldest.pk).status == JoinRequest.Status.APPROVED
    assert JoinRequest.objects.get(pk=newer.pk).status == JoinRequest.Status.WAITLISTED
    assert group.member_count == 3 == group.memberships.active().count()
    assert _membership(group, leaver).state == Membership.State.LEFT


def test_seat_freed_by_removal_goes_to_the_oldest_on_the_waitlist(leader):
    group = _full_group(leader)
    first, second = _waitlist(group, 2)
    target = group.memberships.filter(role=Membership.Role.MEMBER).first()
    remove_member(group, _membership(group, leader), target.member_id)
    assert _membership(group, first.member).is_active
    assert not Membership.objects.filter(group=group, member=second.member).exists()


def test_raising_capacity_serves_the_waitlist_oldest_first(leader):
    group = _full_group(leader)
    first, second, third = _waitlist(group, 3)
    update_capacity(group, 5)
    group.refresh_from_db()
    assert group.capacity == 5 and group.member_count == 5
    assert _membership(group, first.member).is_active and _membership(group, second.member).is_active
    assert JoinRequest.objects.get(pk=third.pk).status == JoinRequest.Status.WAITLISTED


def test_capacity_cannot_go_above_the_site_maximum_or_below_the_members(leader, rules):
    group = _full_group(leader)
    with pytest.raises(GroupActionError):
        update_capacity(group, rules.max_group_size + 1)
    with pytest.raises(GroupActionError):
        update_capacity(group, 2)
    group.refresh_from_db()
    assert group.capacity == 3


def test_site_maximum_below_100_limits_capacity(leader, rules):
    rules.max_group_size = 20
    rules.save()
    group = CommunityGroupFactory(leader=leader, capacity=10)
    with pytest.raises(GroupActionError):
        update_capacity(group, 21)
    update_capacity(group, 20)
    group.refresh_from_db()
    assert group.capacity == 20


def test_waitlisted_member_who_withdraws_is_skipped(leader):
    group = _full_group(leader)
    first, second = _waitlist(group, 2)
    withdraw_request(first, first.member)
    update_capacity(group, 4)
    assert _membership(group, second.member).is_active
    assert not Membership.objects.filter(group=group, member=first.member).exists()


# --- Bans, leaving, roles -------------------------------------------------------------------------------------------


def test_banned_member_cannot_ask_again(approval_group, leader, outsider):
    MembershipFactory(group=approval_group, member=outsider)
    remove_member(approval_group, _membership(approval_group, leader), outsider.pk, ban=True)
    assert _membership(approval_group, outsider).state == Membership.State.BANNED
    assert join_state(approval_group, outsider).code == "banned"
    with pytest.raises(GroupActionError):
        request_to_join(approval_group, outsider, ["再给一次机会"])
    assert not JoinRequest.objects.filter(group=approval_group, member=outsider).exists()


def test_banned_member_cannot_rejoin_an_open_group(group, leader, outsider):
    MembershipFactory(group=group, member=outsider)
    remove_member(group, _membership(group, leader), outsider.pk, ban=True)
    with pytest.raises(GroupActionError):
        request_to_join(group, outsider)
    group.refresh_from_db()
    assert group.member_count == 1


def test_removed_member_may_join_again(group, leader, outsider):
    MembershipFactory(group=group, member=outsider)
    remove_member(group, _membership(group, leader), outsider.pk)
    request_to_join(group, outsider)
    assert _membership(group, outsider).is_active
    group.refresh_from_db()
    assert group.member_count == 2


def test_member_leaves_and_frees_the_seat(group, outsider):
    request_to_join(group, outsider)
    leave_group(group, outsider)
    group.refresh_from_db()
    assert group.member_count == 1
    assert _membership(group, outsider).state == Membership.State.LEFT
    with pytest.raises(GroupActionError):
        leave_group(group, outsider)


def test_leader_cannot_leave_without_transferring(group, leader):
    with pytest.raises(GroupActionError, match="Hand the group over"):
        leave_group(group, leader)
    assert _membership(group, leader).is_leader
    group.refresh_from_db()
    assert group.member_count == 1


def test_co_leader_can_leave(group, outsider):
    MembershipFactory(group=group, member=outsider, role=Membership.Role.CO_LEADER)
    leave_group(group, outsider)
    assert _membership(group, outsider).state == Membership.State.LEFT


def test_leader_promotes_and_demotes_a_co_leader(group, leader, outsider):
    MembershipFactory(group=group, member=outsider)
    set_role(group, _membership(group, leader), outsider.pk, Membership.Role.CO_LEADER)
    assert _membership(group, outsider).role == Membership.Role.CO_LEADER
    set_role(group, _membership(group, leader), outsider.pk, Membership.Role.MEMBER)
    assert _membership(group, outsider).role == Membership.Role.MEMBER


def test_nobody_can_make_a_second_leader_or_touch_the_leader(group, leader, outsider):
    co = MembershipFactory(group=group, member=outsider, role=Membership.Role.CO_LEADER)
    other = MembershipFactory(group=group)
    with pytest.raises(GroupActionError):
        set_role(group, _membership(group, leader), other.member_id, Membership.Role.LEADER)
    with pytest.raises(GroupActionError):
        set_role(group, co, leader.pk, Membership.Role.MEMBER)
    with pytest.raises(GroupActionError):
        remove_member(group, co, leader.pk)
    assert _membership(group, leader).is_leader


def test_co_leader_manages_members_but_not_other_co_leaders(group, outsider):
    co = MembershipFactory(group=group, member=outsider, role=Membership.Role.CO_LEADER)
    other_co = MembershipFactory(group=group, role=Membership.Role.CO_LEADER)
    plain = MembershipFactory(group=group)
    set_role(group, co, plain.member_id, Membership.Role.CO_LEADER)
    with pytest.raises(GroupActionError):
        remove_member(group, co, other_co.member_id)
    assert Membership.objects.get(pk=other_co.pk).is_active


# --- Leadership transfer and archiving ------------------------------------------------------------------------------


def test_transfer_takes_effect_only_when_the_new_leader_accepts(group, leader, outsider):
    MembershipFactory(group=group, member=outsider)
    transfer = offer_leadership(group, _membership(group, leader), outsider.pk)
    assert transfer.status == LeadershipTransfer.Status.PENDING
    assert _membership(group, leader).is_leader
    assert _membership(group, outsider).role == Membership.Role.MEMBER

    answer_leadership(transfer, outsider, accept=True)
    assert _membership(group, outsider).is_leader
    assert _membership(group, leader).role == Membership.Role.CO_LEADER
    assert LeadershipTransfer.objects.get(pk=transfer.pk).status == LeadershipTransfer.Status.ACCEPTED
    leave_group(group, leader)  # the former leader may now leave
    assert _membership(group, leader).state == Membership.State.LEFT


def test_declined_transfer_changes_nothing(group, leader, outsider):
    MembershipFactory(group=group, member=outsider)
    transfer = offer_leadership(group, _membership(group, leader), outsider.pk)
    answer_leadership(transfer, outsider, accept=False)
    assert _membership(group, leader).is_leader
    assert LeadershipTransfer.objects.get(pk=transfer.pk).status == LeadershipTransfer.Status.DECLINED
    with pytest.raises(GroupActionError):
        answer_leadership(transfer, outsider, accept=True)


def test_only_the_offered_member_can_accept(group, leader, outsider):
    MembershipFactory(group=group, member=outsider)
    intruder = MembershipFactory(group=group).member
    transfer = offer_leadership(group, _membership(group, leader), outsider.pk)
    with pytest.raises(GroupActionError):
        answer_leadership(transfer, intruder, accept=True)
    assert _membership(group, leader).is_leader


def test_a_new_offer_replaces_the_pending_one(group, leader):
    first, second = MembershipFactory(group=group), MembershipFactory(group=group)
    old = offer_leadership(group, _membership(group, leader), first.member_id)
    offer_leadership(group, _membership(group, leader), second.member_id)
    assert LeadershipTransfer.objects.get(pk=old.pk).status == LeadershipTransfer.Status.CANCELLED
    with pytest.raises(GroupActionError):
        answer_leadership(old, first.member, accept=True)


def test_leadership_cannot_go_to_a_non_member(group, leader, outsider):
    with pytest.raises(GroupActionError):
        offer_leadership(group, _membership(group, leader), outsider.pk)
    assert not LeadershipTransfer.objects.exists()


def test_co_leader_cannot_transfer_leadership(group, outsider):
    co = MembershipFactory(group=group, member=outsider, role=Membership.Role.CO_LEADER)
    plain = MembershipFactory(group=group)
    with pytest.raises(GroupActionError):
        offer_leadership(group, co, plain.member_id)
    assert not LeadershipTransfer.objects.exists()


def test_offer_lapses_when_the_member_left_before_accepting(group, leader, outsider):
    MembershipFactory(group=group, member=outsider)
    transfer = offer_leadership(group, _membership(group, leader), outsider.pk)
    leave_group(group, outsider)
    with pytest.raises(GroupActionError):
        answer_leadership(transfer, outsider, accept=True)
    assert _membership(group, leader).is_leader


def test_capacity_limit_is_the_site_setting_never_above_the_hard_ceiling(rules):
    from portal.groups.models import ABSOLUTE_MAX_GROUP_SIZE

    assert rules.capacity_limit == ABSOLUTE_MAX_GROUP_SIZE
    rules.max_group_size = 20
    assert rules.capacity_limit == 20
    rules.max_group_size = 500  # past the field's validator: the property still holds the ceiling
    assert rules.capacity_limit == ABSOLUTE_MAX_GROUP_SIZE


@pytest.mark.parametrize(
    ("stage", "badge"),
    [
        (CommunityGroup.Stage.NEW, "badge--info"),
        (CommunityGroup.Stage.GROWING, "badge--success"),
        ("core", "badge--accent"),
    ],
)
def test_templates_ask_the_group_for_its_stage_badge(stage, badge):
    group = CommunityGroup(stage=stage)
    assert group.stage_badge_class == badge
    assert group.is_new_stage == (stage == CommunityGroup.Stage.NEW)
