"""The boards' standings table: refreshed from the tallies under the job lock, moved by each entry in between, read
by index; and award() in a fixed handful of statements."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.points import leaderboards, services
from portal.points.models import PeriodStanding, PointBalance, StandingsRefresh
from portal.points.tasks import refresh_standings_task
from tests.factories import StaffUserFactory
from tests.groups.factories import CommunityGroupFactory
from tests.points.conftest import local_noon
from website.core.jobs import job_lock

pytestmark = pytest.mark.django_db

BOARD = reverse("points:leaderboard")


def _rows(period, **kwargs):
    return [(row.member, row.points, row.rank) for row in leaderboards.board(period, **kwargs)]


@pytest.fixture
def five(make_members, grant):
    """Five members with 30, 20, 20, 10 and 10 points earned three days ago."""
    people = make_members(5)
    for person, points in zip(people, [30, 20, 20, 10, 10], strict=True):
        grant(person, points, days=3)
    return people


@pytest.mark.parametrize("period", leaderboards.PERIODS)
def test_a_refreshed_board_is_read_from_the_table_and_agrees_with_the_live_aggregate(five, period):
    live = _rows(period)  # nothing refreshed yet: computed from the tallies
    assert not StandingsRefresh.objects.exists(), "reading a board never writes it"

    leaderboards.refresh(period)

    assert StandingsRefresh.objects.get(period=period).ranked == 5
    assert _rows(period) == live
    assert [(points, rank) for _member, points, rank in live] == [(30, 1), (20, 2), (20, 2), (10, 4), (10, 4)]
    ties = [member.pk for member, points, _rank in live if points == 20]
    assert ties == sorted(ties), "equal points are listed by member id"
    standings = [leaderboards.my_standing(person, period) for person in five]
    assert standings == [(1, 30), (2, 20), (2, 20), (4, 10), (4, 10)]


@pytest.mark.parametrize("period", leaderboards.PERIODS)
def test_staff_and_excluded_accounts_are_never_ranked_in_the_table(make_members, grant, period):
    member, tester = make_members(2)
    staff = StaffUserFactory()
    grant(staff, 500)
    grant(tester, 300)
    PointBalance.objects.filter(member=tester).update(excluded_from_rankings=True)
    grant(member, 10)

    leaderboards.refresh(period)
    grant(tester, 5)  # an entry after the refresh gives the excluded account a row, but never a rank

    assert _rows(period) == [(member, 10, 1)]
    assert not PeriodStanding.objects.filter(member=staff).exists()
    assert leaderboards.my_standing(staff, period) == (None, 0)
    assert leaderboards.my_standing(tester, period)[0] is None
    assert not PeriodStanding.objects.filter(member=tester, rank__isnull=False).exists()


def test_a_new_award_shows_my_points_at_once_and_my_rank_after_the_next_refresh(five, make_source):
    last = five[4]  # #4 with 10
    leaderboards.refresh_all()

    services.award(last, "group_founded", make_source())  # +50: 60 in truth, first once ranked again

    for period in leaderboards.PERIODS:
        assert leaderboards.my_standing(last, period) == (4, 60), period
    assert (last, 60, 4) in _rows("30d")

    leaderboards.refresh_all()

    assert [leaderboards.my_standing(last, period) for period in leaderboards.PERIODS] == [(1, 60)] * 4
    assert _rows("30d")[0] == (last, 60, 1)


def test_a_member_with_first_points_after_the_refresh_has_points_but_no_rank_yet(five, make_members, grant):
    leaderboards.refresh_all()
    newcomer = make_members(1)[0]

    grant(newcomer, 15)

    assert leaderboards.my_standing(newcomer, "7d") == (None, 15)
    assert newcomer not in [member for member, _points, _rank in _rows("7d")]
    leaderboards.refresh("7d")
    assert leaderboards.my_standing(newcomer, "7d") == (4, 15)  # after 30, 20 and 20


def test_reversals_lower_the_standings_and_spending_does_not(five, make_source, team_member):
    first = five[0]  # #1 with 30
    entry = services.award(first, "group_founded", make_source())  # 80
    leaderboards.refresh_all()

    services.spend(first, 70)
    assert leaderboards.my_standing(first, "30d") == (1, 80)
    assert leaderboards.my_standing(first, "all") == (1, 80)

    services.adjust(first, 60, reason="补发", actor=team_member)  # 140; balance 70
    services.reverse(entry, actor=team_member)  # 90
    assert [leaderboards.my_standing(first, period)[1] for period in leaderboards.PERIODS] == [90] * 4

    leaderboards.refresh_all()
    assert [leaderboards.my_standing(first, period)[1] for period in leaderboards.PERIODS] == [90] * 4


def test_an_entry_dated_before_a_window_moves_only_the_boards_it_counts_on(five, team_member):
    member = five[4]  # 10 points, three days ago
    leaderboards.refresh_all()

    twelve_days_ago = local_noon(timezone.localdate() - timedelta(days=12))
    services.adjust(member, 40, reason="补记", actor=team_member, at=twelve_days_ago)

    assert leaderboards.my_standing(member, "7d")[1] == 10
    assert leaderboards.my_standing(member, "30d")[1] == 50
    assert leaderboards.my_standing(member, "all")[1] == 50


def test_the_rolling_windows_move_when_the_day_rolls_over(make_members, grant):
    old, recent = make_members(2)
    grant(old, 40, days=6)  # the oldest day still inside 7 days
    grant(recent, 10, days=0)
    today = timezone.localdate()
    leaderboards.refresh_all(today=today)
    assert _rows("7d", today=today) == [(old, 40, 1), (recent, 10, 2)]

    tomorrow = today + timedelta(days=1)
    leaderboards.refresh_all(today=tomorrow)

    assert StandingsRefresh.objects.get(period="7d").day == tomorrow
    assert _rows("7d", today=tomorrow) == [(recent, 10, 1)]
    assert leaderboards.my_standing(old, "7d", today=tomorrow) == (None, 0)
    assert _rows("30d", today=tomorrow) == [(old, 40, 1), (recent, 10, 2)]
    # Another day than the table was computed for is answered live, from the tallies.
    assert _rows("7d", today=today) == [(old, 40, 1), (recent, 10, 2)]


def test_the_month_board_starts_again_on_the_first(make_members, team_member):
    member = make_members(1)[0]
    first = timezone.localdate().replace(day=1)
    services.adjust(member, 25, reason="上月底", actor=team_member, at=local_noon(first - timedelta(days=1)))

    leaderboards.refresh("month", today=first - timedelta(days=1))
    assert _rows("month", today=first - timedelta(days=1)) == [(member, 25, 1)]

    leaderboards.refresh("month", today=first)
    assert _rows("month", today=first) == []


def test_refreshing_again_changes_nothing(five, make_members, grant):
    grant(make_members(1)[0], 20, days=40)  # all time only
    leaderboards.refresh_all()
    before = sorted(PeriodStanding.objects.values_list("period", "member_id", "points", "rank"))

    counts = leaderboards.refresh_all()

    assert sorted(PeriodStanding.objects.values_list("period", "member_id", "points", "rank")) == before
    assert counts == {"7d": 5, "30d": 5, "month": counts["month"], "all": 6}


def test_the_command_and_the_task_refresh_under_the_job_lock(five):
    call_command("refresh_standings")
    assert StandingsRefresh.objects.count() == len(leaderboards.PERIODS)
    assert refresh_standings_task.call() == {
        "7d": 5,
        "30d": 5,
        "month": PeriodStanding.objects.filter(period="month", rank__isnull=False).count(),
        "all": 5,
    }

    with job_lock(leaderboards.LOCK_NAME):
        with pytest.raises(CommandError):
            call_command("refresh_standings")
        assert refresh_standings_task.call() == {"skipped": "already running"}


def test_the_leaderboard_page_reads_the_table(client, five, grant):
    leaderboards.refresh_all()
    me = five[3]  # #4 with 10
    client.force_login(me)
    grant(me, 5)

    response = client.get(f"{BOARD}?period=30d")

    assert response.status_code == 200
    assert [(row.member, row.points, row.rank) for row in response.context["rows"]] == _rows("30d")
    assert (response.context["my_rank"], response.context["my_points"]) == (4, 15)
    assert response.context["standings_taken_at"] == StandingsRefresh.objects.get(period="30d").taken_at


# --- award() in a fixed number of statements ------------------------------------------------------------------------


def _statements(call):
    with CaptureQueriesContext(connection) as captured:
        result = call()
    sqls = [query["sql"] for query in captured.captured_queries]
    return result, [sql for sql in sqls if not sql.startswith(("SAVEPOINT", "RELEASE"))]


def test_award_takes_one_lock_one_insert_and_three_updates(member, make_source, grant):
    grant(member, 5)  # the balance row and today's tally exist
    services.award(member, "group_founded", make_source())  # the rules and the content type are cached
    source = make_source()

    entry, statements = _statements(lambda: services.award(member, "group_founded", source))

    assert entry is not None
    assert len(statements) == 5, statements  # lock, insert, balance, daily tally, standings


def test_award_for_a_first_entry_and_in_a_group_still_fits_its_budget(member, make_source):
    group, source = CommunityGroupFactory(), make_source()
    services.has_award(member, "group_founded", source)  # the rules and the content types are cached
    services.has_award(member, "group_founded", group)
    services.levels()  # and the levels (this award reaches the second one)

    entry, first = _statements(lambda: services.award(member, "group_founded", source))
    assert entry is not None
    assert len(first) == 5, first  # the lock creates the balance row; the upserts create today's rows

    entry, scoped = _statements(lambda: services.award(member, "group_founded", group, scope=group))
    assert entry is not None
    assert len(scoped) == 6, scoped  # and the group's tally


def test_an_award_already_made_costs_two_statements_and_changes_nothing(member, make_source):
    source = make_source()
    services.award(member, "group_founded", source)
    before = PointBalance.objects.get(member=member).balance

    entry, statements = _statements(lambda: services.award(member, "group_founded", source))

    assert entry is None
    assert len(statements) == 2, statements
    assert PointBalance.objects.get(member=member).balance == before


def test_a_capped_rule_counts_todays_awards_under_the_lock(member, make_source, set_rule):
    set_rule("group_joined", daily_cap=2)
    sources = [make_source() for _ in range(3)]
    services.award(member, "group_joined", sources[0])
    entry, statements = _statements(lambda: services.award(member, "group_joined", sources[1]))
    assert entry is not None
    assert len(statements) == 6, statements

    refused, statements = _statements(lambda: services.award(member, "group_joined", sources[2]))
    assert refused is None
    assert len(statements) == 2, statements  # the lock and the count
