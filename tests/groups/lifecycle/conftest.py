"""Fixtures for the lifecycle, activity and spin-off tests: rules, leaders and members, groups with given metrics.

These tests read what members see, in Chinese: the groups tests' English override (``_english`` in the parent
conftest) is switched off here by a fixture of the same name."""

import pytest

from portal.groups.models import LifecycleRules
from tests.factories import StaffUserFactory
from tests.groups.factories import CommunityGroupFactory, MemberFactory, MembershipFactory, TopicFactory
from tests.groups.lifecycle.helpers import LOW_THRESHOLDS
from website.core.permissions import COMMUNITY_TEAM


@pytest.fixture(autouse=True)
def _english():
    """No English override: the default language, as members see the pages and messages."""
    yield


@pytest.fixture
def lifecycle_rules(db):
    """The site's lifecycle rules at their defaults."""
    return LifecycleRules.load()


@pytest.fixture
def low_rules(lifecycle_rules):
    """The rules with LOW_THRESHOLDS, changed the way the community team would, and saved."""
    for name, value in LOW_THRESHOLDS.items():
        setattr(lifecycle_rules, name, value)
    lifecycle_rules.full_clean()
    lifecycle_rules.save()
    return lifecycle_rules


@pytest.fixture
def topic(db):
    return TopicFactory(name="城市骑行", slug="city-cycling")


@pytest.fixture
def leader(db):
    return MemberFactory(email="leader@example.com", display_name="组长阿青")


@pytest.fixture
def group(leader, topic):
    """An open group in 杭州 led by `leader`, one of 20 seats taken."""
    return CommunityGroupFactory(
        name="西湖骑行社", slug="xihu-cycling", topic=topic, city="杭州", leader=leader, capacity=20
    )


@pytest.fixture
def make_member(group):
    """`make_member()` adds a member to `group`; `make_member(role=Membership.Role.CO_LEADER)` a co-leader."""

    def make(target=None, **kwargs):
        return MembershipFactory(group=target or group, **kwargs).member

    return make


@pytest.fixture
def outsider(db):
    return MemberFactory(email="outsider@example.com", display_name="路人小周")


@pytest.fixture
def other_group_leader(topic):
    member = MemberFactory(email="other-leader@example.com", display_name="别组组长")
    CommunityGroupFactory(name="别的社群", slug="other-group", topic=topic, leader=member)
    return member


@pytest.fixture
def team_member(db):
    """Staff in the community team: may change groups, decide proposals and read insights."""
    return StaffUserFactory(email="team@example.com", display_name="运营小叶", groups=[COMMUNITY_TEAM])


@pytest.fixture
def login(client):
    """`login(user)` signs the test client in and returns it."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
