"""The programme's numbers against a small fixture worked out by hand (see conftest.programme)."""

from datetime import date, timedelta

from portal.groups.metrics import active_q
from portal.insights import metrics
from tests.groups.lifecycle.factories import ActivityFactory, at, attend, tally
from tests.insights.conftest import END, SPAN

END_AT = SPAN.end_at


def test_groups_per_stage_count_active_groups_only(programme):
    assert [(stage, n) for stage, _label, n in metrics.stage_funnel()] == [("new", 1), ("growing", 1), ("core", 1)]


def test_members_covered_are_distinct_people_with_an_active_membership_of_an_active_group(programme):
    # ann, bob, cat (counted once though in two groups), dan, ian, hal; not eve (archived group) nor fay (left).
    assert metrics.members_covered() == 6


def test_groups_with_an_activity_in_the_last_30_days(programme):
    # G1 (12 Jun) and G2 (26 Jun) of the three active groups; G3 is archived, A4 was cancelled.
    assert metrics.groups_with_activity(END_AT) == (2, 3)


def test_active_members_over_7_and_28_days_use_the_one_definition(programme):
    assert metrics.active_members(END_AT, 7) == 1  # dan (26 Jun); hal's zero-point tally does not count
    assert metrics.active_members(END_AT, 28) == 4  # ann, cat, eve, dan attended; bob only earned points


def test_active_members_agree_with_the_shared_definition(programme, django_user_model):
    for days in (7, 28):
        start = END_AT - timedelta(days=days)
        by_definition = django_user_model.objects.filter(active_q(start, END_AT, field="pk"), is_staff=False).count()
        assert metrics.active_members(END_AT, days) == by_definition


def test_new_members_per_week(programme):
    assert metrics.new_members_per_week(SPAN) == [
        (date(2025, 5, 26), 2),
        (date(2025, 6, 2), 0),
        (date(2025, 6, 9), 1),
        (date(2025, 6, 16), 0),
        (date(2025, 6, 23), 1),
    ]


def test_active_members_per_week(programme):
    assert [n for _week, n in metrics.weekly_active_members(SPAN)] == [1, 0, 2, 1, 1]


def test_weekly_retention_cohorts(programme):
    assert metrics.retention_cohorts(SPAN) == [
        (date(2025, 5, 26), 2, [50, 0, 50, 0, 0]),  # ann took part in weeks 0 and 2; bob only earned points
        (date(2025, 6, 9), 1, [100, 0, 0]),  # cat
        (date(2025, 6, 23), 1, [0]),  # fay
    ]


def test_churn_counts_members_active_once_but_not_in_the_last_60_days(programme):
    # Five ever took part (ann, cat, dan, eve, ian); ian (14 Apr, 76 days ago) has churned. Points never count.
    assert metrics.churn(END_AT) == (1, 5, 76)


def test_top_groups_by_activities_and_by_points(programme):
    by_activities, by_points = metrics.top_groups(SPAN)

    assert by_activities == [("G1 园林读书会", 2, 3), ("G2 夜跑团", 1, 1)]
    assert by_points == [("G1 园林读书会", 20), ("G4 新手村", 0)]


def test_top_groups_by_points_count_only_points_earned_in_each_group(programme):
    """A member's site-wide bonus or points earned in another group never lift a group's total."""
    cat = programme["people"]["cat"]  # in G1 and G2
    tally(cat, date(2025, 6, 20), 500)  # site-wide, e.g. a staff grant
    tally(cat, date(2025, 6, 21), 7, group=programme["groups"]["G2"])

    _by_activities, by_points = metrics.top_groups(SPAN)

    assert by_points == [("G1 园林读书会", 20), ("G2 夜跑团", 7), ("G4 新手村", 0)]


def test_stage_changes_in_the_period(programme):
    assert [(c.group.name, c.to_stage) for c in metrics.stage_changes(SPAN)] == [("G1 园林读书会", "growing")]


def test_the_headline_figures_are_the_same_numbers(programme):
    figures = metrics.headline(END_AT)

    assert figures == {
        "members": 9,
        "members_covered": 6,
        "groups": 3,
        "groups_with_activity_30d": 2,
        "active_7d": 1,
        "active_28d": 4,
        "churned": 1,
        "ever_active": 5,
        "churned_average_days": 76,
        "stages": {"new": 1, "growing": 1, "core": 1},
    }


def test_staff_are_not_counted_as_active_members_in_any_figure(programme, team_member):
    """The dashboard counts members; staff who attend or earn points are left out of every "active" figure alike."""
    activity = ActivityFactory(group=programme["groups"]["G1"], starts_at=at(END - timedelta(days=2), 19))
    attend(activity, team_member)
    tally(team_member, date(2025, 3, 2), 10)

    assert metrics.active_members(END_AT, 7) == 1
    assert [n for _week, n in metrics.weekly_active_members(SPAN)] == [1, 0, 2, 1, 1]
    assert metrics.churn(END_AT)[1] == 5
