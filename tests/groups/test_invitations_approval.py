"""An approval group's plain invite link opens a request; the inviter earns ``group_invite`` when the leaders approve
it (or the waitlist seats it), and the use then counts as admitted. A refused request pays nothing; approving again
pays nothing more; the monthly cap and "once per member brought in" hold on this path as when a link admits at once.
The race of two leaders approving at once is in test_invitations_approval_concurrency.py."""

from datetime import timedelta

import pytest
from django.db.models import Sum

from portal.groups.models import InvitationUse, JoinRequest, Membership
from portal.groups.services import (
    approve_requests,
    leave_group,
    reject_requests,
    request_to_join,
    withdraw_request,
)
from portal.groups.services import invitations as service
from portal.points import services as points
from portal.points.models import PointEntry, PointRule
from tests.groups.factories import MemberFactory, MembershipFactory


def _link(group, maker, **kwargs):
    return service.create_invitation(group, maker, **{"days": 7, "max_uses": 10, **kwargs})


def _invite_points(member):
    entries = PointEntry.objects.filter(member=member, rule__code="group_invite")
    return entries.aggregate(total=Sum("amount"))["total"] or 0


def _use(link, member):
    return InvitationUse.objects.get(invitation=link, member=member)


@pytest.fixture
def inviter(approval_group):
    """A plain member of the approval group, where members may invite: the inviter is not the approving leader."""
    approval_group.members_can_invite = True
    approval_group.save(update_fields=["members_can_invite"])
    return MembershipFactory(group=approval_group, member=MemberFactory(display_name="邀请人小林")).member


def test_approving_a_link_request_admits_the_use_and_pays_the_inviter_once(approval_group, leader, inviter):
    link = _link(approval_group, inviter)
    asker = MemberFactory()
    request = service.accept_invitation(link, asker)
    assert isinstance(request, JoinRequest) and request.status == JoinRequest.Status.PENDING
    assert _use(link, asker).admitted is False and _invite_points(inviter) == 0

    assert approve_requests(approval_group, leader, [request]) == (1, 0)

    assert Membership.objects.get(group=approval_group, member=asker).is_active
    assert _use(link, asker).admitted is True
    assert _invite_points(inviter) == 10
    entry = PointEntry.objects.get(member=inviter, rule__code="group_invite")
    assert entry.scope_id == approval_group.pk
    assert _invite_points(leader) == 0  # the approving leader earns for handling the request, not for the invite

    # Approving the same request again (a second click) changes nothing.
    assert approve_requests(approval_group, leader, [request]) == (0, 0)
    assert _invite_points(inviter) == 10
    assert PointEntry.objects.filter(member=inviter, rule__code="group_invite").count() == 1


@pytest.mark.parametrize("refusal", ["reject", "withdraw"])
def test_a_rejected_or_withdrawn_link_request_pays_nothing(approval_group, leader, inviter, refusal):
    link = _link(approval_group, inviter)
    asker = MemberFactory()
    request = service.accept_invitation(link, asker)

    if refusal == "reject":
        assert reject_requests(approval_group, leader, [request]) == 1
    else:
        withdraw_request(request, asker)
    # Approving afterwards finds no pending request to serve.
    assert approve_requests(approval_group, leader, [request]) == (0, 0)

    assert not Membership.objects.filter(group=approval_group, member=asker).exists()
    assert _use(link, asker).admitted is False
    assert _invite_points(inviter) == 0


def test_a_request_the_member_opens_themself_after_withdrawing_the_links_owes_the_link_nothing(
    approval_group, leader, inviter
):
    link = _link(approval_group, inviter)
    asker = MemberFactory()
    withdraw_request(service.accept_invitation(link, asker), asker)
    own = request_to_join(approval_group, asker, answers=["自己想来"])

    assert approve_requests(approval_group, leader, [own]) == (1, 0)

    assert Membership.objects.get(group=approval_group, member=asker).is_active
    assert _use(link, asker).admitted is False
    assert _invite_points(inviter) == 0


def test_a_second_links_request_pays_that_links_inviter(approval_group, leader, inviter):
    """The first link's request was withdrawn; the member came back through a leader's link and was approved."""
    first = _link(approval_group, inviter)
    asker = MemberFactory()
    withdraw_request(service.accept_invitation(first, asker), asker)
    second = _link(approval_group, leader)
    request = service.accept_invitation(second, asker)

    approve_requests(approval_group, leader, [request])

    assert (_use(first, asker).admitted, _use(second, asker).admitted) == (False, True)
    assert (_invite_points(inviter), _invite_points(leader)) == (0, 10)


def test_a_request_without_a_link_pays_no_one_for_inviting(approval_group, leader, inviter):
    _link(approval_group, inviter)
    asker = MemberFactory()
    request = request_to_join(approval_group, asker, answers=["路过"])
    approve_requests(approval_group, leader, [request])
    assert Membership.objects.get(group=approval_group, member=asker).is_active
    assert not PointEntry.objects.filter(rule__code="group_invite").exists()


def test_a_link_request_approved_into_a_full_group_pays_when_the_waitlist_seats_it(approval_group, leader, inviter):
    approval_group.capacity = approval_group.member_count  # the leader and the inviter: full
    approval_group.save(update_fields=["capacity"])
    link = _link(approval_group, inviter)
    asker = MemberFactory()
    request = service.accept_invitation(link, asker)

    assert approve_requests(approval_group, leader, [request]) == (0, 1)
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.WAITLISTED
    assert _use(link, asker).admitted is False and _invite_points(inviter) == 0

    # A seat frees: the waitlist seats the member, and the inviter is paid then. The inviter may even be the one who
    # left: they brought the member in all the same.
    leave_group(approval_group, inviter)

    request.refresh_from_db()
    assert request.status == JoinRequest.Status.APPROVED
    assert Membership.objects.get(group=approval_group, member=asker).is_active
    assert _use(link, asker).admitted is True
    assert _invite_points(inviter) == 10


def test_the_inviter_is_paid_once_per_member_brought_in_whatever_the_path(approval_group, leader):
    asker = MemberFactory()
    service.accept_invitation(_link(approval_group, leader, skip_approval=True), asker)
    assert _invite_points(leader) == 10
    leave_group(approval_group, asker)

    link = _link(approval_group, leader)
    request = service.accept_invitation(link, asker)
    approve_requests(approval_group, leader, [request])

    assert Membership.objects.get(group=approval_group, member=asker).is_active
    assert _use(link, asker).admitted is True  # it did bring them back in
    assert _invite_points(leader) == 10  # but the member was brought in once already


def test_the_monthly_cap_holds_for_approved_link_requests(approval_group, leader, inviter):
    rule = PointRule.objects.get(code="group_invite")
    for _ in range(rule.monthly_cap):
        assert points.award(inviter, "group_invite", MemberFactory(), scope=approval_group)
    assert _invite_points(inviter) == 10 * rule.monthly_cap
    link = _link(approval_group, inviter)
    asker = MemberFactory()
    request = service.accept_invitation(link, asker)

    approve_requests(approval_group, leader, [request])

    assert Membership.objects.get(group=approval_group, member=asker).is_active
    assert _use(link, asker).admitted is True
    assert _invite_points(inviter) == 10 * rule.monthly_cap  # the 21st member this month earns nothing


def test_the_use_and_the_request_carry_one_time(approval_group, inviter):
    link = _link(approval_group, inviter)
    asker = MemberFactory()
    request = service.accept_invitation(link, asker)
    assert _use(link, asker).created_at == request.created_at
    assert InvitationUse.objects.behind(request) == _use(link, asker)


def test_a_use_recorded_a_moment_before_its_request_is_still_found(approval_group, leader, inviter):
    """Requests opened by a link before the two were stamped with one time: the use came a moment earlier."""
    link = _link(approval_group, inviter)
    asker = MemberFactory()
    request = service.accept_invitation(link, asker)
    InvitationUse.objects.filter(invitation=link).update(created_at=request.created_at - timedelta(milliseconds=3))

    approve_requests(approval_group, leader, [request])

    assert _use(link, asker).admitted is True and _invite_points(inviter) == 10
