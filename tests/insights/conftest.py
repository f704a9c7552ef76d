"""Fixtures for the insights tests: who may read the dashboard, and a small programme with hand-computed numbers."""

from datetime import date

import pytest

from portal.groups.models import Activity, CommunityGroup, Membership, StageChange
from portal.insights.metrics import Range
from tests.factories import StaffUserFactory
from tests.groups.factories import CommunityGroupFactory, MemberFactory, MembershipFactory, TopicFactory
from tests.groups.lifecycle.factories import ActivityFactory, at, attend, tally
from website.core.permissions import COMMUNITY_TEAM

# A Sunday, so the range below is five whole weeks (Monday 26 May to Sunday 29 June 2025).
END = date(2025, 6, 29)
SPAN = Range(date(2025, 5, 26), END)


@pytest.fixture
def team_member(db):
    return StaffUserFactory(email="team@example.com", display_name="运营小叶", groups=[COMMUNITY_TEAM])


@pytest.fixture
def editor(db):
    """Staff in the Editors group only."""
    return StaffUserFactory(email="editor-only@example.com", display_name="编辑小王")


@pytest.fixture
def plain_member(db):
    return MemberFactory(email="plain@example.com", display_name="普通成员")


@pytest.fixture
def programme(db):
    """Nine members, four groups and six activities; every expected figure in the tests is worked out by hand.

    Who did what (all 2025, local time); points alone never make anyone active:
      ann  joined 27 May; leads G1; attended A1 (29 May) and A2 (12 Jun)
      bob  joined 28 May; in G1; earned 20 points in G1 on 5 Jun
      cat  joined 10 Jun; in G1 and G2; attended A2 (12 Jun)
      dan  joined 10 Jan; leads G2; earned 30 points on 1 Feb; attended A3 (26 Jun)
      eve  joined 10 Jan; leads G3 (archived); attended A5 (20 Jun)
      fay  joined 24 Jun; left G1; never active
      gus  joined 10 Jan; in no group; earned 15 points on 1 Mar
      hal  joined 10 Jan; leads G4; a tally of 0 points in G4 on 28 Jun (not active)
      ian  joined 10 Jan; in G2; attended A0 (14 Apr)
    A4 (G2, 27 Jun) was cancelled.
    """
    topic = TopicFactory(name="洞察测试", slug="insights-test")
    people = {
        name: MemberFactory(display_name=name, email=f"{name}@example.com", date_joined=at(joined))
        for name, joined in {
            "ann": date(2025, 5, 27),
            "bob": date(2025, 5, 28),
            "cat": date(2025, 6, 10),
            "dan": date(2025, 1, 10),
            "eve": date(2025, 1, 10),
            "fay": date(2025, 6, 24),
            "gus": date(2025, 1, 10),
            "hal": date(2025, 1, 10),
            "ian": date(2025, 1, 10),
        }.items()
    }
    p = people
    g1 = CommunityGroupFactory(name="G1 园林读书会", topic=topic, leader=p["ann"], stage=CommunityGroup.Stage.GROWING)
    g2 = CommunityGroupFactory(name="G2 夜跑团", topic=topic, leader=p["dan"], stage=CommunityGroup.Stage.CORE)
    g3 = CommunityGroupFactory(
        name="G3 已归档", topic=topic, leader=p["eve"], stage=CommunityGroup.Stage.CORE, status="archived"
    )
    g4 = CommunityGroupFactory(name="G4 新手村", topic=topic, leader=p["hal"])
    for group, name in ((g1, "bob"), (g1, "cat"), (g2, "cat"), (g2, "ian")):
        MembershipFactory(group=group, member=p[name])
    MembershipFactory(group=g1, member=p["fay"], state=Membership.State.LEFT)

    def held(group, day, *names, status=Activity.Status.SCHEDULED):
        activity = ActivityFactory(group=group, starts_at=at(day, 19), status=status)
        for name in names:
            attend(activity, p[name])
        return activity

    held(g2, date(2025, 4, 14), "ian")
    held(g1, date(2025, 5, 29), "ann")
    held(g1, date(2025, 6, 12), "ann", "cat")
    held(g2, date(2025, 6, 26), "dan")
    held(g2, date(2025, 6, 27), status=Activity.Status.CANCELLED)
    held(g3, date(2025, 6, 20), "eve")
    for name, day, earned, group in (
        ("bob", date(2025, 6, 5), 20, g1),
        ("dan", date(2025, 2, 1), 30, None),
        ("gus", date(2025, 3, 1), 15, None),
        ("hal", date(2025, 6, 28), 0, g4),
    ):
        tally(p[name], day, earned, group=group)
    StageChange.objects.create(group=g1, from_stage="new", to_stage="growing", created_at=at(date(2025, 6, 20), 3))
    StageChange.objects.create(group=g2, from_stage="growing", to_stage="core", created_at=at(date(2025, 5, 1), 3))
    return {"people": people, "groups": {"G1": g1, "G2": g2, "G3": g3, "G4": g4}}
