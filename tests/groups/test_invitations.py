"""Invite links, the rules: who may make them, how long and how often they work, what accepting one does, the
inviter's points (once per new member, at most 20 a month) and the last use under a race (PostgreSQL)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Sum
from django.utils import timezone

from portal.groups.models import CommunityGroup, Invitation, InvitationUse, JoinRequest, Membership
from portal.groups.services import GroupActionError, leave_group
from portal.groups.services import invitations as service
from portal.points import services as points
from portal.points.models import PointEntry, PointRule
from tests.concurrency import requires_postgresql, run_concurrently
from tests.groups.factories import CommunityGroupFactory, MemberFactory, MembershipFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def invite_only(leader, topic):
    return CommunityGroupFactory(
        name="夜读会",
        slug="night-reading",
        topic=topic,
        leader=leader,
        join_policy=CommunityGroup.JoinPolicy.INVITATION,
    )


def _link(group, maker, **kwargs):
    return service.create_invitation(group, maker, **{"days": 7, "max_uses": 10, **kwargs})


def _invite_points(member, group):
    entries = PointEntry.objects.filter(member=member, rule__code="group_invite", scope_id=group.pk)
    return entries.aggregate(total=Sum("amount"))["total"] or 0


def test_the_group_invite_rule_exists_with_its_monthly_cap(db):
    rule = PointRule.objects.get(code="group_invite")
    assert (rule.name, rule.points, rule.daily_cap, rule.monthly_cap) == ("邀请新成员入群", 10, None, 20)


def test_a_link_admits_a_new_member_to_an_invitation_only_group_and_pays_the_inviter_once(invite_only, leader):
    link = _link(invite_only, leader)
    assert len(link.code) >= 20 and link.max_uses == 10 and link.uses == 0
    newcomer = MemberFactory()

    membership = service.accept_invitation(link, newcomer)

    assert isinstance(membership, Membership) and membership.is_active
    link.refresh_from_db()
    invite_only.refresh_from_db()
    assert link.uses == 1 and invite_only.member_count == 2
    assert InvitationUse.objects.get(invitation=link).member == newcomer
    assert _invite_points(leader, invite_only) == 10

    # Leaving and coming back through a second link earns the inviter nothing more.
    leave_group(invite_only, newcomer)
    service.accept_invitation(_link(invite_only, leader), newcomer)
    assert _invite_points(leader, invite_only) == 10


def test_the_same_member_cannot_use_one_link_twice(invite_only, leader):
    link = _link(invite_only, leader)
    newcomer = MemberFactory()
    service.accept_invitation(link, newcomer)
    with pytest.raises(GroupActionError, match="already a member"):
        service.accept_invitation(link, newcomer)
    link.refresh_from_db()
    assert link.uses == 1


def test_an_expired_link_refuses_and_counts_nothing(invite_only, leader):
    link = _link(invite_only, leader, days=1)
    Invitation.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(GroupActionError, match="expired"):
        service.accept_invitation(link, MemberFactory())
    link.refresh_from_db()
    assert link.uses == 0 and not InvitationUse.objects.exists()


def test_a_link_stops_at_its_limit(invite_only, leader):
    link = _link(invite_only, leader, max_uses=2)
    service.accept_invitation(link, MemberFactory())
    service.accept_invitation(link, MemberFactory())
    with pytest.raises(GroupActionError, match="as many times as it allows"):
        service.accept_invitation(link, MemberFactory())
    link.refresh_from_db()
    assert link.uses == 2
    assert Membership.objects.filter(group=invite_only).count() == 3


def test_a_revoked_link_refuses(invite_only, leader):
    link = _link(invite_only, leader)
    service.revoke_invitation(link, leader)
    with pytest.raises(GroupActionError, match="withdrawn"):
        service.accept_invitation(link, MemberFactory())
    with pytest.raises(GroupActionError, match="already been revoked"):
        service.revoke_invitation(link, leader)


def test_an_approval_group_link_opens_a_request_unless_it_skips_approval(approval_group, leader):
    plain = _link(approval_group, leader)
    asker = MemberFactory()
    request = service.accept_invitation(plain, asker)
    assert isinstance(request, JoinRequest) and request.status == JoinRequest.Status.PENDING
    assert not Membership.objects.filter(group=approval_group, member=asker).exists()
    # A request is not a new member: no points yet.
    assert _invite_points(leader, approval_group) == 0

    skipping = _link(approval_group, leader, skip_approval=True)
    assert skipping.skip_approval
    # Even a member whose request waits is let in by a link that skips the review, and their request is closed.
    membership = service.accept_invitation(skipping, asker)
    assert membership.is_active
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.WITHDRAWN
    assert _invite_points(leader, approval_group) == 10


def test_only_leaders_make_links_that_skip_approval(approval_group, plain_member):
    approval_group.members_can_invite = True
    approval_group.save(update_fields=["members_can_invite"])
    link = _link(approval_group, plain_member, skip_approval=True)
    assert link.skip_approval is False


def test_an_open_group_link_admits_and_a_full_group_refuses(group, leader):
    link = _link(group, leader)
    CommunityGroup.objects.filter(pk=group.pk).update(capacity=2)
    service.accept_invitation(link, MemberFactory())
    with pytest.raises(GroupActionError, match="full"):
        service.accept_invitation(link, MemberFactory())
    link.refresh_from_db()
    group.refresh_from_db()
    assert link.uses == 1 and group.member_count == 2


def test_members_and_banned_members_cannot_accept(invite_only, leader):
    link = _link(invite_only, leader)
    with pytest.raises(GroupActionError, match="already a member"):
        service.accept_invitation(link, leader)
    banned = MembershipFactory(group=invite_only, state=Membership.State.BANNED).member
    with pytest.raises(GroupActionError, match="cannot join"):
        service.accept_invitation(link, banned)
    link.refresh_from_db()
    assert link.uses == 0


def test_an_archived_group_or_an_inviter_who_left_ends_the_link(invite_only, leader):
    invite_only.members_can_invite = True
    invite_only.save(update_fields=["members_can_invite"])
    member = MembershipFactory(group=invite_only).member
    link = _link(invite_only, member)
    Membership.objects.filter(group=invite_only, member=member).update(state=Membership.State.LEFT)
    with pytest.raises(GroupActionError, match="can no longer invite"):
        service.accept_invitation(link, MemberFactory())

    leader_link = _link(invite_only, leader)
    CommunityGroup.objects.filter(pk=invite_only.pk).update(status=CommunityGroup.Status.ARCHIVED)
    with pytest.raises(GroupActionError, match="archived"):
        service.accept_invitation(leader_link, MemberFactory())


def test_members_make_links_only_where_the_group_allows_it(invite_only, outsider):
    member = MembershipFactory(group=invite_only).member
    with pytest.raises(GroupActionError, match="cannot create invite links"):
        _link(invite_only, member)
    with pytest.raises(GroupActionError, match="cannot create invite links"):
        _link(invite_only, outsider)
    invite_only.members_can_invite = True
    invite_only.save(update_fields=["members_can_invite"])
    assert _link(invite_only, member).created_by == member


def test_at_most_twenty_active_links_per_member_and_group(invite_only, leader):
    links = [_link(invite_only, leader) for _ in range(service.MAX_ACTIVE_PER_MEMBER)]
    with pytest.raises(GroupActionError, match="already have 20 active"):
        _link(invite_only, leader)
    service.revoke_invitation(links[0], leader)
    assert _link(invite_only, leader)


def test_lifetime_and_limit_are_checked(invite_only, leader):
    with pytest.raises(GroupActionError):
        _link(invite_only, leader, days=3)
    with pytest.raises(GroupActionError):
        _link(invite_only, leader, max_uses=101)
    with pytest.raises(GroupActionError):
        _link(invite_only, leader, max_uses=0)


def test_monthly_cap_counts_the_local_calendar_month(db, set_rule_monthly):
    """Local (Shanghai) months: 30 Nov 23:30 and 1 Dec 00:30 local are the same UTC day but two months."""
    inviter = MemberFactory()
    set_rule_monthly("group_invite", 2)
    late_november = datetime(2026, 11, 30, 23, 30, tzinfo=SHANGHAI)
    early_december = datetime(2026, 12, 1, 0, 30, tzinfo=SHANGHAI)
    assert late_november.astimezone(ZoneInfo("UTC")).date() == early_december.astimezone(ZoneInfo("UTC")).date()

    november = [points.award(inviter, "group_invite", MemberFactory(), at=late_november) for _ in range(3)]
    assert [entry is not None for entry in november] == [True, True, False]
    december = [points.award(inviter, "group_invite", MemberFactory(), at=early_december) for _ in range(3)]
    assert [entry is not None for entry in december] == [True, True, False]


def test_a_rule_without_a_monthly_cap_is_not_capped(db, set_rule_monthly):
    inviter = MemberFactory()
    set_rule_monthly("group_invite", None)
    assert all(points.award(inviter, "group_invite", MemberFactory()) for _ in range(25))


def test_the_twenty_first_new_member_in_a_month_earns_the_inviter_nothing(invite_only, leader):
    for _ in range(3):
        link = _link(invite_only, leader, max_uses=7)
        for _ in range(7):
            service.accept_invitation(link, MemberFactory())
    invite_only.refresh_from_db()
    assert invite_only.member_count == 22
    assert _invite_points(leader, invite_only) == 200  # 20 × 10: the 21st join this month earns nothing


@pytest.fixture
def set_rule_monthly(db):
    def change(code, cap):
        rule = PointRule.objects.get(code=code)
        rule.monthly_cap = cap
        rule.save()

    return change


@pytest.mark.django_db(transaction=True)
@requires_postgresql
def test_two_members_accepting_the_last_use_at_once_admit_one(topic):
    leader = MemberFactory()
    group = CommunityGroupFactory(topic=topic, leader=leader, join_policy=CommunityGroup.JoinPolicy.INVITATION)
    link = _link(group, leader, max_uses=2)
    service.accept_invitation(link, MemberFactory())
    racers = [MemberFactory(), MemberFactory()]

    results, unexpected = run_concurrently(
        2, lambda i: service.accept_invitation(link, racers[i]), expected=(GroupActionError,)
    )

    assert unexpected == []
    assert sum(isinstance(result, Membership) for result in results) == 1
    link.refresh_from_db()
    group.refresh_from_db()
    assert link.uses == link.max_uses == 2
    assert group.member_count == 3
    assert InvitationUse.objects.filter(invitation=link).count() == 2
