"""Fixtures for the staff screens: a community-team member, an editor without the team's rights, and queues of work."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.board.models import Report
from portal.groups.models import GroupApplication, JoinRequest, StageProposal
from portal.points import services as points
from portal.points.models import Reward
from recruitment.models import Application
from tests.board.factories import CommentFactory
from tests.factories import StaffUserFactory
from tests.groups.factories import (
    CommunityGroupFactory,
    GroupApplicationFactory,
    JoinRequestFactory,
    MemberFactory,
)
from tests.page_factories import EntryFactory, RecruitmentCallPageFactory, ShowcasePageFactory
from website.core.permissions import COMMUNITY_TEAM
from website.showcases.models import Entry


@pytest.fixture
def team_member(db):
    return StaffUserFactory(email="team@example.com", display_name="运营小叶", groups=[COMMUNITY_TEAM])


@pytest.fixture
def editor(db):
    """Staff in the Editors group only: pages and showcase entries, none of the community team's queues."""
    return StaffUserFactory(email="editor-only@example.com", display_name="编辑小王")


@pytest.fixture
def queues(db, team_member):
    """`queues(n)`: n items waiting in every queue, next to items that are not waiting (decided, or too recent)."""

    def build(n):
        now = timezone.now()
        showcase = ShowcasePageFactory()
        call = RecruitmentCallPageFactory()
        reward = Reward.objects.create(name="社群帆布袋", cost=10, stock=1000, description="印着社群标志的帆布袋")
        for _i in range(n):
            GroupApplicationFactory(status=GroupApplication.Status.SUBMITTED)
            JoinRequestFactory(created_at=now - timedelta(days=8))
            StageProposal.objects.create(group=CommunityGroupFactory(), to_stage="core")
            member = MemberFactory()
            points.adjust(member, 10, reason="测试", actor=team_member)
            points.redeem(member, reward)
            EntryFactory(showcase=showcase, status=Entry.Status.PENDING)
            Application.objects.create(call=call, member=MemberFactory(), answers=[])
            # A comment reported twice and left open over 48 hours: one item for the team, however many reports.
            comment = CommentFactory()
            for _reporter in range(2):
                _report(comment, created_at=now - timedelta(hours=50))
        # Not waiting on the team: decided, returned to the applicant, or a join request still young.
        GroupApplicationFactory(status=GroupApplication.Status.APPROVED)
        GroupApplicationFactory(status=GroupApplication.Status.RETURNED)
        JoinRequestFactory(created_at=now - timedelta(days=6))
        JoinRequestFactory(created_at=now - timedelta(days=30), status=JoinRequest.Status.APPROVED)
        StageProposal.objects.create(
            group=CommunityGroupFactory(), to_stage="core", status=StageProposal.Status.DECLINED
        )
        EntryFactory(showcase=showcase, status=Entry.Status.APPROVED)
        Application.objects.create(call=call, member=MemberFactory(), answers=[], status=Application.Status.ACCEPTED)
        _report(CommentFactory(), created_at=now - timedelta(hours=2))  # still the leaders' to decide
        _report(CommentFactory(), created_at=now - timedelta(days=5), status=Report.Status.DISMISSED)

    return build


def _report(comment, **fields):
    return Report.objects.create(
        group=comment.post.group, reporter=MemberFactory(), post=comment.post, comment=comment, reason="spam", **fields
    )
