"""Query budgets: the dashboard and the leaderboard stay within 20 queries, the same with 5 or 50 members.

The boards are read from their standings table, refreshed here as the scheduled job does."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from portal.points import leaderboards, services
from tests.groups.factories import CommunityGroupFactory, MembershipFactory
from tests.points.conftest import days_ago

pytestmark = pytest.mark.django_db

BUDGET = 20
PAGES = [
    reverse("accounts:dashboard"),
    *(f"{reverse('points:leaderboard')}?period={period}" for period in ("7d", "30d", "month", "all")),
    reverse("points:mine"),
    reverse("points:rewards"),
]


@pytest.fixture
def community(make_members, team_member, make_reward):
    """`community.grow_to(n)`: n members with a few weeks of ledger history, in two groups, some with redemptions."""
    groups = [CommunityGroupFactory(name=name) for name in ("西湖读书会", "周末徒步")]
    for name, cost in (("贴纸", 5), ("帆布袋", 30), ("保温杯", 120)):
        make_reward(name=name, cost=cost, stock=100)
    members = []

    class Community:
        @staticmethod
        def grow_to(count):
            for person in make_members(count - len(members)):
                index = len(members)
                MembershipFactory(group=groups[index % 2], member=person)
                for day in range(0, 28, 4):
                    services.adjust(
                        person, 3 + (index * 7 + day) % 40, reason="活动", actor=team_member, at=days_ago(day)
                    )
                services.award(person, "group_joined", groups[index % 2], at=days_ago(index % 20))
                if index % 3 == 0:
                    services.redeem(person, make_reward(name=f"奖品{index}", cost=5), recipient_name="收件人")
                members.append(person)
            leaderboards.refresh_all()  # what the scheduled refresh_standings does
            return members

    return Community


def test_member_pages_stay_within_the_query_budget_whatever_the_number_of_members(
    client, community, django_assert_max_num_queries
):
    counts = {url: [] for url in PAGES}
    for size in (5, 50):
        me = community.grow_to(size)[2]
        client.force_login(me)
        for url in PAGES:
            client.get(url)  # warms what lives in the process (content types, site root), not in the cache
            cache.clear()  # the cold path: rules and levels are read again
            with django_assert_max_num_queries(BUDGET, info=f"{url} with {size} members") as captured:
                response = client.get(url)
            assert response.status_code == 200
            counts[url].append(len(captured))
    for url, (small, large) in counts.items():
        print(f"\n{url}: {small} queries with 5 members, {large} with 50 (cold cache)", end="")  # noqa: T201 - a report, shown with -s
    assert {url: found for url, found in counts.items() if found[0] != found[1]} == {}, "queries grow with members"

    # With a warm cache the board reads fewer still.
    board = f"{reverse('points:leaderboard')}?period=30d"
    client.get(board)
    with django_assert_max_num_queries(BUDGET) as warm:
        response = client.get(board)
    print(f"\n{board}: {len(warm)} queries with a warm cache")  # noqa: T201 - a report, shown with -s
    assert len(response.context["rows"]) == 50
    assert len(warm) <= counts[board][1]


def test_my_points_history_does_not_query_once_per_entry_source(client, member, django_assert_max_num_queries):
    """Each history row links to its source; the sources of a page must be fetched together, not one by one."""
    for index in range(30):
        services.award(member, "group_founded", CommunityGroupFactory(), at=days_ago(index))
    leaderboards.refresh_all()
    client.force_login(member)
    # Warm what lives in the process (content types, the site root, locales), as the test above does: run first in
    # a worker, the page would otherwise also pay for those once, whatever the number of entries.
    client.get(reverse("points:mine"))
    cache.clear()

    with django_assert_max_num_queries(BUDGET):
        response = client.get(reverse("points:mine"))

    assert len(response.context["entries"].object_list) == 30
