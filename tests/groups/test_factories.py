"""Each group factory builds a consistent record."""

from portal.groups.models import CommunityGroup, GroupApplication, JoinRequest, Membership
from tests.groups.factories import (
    CommunityGroupFactory,
    GroupApplicationFactory,
    JoinRequestFactory,
    MemberFactory,
    MembershipFactory,
    TopicFactory,
)


def test_each_group_factory_builds_a_consistent_record(db):
    topic = TopicFactory()
    leader = MemberFactory()
    group = CommunityGroupFactory(topic=topic, leader=leader, members=2)
    assert group.founder == leader
    assert group.member_count == 3 == group.memberships.active().count()
    assert Membership.objects.get(group=group, member=leader).role == Membership.Role.LEADER

    membership = MembershipFactory(group=group)
    group.refresh_from_db()
    assert membership.is_active and group.member_count == 4

    waiting = JoinRequestFactory(status=JoinRequest.Status.WAITLISTED)
    assert waiting.group.join_policy == CommunityGroup.JoinPolicy.APPROVAL
    assert waiting.waitlisted_at is not None
    assert JoinRequestFactory().waitlisted_at is None

    application = GroupApplicationFactory()
    assert application.status == GroupApplication.Status.SUBMITTED and application.is_open
    assert application.applicant.emailaddress_set.get().verified
