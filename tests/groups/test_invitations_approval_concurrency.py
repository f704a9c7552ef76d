"""Races on a request an invite link opened: two leaders approving it at once seat the member once and pay the
inviter once; an approval racing a rejection either seats and pays or refuses and pays nothing, never half of it.

PostgreSQL only; tests/concurrency.py says why and how the threads are run."""

from portal.groups.models import CommunityGroup, InvitationUse, JoinRequest, Membership
from portal.groups.services import approve_requests, reject_requests
from portal.groups.services import invitations as service
from portal.points.models import PointEntry
from tests.concurrency import race_test, run_concurrently
from tests.groups.factories import CommunityGroupFactory, MemberFactory, MembershipFactory, TopicFactory

pytestmark = race_test


def _group_with_a_link_request():
    leader = MemberFactory()
    group = CommunityGroupFactory(
        topic=TopicFactory(), leader=leader, join_policy=CommunityGroup.JoinPolicy.APPROVAL, members_can_invite=True
    )
    co_leader = MembershipFactory(group=group, role=Membership.Role.CO_LEADER).member
    inviter = MembershipFactory(group=group).member
    link = service.create_invitation(group, inviter, days=7, max_uses=5)
    newcomer = MemberFactory()
    request = service.accept_invitation(link, newcomer)
    assert isinstance(request, JoinRequest)
    return group, (leader, co_leader), inviter, link, newcomer, request


def test_two_leaders_approving_a_link_request_at_once_seat_once_and_pay_once():
    group, leaders, inviter, link, newcomer, request = _group_with_a_link_request()
    before = CommunityGroup.objects.get(pk=group.pk).member_count

    def approve(i):
        return approve_requests(CommunityGroup.objects.get(pk=group.pk), leaders[i], [request])

    results, unexpected = run_concurrently(2, approve)

    assert unexpected == []
    assert sorted(results) == [(0, 0), (1, 0)]
    assert Membership.objects.filter(group=group, member=newcomer, state=Membership.State.ACTIVE).count() == 1
    assert CommunityGroup.objects.get(pk=group.pk).member_count == before + 1
    assert InvitationUse.objects.get(invitation=link, member=newcomer).admitted is True
    awards = PointEntry.objects.filter(member=inviter, rule__code="group_invite")
    assert [(entry.amount, entry.scope_id) for entry in awards] == [(10, group.pk)]


def test_an_approval_racing_a_rejection_pays_only_if_it_seats():
    group, (leader, co_leader), inviter, link, newcomer, request = _group_with_a_link_request()

    def decide(i):
        current = CommunityGroup.objects.get(pk=group.pk)
        if i == 0:
            return approve_requests(current, leader, [request])
        return reject_requests(current, co_leader, [JoinRequest.objects.get(pk=request.pk)])

    _results, unexpected = run_concurrently(2, decide)

    assert unexpected == []
    request.refresh_from_db()
    seated = Membership.objects.filter(group=group, member=newcomer, state=Membership.State.ACTIVE).exists()
    admitted = InvitationUse.objects.get(invitation=link, member=newcomer).admitted
    paid = PointEntry.objects.filter(member=inviter, rule__code="group_invite").count()
    if request.status == JoinRequest.Status.APPROVED:
        assert (seated, admitted, paid) == (True, True, 1)
    else:
        assert request.status == JoinRequest.Status.REJECTED
        assert (seated, admitted, paid) == (False, False, 0)
