"""Site-wide "active" on the dashboard is "took part in any group": attended or hosted; points alone never count."""

from datetime import date, timedelta

from portal.insights import metrics
from portal.points import services as points
from tests.groups.factories import CommunityGroupFactory, MemberFactory
from tests.groups.lifecycle.factories import ActivityFactory, at, attend, tally

END = date(2025, 6, 29)  # a Sunday
SPAN = metrics.Range(date(2025, 6, 16), END)
END_AT = SPAN.end_at


def test_a_member_with_only_sign_up_and_profile_points_is_never_active(db):
    member = MemberFactory(date_joined=at(date(2025, 6, 16)))
    points.award(member, "email_verified", at=at(date(2025, 6, 16)))
    points.award(member, "profile_completed", at=at(date(2025, 6, 17)))
    tally(member, date(2025, 6, 28), 40)

    assert metrics.active_members(END_AT, 7) == 0
    assert metrics.active_members(END_AT, 28) == 0
    assert [n for _week, n in metrics.weekly_active_members(SPAN)] == [0, 0]
    assert metrics.retention_cohorts(SPAN) == [(date(2025, 6, 16), 1, [0, 0])]
    assert metrics.churn(END_AT)[1] == 0


def test_hosting_counts_as_taking_part_in_every_figure(db):
    host = MemberFactory(date_joined=at(date(2025, 6, 16)))
    group = CommunityGroupFactory(leader=host)
    ActivityFactory(group=group, starts_at=at(date(2025, 6, 25), 19), created_by=host)

    assert metrics.active_members(END_AT, 7) == 1
    assert [n for _week, n in metrics.weekly_active_members(SPAN)] == [0, 1]
    assert metrics.retention_cohorts(SPAN) == [(date(2025, 6, 16), 1, [0, 100])]
    assert metrics.churn(END_AT)[:2] == (0, 1)


def test_a_member_who_took_part_long_ago_has_churned(db):
    member = MemberFactory(date_joined=at(date(2025, 1, 5)))
    attend(ActivityFactory(starts_at=at(date(2025, 3, 1), 19)), member)
    tally(member, END - timedelta(days=1), 30)  # a bonus yesterday is not a return

    assert metrics.churn(END_AT) == (1, 1, 120)
