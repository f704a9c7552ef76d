"""Levels and progress, the site-wide boards and "my rank", the monthly archive and the monthly top 3 of each group."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.template import Context, Template
from django.utils import timezone

from portal.groups.models import MonthlyGroupWinner
from portal.points import leaderboards, services
from portal.points.models import LeaderboardArchive, Level, PointBalance, PointEntry
from tests.factories import StaffUserFactory
from tests.groups.factories import CommunityGroupFactory, MembershipFactory
from tests.points.conftest import earn_in_group, local_noon

pytestmark = pytest.mark.django_db


# --- levels ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lifetime", "level", "next_level", "percent", "to_next"),
    [
        (0, "新朋友", "入门成员", 0, 30),
        (29, "新朋友", "入门成员", 96, 1),
        (30, "入门成员", "活跃爱好者", 0, 170),
        (115, "入门成员", "活跃爱好者", 50, 85),
        (199, "入门成员", "活跃爱好者", 99, 1),
        (200, "活跃爱好者", "达人", 0, 800),
        (999, "活跃爱好者", "达人", 99, 1),
        (1000, "达人", None, 100, 0),
        (25000, "达人", None, 100, 0),
    ],
)
def test_level_progress_at_the_boundaries_of_the_default_levels(lifetime, level, next_level, percent, to_next):
    progress = services.level_progress(lifetime)

    assert progress.level.name == level
    assert (progress.next_level.name if progress.next_level else None) == next_level
    assert (progress.lifetime, progress.percent, progress.to_next) == (lifetime, percent, to_next)


def test_a_level_added_in_the_admin_counts_at_once():
    services.level_progress(600)  # warms the cached level list
    Level.objects.create(name="骨干", min_points=500, colour="#7c3aed")

    progress = services.level_progress(600)

    assert (progress.level.name, progress.next_level.name, progress.to_next) == ("骨干", "达人", 400)


def test_spending_points_does_not_lower_the_level(member, grant):
    grant(member, 250)
    services.spend(member, 240)

    balance = services.balance_of(member)
    assert services.level_progress(balance.lifetime_earned).level.name == "活跃爱好者"


def test_level_badge_shows_the_level_beside_a_member_name(member, grant):
    grant(member, 35)
    template = Template("{% load points_tags %}{% level_badge member %}")

    html = template.render(Context({"member": type(member).objects.select_related("point_balance").get(pk=member.pk)}))

    assert "入门成员" in html
    assert "#0f766e" in html


# --- site-wide boards -----------------------------------------------------------------------------------------------


def _board(period, **kwargs):
    return [(row.member.display_name, row.points, row.rank) for row in leaderboards.board(period, **kwargs)]


def test_each_period_counts_only_the_points_earned_inside_it(make_members, grant):
    a, b, c, d = make_members(4)
    for person, name in zip((a, b, c, d), "ABCD", strict=True):
        person.display_name = name
        person.save()
    grant(a, 10, days=6)  # the oldest day still inside 7 days
    grant(b, 20, days=7)
    grant(c, 40, days=29)  # the oldest day still inside 30 days
    grant(d, 80, days=30)

    assert _board("7d") == [("A", 10, 1)]
    assert _board("30d") == [("C", 40, 1), ("B", 20, 2), ("A", 10, 3)]
    assert _board("all") == [("D", 80, 1), ("C", 40, 2), ("B", 20, 3), ("A", 10, 4)]
    assert leaderboards.my_standing(d, "30d") == (None, 0)
    assert leaderboards.my_standing(d, "all") == (1, 80)
    assert leaderboards.my_standing(b, "7d") == (None, 0)
    assert leaderboards.my_standing(b, "30d") == (2, 20)


def test_this_month_starts_on_the_first_of_the_month(make_members, team_member):
    inside, outside = make_members(2)
    first = timezone.localdate().replace(day=1)
    services.adjust(inside, 15, reason="本月", actor=team_member, at=local_noon(first))
    services.adjust(outside, 25, reason="上月底", actor=team_member, at=local_noon(first - timedelta(days=1)))

    assert [(row.member, row.points) for row in leaderboards.board("month")] == [(inside, 15)]
    assert leaderboards.my_standing(inside, "month") == (1, 15)
    assert leaderboards.my_standing(outside, "month") == (None, 0)


@pytest.mark.parametrize("period", leaderboards.PERIODS)
def test_staff_and_excluded_accounts_are_never_ranked(make_members, grant, period):
    member, tester = make_members(2)
    staff = StaffUserFactory()
    grant(staff, 500)
    grant(tester, 300)
    PointBalance.objects.filter(member=tester).update(excluded_from_rankings=True)
    grant(member, 10)

    assert [(row.member, row.rank) for row in leaderboards.board(period)] == [(member, 1)]
    assert leaderboards.my_standing(member, period) == (1, 10)
    assert leaderboards.my_standing(staff, period)[0] is None
    assert leaderboards.my_standing(tester, period)[0] is None


@pytest.mark.parametrize("period", ["7d", "30d", "month", "all"])
def test_equal_points_share_a_rank_and_the_next_rank_is_skipped(make_members, grant, period):
    people = make_members(5)
    for person, points in zip(people, [30, 20, 20, 10, 10], strict=True):
        grant(person, points)

    board = leaderboards.board(period)

    assert [(row.points, row.rank) for row in board] == [(30, 1), (20, 2), (20, 2), (10, 4), (10, 4)]
    assert [leaderboards.my_standing(person, period) for person in people] == [
        (1, 30),
        (2, 20),
        (2, 20),
        (4, 10),
        (4, 10),
    ]


@pytest.mark.parametrize("period", ["30d", "all"])
def test_my_rank_is_known_far_outside_the_top_fifty(make_members, grant, period):
    others = make_members(55)
    for position, person in enumerate(others):
        grant(person, 200 - position, days=position % 20)  # 200, 199, ... 146
    me = make_members(1)[0]
    grant(me, 147, days=3)

    board = leaderboards.board(period, limit=50)

    assert len(board) == 50
    assert me not in [row.member for row in board]
    assert leaderboards.my_standing(me, period) == (54, 147)


def test_a_member_without_points_this_period_has_no_rank(member, grant):
    grant(member, 40, days=10)

    assert leaderboards.my_standing(member, "7d") == (None, 0)
    assert leaderboards.my_standing(member, "30d") == (1, 40)


# --- archive and monthly close --------------------------------------------------------------------------------------


def _last_month():
    first = timezone.localdate().replace(day=1)
    return (first - timedelta(days=1)).replace(day=1)


def test_archiving_a_month_keeps_its_ranked_winners_once(make_members, grant, team_member):
    month = _last_month()
    a, b, c = make_members(3)
    staff = StaffUserFactory()
    for person, points in ((a, 30), (b, 50), (c, 20), (staff, 900)):
        services.adjust(person, points, reason="上月活动", actor=team_member, at=local_noon(month.replace(day=10)))
    grant(c, 500)  # this month: not part of last month's archive

    assert leaderboards.archive_month(month) == 3
    rows = list(LeaderboardArchive.objects.filter(month=month).values_list("rank", "member", "points"))
    assert rows == [(1, b.pk, 50), (2, a.pk, 30), (3, c.pk, 20)]

    services.adjust(a, 100, reason="迟到的补发", actor=team_member, at=local_noon(month.replace(day=20)))
    assert leaderboards.archive_month(month) == 0
    assert list(LeaderboardArchive.objects.filter(month=month).values_list("rank", "member", "points")) == rows


@pytest.fixture
def last_month_groups(make_members, team_member):
    """Two groups open all last month, with points earned in them: reading club (leader + 4), hiking (leader + 2)."""
    month = _last_month()
    leaders = make_members(2)
    founded = local_noon(month - timedelta(days=40))
    books = CommunityGroupFactory(name="西湖读书会", slug="xihu-books", leader=leaders[0], founded_at=founded)
    hiking = CommunityGroupFactory(name="周末徒步", slug="weekend-hiking", leader=leaders[1], founded_at=founded)
    readers, hikers = make_members(4), make_members(2)
    for person in readers:
        MembershipFactory(group=books, member=person)
    for person in hikers:
        MembershipFactory(group=hiking, member=person)
    points = {readers[0]: 60, readers[1]: 50, readers[2]: 40, readers[3]: 30, hikers[0]: 5, hikers[1]: 15}
    for person, amount in points.items():
        group = books if person in readers else hiking
        earn_in_group(person, group, amount, at=local_noon(month.replace(day=15)))
    return {"month": month, "books": books, "hiking": hiking, "readers": readers, "hikers": hikers, "leaders": leaders}


def test_closing_a_month_pays_each_groups_top_three_once_and_mails_the_leaders(
    last_month_groups, django_capture_on_commit_callbacks
):
    world = last_month_groups
    readers, hikers = world["readers"], world["hikers"]
    month_arg = f"{world['month']:%Y-%m}"

    with django_capture_on_commit_callbacks(execute=True):
        call_command("close_month", "--month", month_arg)

    winners = {
        group: list(
            MonthlyGroupWinner.objects.filter(group=world[group], month=world["month"]).values_list("rank", "member")
        )
        for group in ("books", "hiking")
    }
    assert winners == {
        "books": [(1, readers[0].pk), (2, readers[1].pk), (3, readers[2].pk)],
        "hiking": [(1, hikers[1].pk), (2, hikers[0].pk)],
    }
    bonuses = PointEntry.objects.filter(rule__code="monthly_top3")
    assert sorted(bonuses.values_list("member", "amount")) == sorted(
        (person.pk, 100) for person in (readers[0], readers[1], readers[2], hikers[0], hikers[1])
    )
    assert services.balance_of(readers[3]).balance == 30  # fourth place earns no bonus

    assert sorted(message.to[0] for message in mail.outbox) == sorted(leader.email for leader in world["leaders"])
    books_mail = next(message for message in mail.outbox if message.to == [world["leaders"][0].email])
    assert readers[0].get_display_name() in books_mail.body
    assert readers[3].get_display_name() not in books_mail.body

    archived = LeaderboardArchive.objects.filter(month=world["month"]).count()
    assert archived == 6


def test_closing_the_same_month_again_changes_nothing(last_month_groups, django_capture_on_commit_callbacks):
    month_arg = f"{last_month_groups['month']:%Y-%m}"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("close_month", "--month", month_arg)
    counts = (PointEntry.objects.count(), MonthlyGroupWinner.objects.count(), LeaderboardArchive.objects.count())
    sent = len(mail.outbox)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("close_month", "--month", month_arg)
        call_command("close_month")  # without --month: last month, the same one

    assert (PointEntry.objects.count(), MonthlyGroupWinner.objects.count(), LeaderboardArchive.objects.count()) == (
        counts
    )
    assert len(mail.outbox) == sent


def test_a_month_that_has_not_ended_cannot_be_closed(db):
    with pytest.raises(CommandError):
        call_command("close_month", "--month", f"{timezone.localdate():%Y-%m}")
    with pytest.raises(CommandError):
        call_command("close_month", "--month", "last-month")
    assert not LeaderboardArchive.objects.exists()


def test_the_top_three_of_a_group_counts_only_points_of_that_month(last_month_groups, team_member):
    world = last_month_groups
    # A late burst this month does not change who won last month.
    earn_in_group(world["readers"][3], world["books"], 500)

    call_command("close_month", "--month", f"{world['month']:%Y-%m}")

    assert world["readers"][3].pk not in MonthlyGroupWinner.objects.values_list("member", flat=True)
