"""Fixtures for the groups tests: rules, members of each kind, groups and a few helpers for actions and e-mail.

The tests assert on the English source text: services run under English (see `_english`) and pages are requested
under /en/. The Chinese rendering is covered where it matters (e-mail in the member's language).
"""

import pytest
from django.contrib.auth.models import Group as AuthGroup
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from portal.groups.models import CommunityGroup, GroupIndexPage, GroupRules, Membership
from tests.factories import StaffUserFactory
from tests.groups.factories import CommunityGroupFactory, MemberFactory, MembershipFactory, TopicFactory


@pytest.fixture(autouse=True)
def _english():
    """Messages raised by services (GroupActionError) come out in English, the language the assertions read."""
    with translation.override("en"):
        yield


@pytest.fixture
def community_team_member(db):
    """A staff member of the "Community team", with the Wagtail admin in English."""
    user = StaffUserFactory(groups=[AuthGroup.objects.get(name="Community team")])
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def rules(db):
    """The site's admission rules at their defaults (automatic mode, verified e-mail, 7 days, 0 points, 3 led)."""
    return GroupRules.load()


@pytest.fixture
def topic(db):
    return TopicFactory(name="共读小组", slug="shared-reading")


@pytest.fixture
def make_member(db):
    """Factory fixture: a verified member whose account is 30 days old (old enough to found a group)."""
    return MemberFactory


@pytest.fixture
def leader(db):
    return MemberFactory(email="leader@example.com", display_name="组长阿青")


@pytest.fixture
def outsider(db):
    return MemberFactory(email="outsider@example.com", display_name="路人小周")


@pytest.fixture
def group(leader, topic):
    """An open group led by `leader`, one seat taken."""
    return CommunityGroupFactory(
        name="西湖读书会", slug="xihu-books", topic=topic, leader=leader, join_policy=CommunityGroup.JoinPolicy.OPEN
    )


@pytest.fixture
def approval_group(leader, topic):
    """An approval group led by `leader` that asks one question."""
    return CommunityGroupFactory(
        name="周末烘焙社",
        slug="weekend-baking",
        topic=topic,
        leader=leader,
        join_policy=CommunityGroup.JoinPolicy.APPROVAL,
        join_questions=["你为什么想加入？"],
    )


@pytest.fixture
def plain_member(approval_group):
    """An ordinary member of `approval_group`: no manage rights."""
    return MembershipFactory(group=approval_group, member=MemberFactory(display_name="普通成员")).member


@pytest.fixture
def other_group_leader(db, topic):
    """The leader of another group, who must not reach `group` or `approval_group`'s manage area."""
    member = MemberFactory(email="other-leader@example.com", display_name="别组组长")
    CommunityGroupFactory(name="别的社群", slug="other-group", topic=topic, leader=member)
    return member


@pytest.fixture
def group_index(db):
    """The /groups/ directory page the data migration created."""
    return GroupIndexPage.objects.get()


@pytest.fixture
def login(client):
    """`login(user)` signs the test client in and returns it."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def manage_url():
    def make(group, name="manage"):
        return reverse(f"groups:{name}", kwargs={"slug": group.slug})

    return make


@pytest.fixture
def leader_membership():
    def get(group, user):
        return Membership.objects.get(group=group, member=user)

    return get
