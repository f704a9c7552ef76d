"""The dashboard's series read from the daily snapshots (ParticipationDay and live rows after it) are the live figures.

metrics.py computes each figure from the live records and is pinned by test_metrics.py; here every snapshot-based
figure must equal it, whether nothing, part or all of the range has been snapshotted.
"""

import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.insights import metrics, snapshots
from portal.insights.models import DailySnapshot, ParticipationDay
from portal.points import services as points
from tests.groups.factories import CommunityGroupFactory, MemberFactory
from tests.groups.lifecycle.factories import ActivityFactory, at, attend, tally
from tests.insights.conftest import END, SPAN
from tests.insights.test_dashboard import RANGE, URL, busy_group

# A range that starts and ends mid-week, so the first and last weeks are partial.
MIDWEEK = metrics.Range(date(2025, 5, 28), date(2025, 6, 25))


def snapshot(day):
    call_command("snapshot_insights", "--date", day.isoformat(), stdout=io.StringIO())


def live_pairs(last=END):
    """(member, day) of taking part up to ``last``, as metrics.py reads them from the live records."""
    return {(member, day) for member, day in metrics._participation_days(end_at=metrics.aware(last + timedelta(1)))}


def rolled_pairs():
    return set(ParticipationDay.objects.values_list("member_id", "date"))


def assert_same_figures(span):
    end = span.end
    assert snapshots.weekly_active_members(span) == metrics.weekly_active_members(span)
    assert snapshots.retention_cohorts(span) == metrics.retention_cohorts(span)
    assert snapshots.churn(end) == metrics.churn(span.end_at)
    for days in (7, 28):
        assert snapshots.active_members(end, days) == metrics.active_members(span.end_at, days)


@pytest.mark.parametrize("taken", [None, date(2025, 6, 1), date(2025, 6, 20), END, date(2025, 7, 10)])
def test_snapshot_figures_equal_the_live_ones(programme, taken):
    if taken:
        snapshot(taken)
    assert snapshots.covered_until() == taken

    for span in (SPAN, MIDWEEK):
        assert_same_figures(span)
    # The hand-worked numbers, once more, through the snapshots.
    assert [n for _week, n in snapshots.weekly_active_members(SPAN)] == [1, 0, 2, 1, 1]
    assert snapshots.churn(END) == (1, 5, 76)


def test_hosting_counts_points_never_do_and_staff_are_left_out_through_the_snapshots(db):
    host = MemberFactory(date_joined=at(date(2025, 6, 16)))
    ActivityFactory(group=CommunityGroupFactory(leader=host), starts_at=at(date(2025, 6, 25), 19), created_by=host)
    collector = MemberFactory(date_joined=at(date(2025, 6, 16)))
    points.award(collector, "email_verified", at=at(date(2025, 6, 16)))
    tally(collector, date(2025, 6, 28), 40)
    later_staff = MemberFactory(date_joined=at(date(2025, 6, 17)))
    attend(ActivityFactory(starts_at=at(date(2025, 6, 18), 19)), later_staff)
    snapshot(END)
    later_staff.is_staff = True
    later_staff.save(update_fields=["is_staff"])

    span = metrics.Range(date(2025, 6, 16), END)
    assert_same_figures(span)
    assert snapshots.retention_cohorts(span) == [(date(2025, 6, 16), 2, [0, 50])]
    assert snapshots.churn(END) == (0, 1, 0)


def test_the_first_run_backfills_every_day_since_the_first_activity(programme):
    snapshot(END)

    assert rolled_pairs() == live_pairs()
    assert min(day for _member, day in rolled_pairs()) == date(2025, 4, 14)  # ian's activity, long before the run
    assert list(DailySnapshot.objects.values_list("date", flat=True)) == [END]


def test_a_later_run_fills_the_days_since_the_last_one(programme):
    snapshot(date(2025, 6, 1))
    assert rolled_pairs() == live_pairs(date(2025, 6, 1))

    snapshot(END)

    assert rolled_pairs() == live_pairs()
    assert snapshots.covered_until() == END


def test_running_it_again_changes_nothing_and_late_attendance_is_picked_up(programme):
    snapshot(END)
    first = rolled_pairs()
    snapshot(END)

    assert rolled_pairs() == first
    assert ParticipationDay.objects.count() == len(first)
    assert DailySnapshot.objects.count() == 1

    bob = programme["people"]["bob"]
    attend(ActivityFactory(group=programme["groups"]["G1"], starts_at=at(date(2025, 6, 24), 19)), bob)
    snapshot(END)

    assert rolled_pairs() == first | {(bob.pk, date(2025, 6, 24))}
    assert rolled_pairs() == live_pairs()


def test_each_snapshot_keeps_the_counts_of_its_day(programme):
    snapshot(date(2025, 6, 10))
    snapshot(date(2025, 6, 12))

    sign_up_day, activity_day = (
        DailySnapshot.objects.get(date=date(2025, 6, 10)),
        DailySnapshot.objects.get(date=date(2025, 6, 12)),
    )
    assert (sign_up_day.new_members, sign_up_day.active_members, sign_up_day.active_week) == (1, 0, 0)  # cat joined
    assert (activity_day.new_members, activity_day.active_members, activity_day.active_week) == (0, 2, 2)  # ann, cat


def test_the_dashboard_shows_the_same_numbers_from_the_snapshots(client, team_member, programme):
    client.force_login(team_member)
    live = client.get(URL, RANGE).context
    snapshot(date(2025, 6, 20))

    taken = client.get(URL, RANGE).context

    assert taken["covered_until"] == date(2025, 6, 20)
    assert taken["figures"] == live["figures"]
    assert taken["cohorts"] == live["cohorts"]
    assert taken["cohort_rows"] == live["cohort_rows"]


# A fixed number of statements whatever the data: session and user, the range's snapshots, and one grouped query per
# figure or series (a page with no data takes the same).
DASHBOARD_BUDGET = 30


@pytest.mark.parametrize("groups", [5, 30])
def test_the_dashboard_stays_within_a_fixed_query_budget(client, team_member, django_assert_max_num_queries, groups):
    client.force_login(team_member)
    for index in range(groups):
        busy_group(index)
    call_command("snapshot_insights", stdout=io.StringIO())
    client.get(URL)  # settings rows and site caches, as on any request after the first few

    with django_assert_max_num_queries(DASHBOARD_BUDGET):
        response = client.get(URL)

    assert response.status_code == 200
    assert response.context["covered_until"] is not None


@pytest.mark.parametrize(
    ("table", "untouched"),
    [
        ("funnel", ["groups_attendance", "insights_participationday", "points_scopedailytally", "groups_stagechange"]),
        ("top-points", ["groups_attendance", "insights_participationday", "groups_activity"]),
        ("stage-changes", ["groups_attendance", "insights_participationday", "points_scopedailytally"]),
        ("new-members", ["groups_attendance", "insights_participationday", "groups_activity"]),
    ],
)
def test_a_csv_export_computes_only_its_own_table(client, team_member, programme, table, untouched):
    snapshot(END)
    client.force_login(team_member)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {**RANGE, "export": table})
        b"".join(response.streaming_content)

    assert response.status_code == 200
    read = " ".join(query["sql"] for query in queries.captured_queries)
    assert not [name for name in untouched if name in read]
