"""Budgets for the signed-in pages: queries and cache calls per request, the same with 5 or 50 members.

The group page (as a member and as a leader), the dashboard, the leaderboard and a manage page. Counts are taken on a
warm process (the request repeated once first), as most requests see them. No cache key is read twice in a request:
levels, rules, the fragment version, the site settings and the menu are kept for the request (website.core.memo).
"""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.groups.models import Membership
from portal.points import services
from tests.groups.factories import CommunityGroupFactory, MemberFactory, MembershipFactory
from tests.perf.counting import CountingCache

pytestmark = pytest.mark.django_db

# Queries per request, measured on SQLite (PostgreSQL the same); none grows with the number of members. The group
# page made 12 before, and every page one more (the session row, now read from the cache). The board adds one query
# to the group page (its pinned and latest posts), one to the dashboard (new posts in my groups) and one to the manage
# pages (the open reports badge in the menu).
QUERY_BUDGETS = {"group as member": 12, "group as leader": 12, "dashboard": 11, "leaderboard": 7, "manage": 9}
# Cache calls per request (reads and writes of the shared cache, the session included). The header's notification
# bell adds one read (its cached unread count; no query on a warm process, one COUNT when the count is not cached).
CACHE_BUDGETS = {"group as member": 10, "group as leader": 10, "dashboard": 7, "leaderboard": 5, "manage": 6}


@pytest.fixture
def community(db):
    """A group with a leader and `grow_to(n)` members who each earned some points in it."""
    leader = MemberFactory(display_name="组长阿青")
    group = CommunityGroupFactory(name="西湖读书会", slug="xihu-books", leader=leader)
    members = []

    class Community:
        pass

    def grow_to(count):
        while len(members) < count:
            person = MemberFactory(display_name=f"成员{len(members)}")
            MembershipFactory(group=group, member=person)
            services.award(person, "group_joined", group, scope=group)
            members.append(person)
        return members

    Community.group, Community.leader, Community.grow_to = group, leader, staticmethod(grow_to)
    return Community


def _pages(community):
    group = community.group
    me = community.grow_to(1)[0]
    return {
        "group as member": (me, group.get_absolute_url()),
        "group as leader": (community.leader, group.get_absolute_url()),
        "dashboard": (me, reverse("accounts:dashboard")),
        "leaderboard": (me, reverse("points:leaderboard")),
        "manage": (community.leader, reverse("groups:manage_members", args=[group.slug])),
    }


def _measure(client, user, url):
    client.force_login(user)
    assert client.get(url).status_code == 200  # warm: first-use rows, process caches
    with CaptureQueriesContext(connection) as queries, CountingCache(caches["default"]) as counting:
        response = client.get(url)
    assert response.status_code == 200
    reads = [key for name, key in counting.calls if name == "get"]
    return len(queries), len(counting.calls), reads


@pytest.mark.parametrize("page", list(QUERY_BUDGETS))
def test_signed_in_page_within_budgets_and_constant_in_the_number_of_members(
    client, community, page, django_assert_max_num_queries
):
    counts = []
    for size in (5, 50):
        community.grow_to(size)
        user, url = _pages(community)[page]
        assert Membership.objects.filter(group=community.group).count() == size + 1
        queries, calls, reads = _measure(client, user, url)
        assert sorted(reads) == sorted(set(reads)), f"{page}: a cache key read twice: {sorted(reads)}"
        assert calls <= CACHE_BUDGETS[page], f"{page} with {size} members: {calls} cache calls"
        with django_assert_max_num_queries(QUERY_BUDGETS[page], info=f"{page} with {size} members"):
            client.get(url)
        counts.append((queries, calls))
    assert counts[0] == counts[1], f"{page}: (queries, cache calls) with 5 members {counts[0]}, with 50 {counts[1]}"
