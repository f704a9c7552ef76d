"""Fixtures for the content tests: the index pages the migrations made, staff of each kind, leaders made the way
the site makes them, and helpers for e-mail and concurrency."""

import pytest
from django.conf import settings
from django.utils import translation

from courses.models import CourseIndexPage
from portal.groups import services as group_services
from portal.groups.models import Membership
from portal.groups.services import leaders
from recruitment.models import RecruitmentIndexPage
from tests.factories import StaffUserFactory
from tests.groups.factories import CommunityGroupFactory, MemberFactory, MembershipFactory
from website.core.permissions import COMMUNITY_TEAM, EDITORS
from website.featured.models import FeaturedGroupIndexPage
from website.guides.models import LeaderGuideIndexPage
from website.showcases.models import ShowcaseIndexPage


@pytest.fixture(autouse=True)
def _default_language():
    """Page URLs follow the active language; a request to /en/ in an earlier test must not leave English on."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def course_index(db):
    return CourseIndexPage.objects.get()


@pytest.fixture
def call_index(db):
    return RecruitmentIndexPage.objects.get()


@pytest.fixture
def showcase_index(db):
    return ShowcaseIndexPage.objects.get()


@pytest.fixture
def guide_index(db):
    return LeaderGuideIndexPage.objects.get()


@pytest.fixture
def featured_index(db):
    return FeaturedGroupIndexPage.objects.get()


@pytest.fixture
def editor(db):
    return StaffUserFactory(email="editor1@example.com", display_name="编辑小艾", groups=[EDITORS])


@pytest.fixture
def team_member(db):
    """A member of the community team (运营团队), staff but not an Editor."""
    return StaffUserFactory(email="team@example.com", display_name="运营阿泽", groups=[COMMUNITY_TEAM])


@pytest.fixture
def make_leader(db):
    """Factory fixture: the leader of a fresh group, put in the Leaders group the way the group services do."""

    def make(**kwargs):
        member = MemberFactory(**kwargs)
        CommunityGroupFactory(leader=member)
        leaders.sync_leader_group(member)
        return member

    return make


@pytest.fixture
def co_leader(db):
    """A member made co-leader of a group by its leader through the group services."""
    leader = MemberFactory(display_name="组长老周")
    group = CommunityGroupFactory(leader=leader)
    member = MembershipFactory(group=group, member=MemberFactory(display_name="副组长小雨")).member
    actor = Membership.objects.get(group=group, member=leader)
    group_services.set_role(group, actor, member.pk, Membership.Role.CO_LEADER)
    return member
