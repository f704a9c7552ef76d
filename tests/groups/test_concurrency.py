"""Capacity holds under concurrency: many simultaneous joins and approvals end with exactly `capacity` members.

PostgreSQL only; tests/concurrency.py says why and how the threads are run.
"""

import random

from portal.groups.models import CommunityGroup, JoinRequest, Membership
from portal.groups.services import GroupActionError, approve_requests, request_to_join
from tests.concurrency import race_test, run_concurrently
from tests.groups.factories import CommunityGroupFactory, JoinRequestFactory, MemberFactory, TopicFactory

pytestmark = race_test

CAPACITY = 10
JOINERS = 30


def assert_exactly_full(group):
    group.refresh_from_db()
    active = Membership.objects.filter(group=group, state=Membership.State.ACTIVE).count()
    assert group.member_count == group.capacity == active == CAPACITY


def test_simultaneous_joins_of_an_open_group_fill_it_exactly():
    leader = MemberFactory()
    group = CommunityGroupFactory(topic=TopicFactory(), leader=leader, capacity=CAPACITY)
    joiners = [MemberFactory() for _ in range(JOINERS)]

    def join(i):
        return request_to_join(CommunityGroup.objects.get(pk=group.pk), joiners[i])

    results, unexpected = run_concurrently(JOINERS, join, expected=(GroupActionError,))
    assert unexpected == []
    assert_exactly_full(group)
    seated = [r for r in results if isinstance(r, Membership)]
    waiting = [r for r in results if isinstance(r, JoinRequest)]
    assert len(seated) == CAPACITY - 1  # the leader holds the first seat
    assert len(waiting) == JOINERS - (CAPACITY - 1)
    assert all(r.status == JoinRequest.Status.WAITLISTED for r in waiting)
    assert JoinRequest.objects.filter(group=group, status=JoinRequest.Status.WAITLISTED).count() == len(waiting)


def test_simultaneous_approvals_by_several_leaders_never_pass_capacity():
    leader = MemberFactory()
    group = CommunityGroupFactory(
        topic=TopicFactory(), leader=leader, capacity=CAPACITY, join_policy=CommunityGroup.JoinPolicy.APPROVAL
    )
    requests = [JoinRequestFactory(group=group) for _ in range(JOINERS)]
    approvers = 6

    def approve(i):
        # Every approver works through the whole queue in its own order, so they collide on the same requests.
        mine = list(requests)
        random.Random(i).shuffle(mine)
        return approve_requests(CommunityGroup.objects.get(pk=group.pk), leader, mine)

    results, unexpected = run_concurrently(approvers, approve, expected=(GroupActionError,))
    assert unexpected == []
    assert_exactly_full(group)
    assert sum(admitted for admitted, _w in results) == CAPACITY - 1
    assert sum(waitlisted for _a, waitlisted in results) == JOINERS - (CAPACITY - 1)
    statuses = list(JoinRequest.objects.filter(group=group).values_list("status", flat=True))
    assert statuses.count(JoinRequest.Status.APPROVED) == CAPACITY - 1
    assert statuses.count(JoinRequest.Status.WAITLISTED) == JOINERS - (CAPACITY - 1)


def test_simultaneous_approvals_and_joins_share_the_seats_exactly():
    leader = MemberFactory()
    group = CommunityGroupFactory(topic=TopicFactory(), leader=leader, capacity=CAPACITY)
    requests = [JoinRequestFactory(group=group) for _ in range(10)]  # pending from before the group opened
    joiners = [MemberFactory() for _ in range(20)]

    def act(i):
        fresh = CommunityGroup.objects.get(pk=group.pk)
        if i < 2:
            return approve_requests(fresh, leader, requests[i * 5 : i * 5 + 5])
        return request_to_join(fresh, joiners[i - 2])

    _results, unexpected = run_concurrently(22, act, expected=(GroupActionError,))
    assert unexpected == []
    assert_exactly_full(group)
    assert not JoinRequest.objects.filter(group=group, status=JoinRequest.Status.PENDING).exists()
