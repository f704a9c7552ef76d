"""Fixtures for the points tests: rules as the data migration made them, sources to award for, staff, helpers."""

import tempfile
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from hypothesis.configuration import set_hypothesis_home_dir

from portal.points import services
from portal.points.models import PointBalance, PointEntry, PointRule, Reward
from tests.factories import StaffUserFactory, UserFactory
from tests.groups.factories import TopicFactory
from website.core.permissions import COMMUNITY_TEAM

# Hypothesis keeps a cache of constants it found; keep it out of the working tree (it is not in .gitignore).
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "community-ops-hypothesis")


def local_noon(day):
    """An aware moment in the middle of a local day, far from any midnight."""
    return timezone.make_aware(datetime.combine(day, time(12)))


def days_ago(days):
    return local_noon(timezone.localdate() - timedelta(days=days))


def earn_in_group(member, group, amount, at=None):
    """Points earned in ``group`` (attending one of its activities, worth ``amount``), dated ``at``."""
    from tests.groups.lifecycle.factories import ActivityFactory

    activity = ActivityFactory(group=group, starts_at=(at or timezone.now()) - timedelta(hours=2))
    return services.award(member, "activity_attended", activity, scope=group, amount=amount, at=at)


def ledger_sum(member, **filters):
    return sum(PointEntry.objects.filter(member=member, **filters).values_list("amount", flat=True))


def cached(member):
    """(balance, lifetime) from the cache row; (0, 0) for a member who has none yet."""
    row = PointBalance.objects.filter(member=member).first()
    return (row.balance, row.lifetime_earned) if row else (0, 0)


@pytest.fixture
def set_rule(db):
    """`set_rule("group_joined", points=0)` changes a rule the way the admin does (save(), so the cache resets)."""

    def change(code, **fields):
        rule = PointRule.objects.get(code=code)
        for name, value in fields.items():
            setattr(rule, name, value)
        rule.save()
        return rule

    return change


@pytest.fixture
def make_source(db):
    """Factory fixture: a fresh object to award points for; topics stand in for any source (group, request...)."""
    return TopicFactory


@pytest.fixture
def make_members(db):
    """`make_members(3)` returns three verified members (no points yet)."""

    def make(count, **kwargs):
        return [UserFactory(verified=True, **kwargs) for _ in range(count)]

    return make


@pytest.fixture
def team_member(db):
    """A staff member of the community team, who may adjust, reverse and handle redemptions."""
    return StaffUserFactory(email="team@example.com", display_name="运营小叶", groups=[COMMUNITY_TEAM])


@pytest.fixture
def grant(team_member):
    """`grant(member, 40, days=3)`: a staff grant of lifetime points dated `days` ago (feeds levels and boards)."""

    def give(member, amount, days=0, reason="活动奖励"):
        return services.adjust(member, amount, reason=reason, actor=team_member, at=days_ago(days))

    return give


@pytest.fixture
def make_reward(db):
    def make(**fields):
        values = {"name": "社群帆布袋", "cost": 30, "stock": 5, "description": "印着社群标志的帆布袋"}
        values.update(fields)
        return Reward.objects.create(**values)

    return make
