"""Group boards count only points earned in the group: the page's top members, the league and the monthly top 3."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.groups import boards
from portal.groups.models import MonthlyGroupWinner
from portal.points import services
from portal.points.models import DailyTally, PointEntry, ScopeDailyTally
from tests.groups.factories import CommunityGroupFactory, MemberFactory, MembershipFactory
from tests.points.conftest import earn_in_group

pytestmark = pytest.mark.django_db


def local(day, hour=12):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def months_back(count, today=None):
    """The first day of the month ``count`` months before this one."""
    first = (today or timezone.localdate()).replace(day=1)
    for _ in range(count):
        first = (first - timedelta(days=1)).replace(day=1)
    return first


@pytest.fixture
def four_groups(db):
    """A member of four groups, founded long ago, each group with its leader."""
    member = MemberFactory(display_name="四群成员阿宁")
    founded = local(months_back(3))
    groups = [CommunityGroupFactory(leader=MemberFactory(), founded_at=founded) for _ in range(4)]
    for group in groups:
        MembershipFactory(group=group, member=member)
    return member, groups


def test_a_member_of_four_groups_shows_only_the_points_earned_in_each_group(client, four_groups):
    member, (group_a, *others) = four_groups
    earn_in_group(member, group_a, 810)

    assert boards.group_top_members(group_a) == [(member, 810)]
    for group in others:
        assert boards.group_top_members(group) == []

    client.force_login(member)
    page = client.get(f"/en/groups/{group_a.slug}/").content.decode()
    assert "810 points" in page
    assert "3240" not in page
    for group in others:
        # Nobody earned anything in these groups this month: no board at all.
        assert 'id="top-heading"' not in client.get(f"/en/groups/{group.slug}/").content.decode()


def test_points_earned_outside_any_group_never_reach_a_group_board(four_groups, django_user_model):
    member, (group_a, *_others) = four_groups
    staff = django_user_model.objects.create_user(email="staff@example.com", password="x", is_staff=True)
    services.adjust(member, 500, reason="运营补发", actor=staff)

    assert boards.group_top_members(group_a) == []
    assert boards.league() == []


def test_the_league_ranks_groups_by_points_earned_in_them_per_member(four_groups):
    member, (group_a, group_b, *_others) = four_groups
    earn_in_group(member, group_a, 810)
    earn_in_group(member, group_b, 20)

    rows = {group.pk: (total, per_member) for _rank, group, total, per_member in boards.league()}
    # Each group has two members: its leader and the member of four groups.
    assert rows == {group_a.pk: (810, 405.0), group_b.pk: (20, 10.0)}


# --- monthly top 3 ---------------------------------------------------------------------------------------------------


def test_close_month_does_not_pay_a_group_founded_after_the_month_began(db):
    october = months_back(2)
    november = months_back(1)
    member, rival = MemberFactory(), MemberFactory()
    old = CommunityGroupFactory(leader=MemberFactory(), founded_at=local(october - timedelta(days=30)))
    # Founded on the last day of the following month, and one in the middle of the closed month.
    late = CommunityGroupFactory(leader=MemberFactory(), founded_at=local(months_back(0) - timedelta(days=1)))
    midway = CommunityGroupFactory(leader=MemberFactory(), founded_at=local(october.replace(day=15), 9))
    for group in (old, late, midway):
        MembershipFactory(group=group, member=member)
    MembershipFactory(group=midway, member=rival)
    earn_in_group(member, old, 40, at=local(october.replace(day=10)))
    earn_in_group(rival, midway, 90, at=local(october.replace(day=20)))
    assert late.founded_at > local(november)

    call_command("close_month", "--month", f"{october:%Y-%m}")

    paid = set(MonthlyGroupWinner.objects.filter(month=october).values_list("group_id", flat=True))
    assert paid == {old.pk}
    assert list(MonthlyGroupWinner.objects.filter(group=old).values_list("member", "points")) == [(member.pk, 40)]


def test_a_group_archived_before_the_month_ended_is_not_paid_but_one_archived_later_is(db):
    october = months_back(2)
    founded = local(october - timedelta(days=30))
    early = CommunityGroupFactory(leader=MemberFactory(), founded_at=founded)
    later = CommunityGroupFactory(leader=MemberFactory(), founded_at=founded)
    member = MemberFactory()
    for group in (early, later):
        MembershipFactory(group=group, member=member)
        earn_in_group(member, group, 30, at=local(october.replace(day=5)))
    early.status, early.archived_at = early.Status.ARCHIVED, local(october.replace(day=20))
    early.save()
    later.status, later.archived_at = later.Status.ARCHIVED, local(months_back(1).replace(day=3))
    later.save()

    boards.award_monthly_top3(october)

    assert set(MonthlyGroupWinner.objects.values_list("group_id", flat=True)) == {later.pk}


def test_a_member_winning_in_two_groups_is_paid_in_each_for_that_groups_points_only(db):
    october = months_back(2)
    founded = local(october - timedelta(days=30))
    books = CommunityGroupFactory(leader=MemberFactory(), founded_at=founded)
    hiking = CommunityGroupFactory(leader=MemberFactory(), founded_at=founded)
    both, reader, hiker = MemberFactory(), MemberFactory(), MemberFactory()
    for group, person in ((books, both), (hiking, both), (books, reader), (hiking, hiker)):
        MembershipFactory(group=group, member=person)
    earn_in_group(both, books, 30, at=local(october.replace(day=3)))
    earn_in_group(both, hiking, 70, at=local(october.replace(day=4)))
    earn_in_group(reader, books, 50, at=local(october.replace(day=5)))
    earn_in_group(hiker, hiking, 60, at=local(october.replace(day=6)))

    recorded = boards.award_monthly_top3(october)

    standings = {
        group: [(winner.member_id, winner.points) for winner in winners] for group, winners in recorded.items()
    }
    assert standings == {books: [(reader.pk, 50), (both.pk, 30)], hiking: [(both.pk, 70), (hiker.pk, 60)]}
    bonuses = PointEntry.objects.filter(rule__code="monthly_top3", member=both)
    assert sorted(bonuses.values_list("scope_id", flat=True)) == sorted([books.pk, hiking.pk])


def test_the_bonus_is_dated_inside_the_closed_month_and_does_not_count_toward_the_next(db):
    last_month = months_back(1)
    winner = MemberFactory()
    group = CommunityGroupFactory(leader=MemberFactory(), founded_at=local(last_month - timedelta(days=30)))
    MembershipFactory(group=group, member=winner)
    earn_in_group(winner, group, 40, at=local(last_month.replace(day=10)))

    boards.award_monthly_top3(last_month)
    boards.award_monthly_top3(last_month)  # idempotent

    bonus = PointEntry.objects.get(rule__code="monthly_top3", member=winner)
    this_month = timezone.make_aware(datetime.combine(months_back(0), time.min))
    assert bonus.created_at == this_month - timedelta(seconds=1)
    assert bonus.scope_id == group.pk
    last_day = this_month.date() - timedelta(days=1)
    assert ScopeDailyTally.objects.get(member=winner, scope_id=group.pk, date=last_day).earned == 100
    assert DailyTally.objects.get(member=winner, date=last_day).earned == 100
    cache.clear()
    assert boards.group_top_members(group) == []  # this month's race starts from nothing


# --- query budgets with points earned in the group ------------------------------------------------------------------


def _cold_count(client, url):
    """Queries of a request with the shared cache empty (the boards recomputed), after one request has filled the
    process-level caches (content types, site root)."""
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_group_page_and_league_cost_the_same_for_5_and_50_earning_members(client, four_groups):
    member, (group_a, *_others) = four_groups
    client.force_login(member)

    def grow(count):
        for _ in range(count):
            person = MemberFactory()
            MembershipFactory(group=group_a, member=person)
            earn_in_group(person, group_a, 15)

    grow(5)
    counts_at_5 = (
        _cold_count(client, f"/en/groups/{group_a.slug}/"),
        _cold_count(client, "/en/portal/groups/league/"),
    )
    grow(45)
    counts_at_50 = (
        _cold_count(client, f"/en/groups/{group_a.slug}/"),
        _cold_count(client, "/en/portal/groups/league/"),
    )
    assert counts_at_5 == counts_at_50


def test_an_october_close_for_a_fixed_calendar_reads_the_whole_month(db):
    """The eligibility rule in dates: founded on the first day counts, founded on the second does not."""
    october = date(2025, 10, 1)
    first = CommunityGroupFactory(founded_at=local(october, 22))
    second = CommunityGroupFactory(founded_at=local(october + timedelta(days=1), 0))
    eligible = set(boards.groups_open_all_month(october).values_list("pk", flat=True))
    assert first.pk in eligible
    assert second.pk not in eligible
