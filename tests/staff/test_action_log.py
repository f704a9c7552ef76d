"""Every staff action that changes state is recorded once in the object's history, by the service that makes it:
the same record whether the action came from an admin screen, a command or another service."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from portal.groups import services as groups
from portal.points import services as points
from portal.points.models import PointEntry, Reward
from recruitment import services as recruitment
from recruitment.models import Application
from tests.groups.factories import CommunityGroupFactory, GroupApplicationFactory, MemberFactory
from tests.page_factories import RecruitmentCallPageFactory

pytestmark = pytest.mark.django_db


def history(instance, action):
    return list(ModelLogEntry.objects.filter(object_id=str(instance.pk), action=action).values_list("user", flat=True))


@pytest.fixture
def reward(db):
    return Reward.objects.create(name="社群帆布袋", cost=10, stock=5, description="印着社群标志的帆布袋")


def test_a_points_adjustment_is_logged_once_by_the_service(team_member):
    entry = points.adjust(MemberFactory(), 20, reason="线下活动志愿者", actor=team_member)
    assert history(entry, "points.adjust") == [team_member.pk]


def test_an_adjustment_made_in_the_admin_is_logged_once(client, team_member):
    member = MemberFactory()
    client.force_login(team_member)
    response = client.post(reverse("points_admin:adjust", args=[member.pk]), {"amount": 15, "reason": "补发"})
    assert response.status_code == 302
    assert history(PointEntry.objects.get(member=member), "points.adjust") == [team_member.pk]


def test_a_reversal_is_logged_once_with_who_made_it(team_member):
    entry = points.adjust(MemberFactory(), 20, reason="多发了", actor=team_member)
    reversal = points.reverse(entry, actor=team_member, reason="更正")
    assert history(reversal, "points.reverse") == [team_member.pk]


def test_fulfilling_and_cancelling_redemptions_are_logged_once(team_member, reward):
    member = MemberFactory()
    points.adjust(member, 30, reason="活动奖励", actor=team_member)
    sent, cancelled = points.redeem(member, reward), points.redeem(member, reward)
    points.fulfil(sent, team_member, "顺丰 SF123")
    points.cancel(cancelled, team_member, "缺货")
    assert history(sent, "points.redemption.fulfil") == [team_member.pk]
    assert history(cancelled, "points.redemption.cancel") == [team_member.pk]
    assert history(sent, "points.redemption.cancel") == history(cancelled, "points.redemption.fulfil") == []


def test_recruitment_decisions_and_revocations_are_logged_once(team_member):
    application = Application.objects.create(call=RecruitmentCallPageFactory(), member=MemberFactory(), answers=[])
    recruitment.decide([application], team_member, Application.Status.SHORTLISTED)
    recruitment.revoke_lecturer(application.member, team_member)
    assert history(application, "recruitment.shortlisted") == [team_member.pk]
    assert history(application.member, "recruitment.revoke_lecturer") == [team_member.pk]


def test_group_decisions_by_staff_are_logged_once(team_member):
    application = GroupApplicationFactory()
    groups.approve_application(application, reviewer=team_member)
    assert history(application, "groups.application.approve") == [team_member.pk]
    other = CommunityGroupFactory()
    groups.archive_group(other, team_member, by_staff=True)
    assert history(other, "groups.group.archive") == [team_member.pk]
