"""The leaderboard's "my rank" and its table come from the same rows, so they never disagree.

The page once showed "you are #37 with 165" above a table row with the same member at #47 with 115: the table came
from standings cached minutes earlier, "my rank" from the member's points read live and placed among those old totals.
Now both read the standings table: a member's points there are moved by each entry at once, their rank by the next
refresh, and the row and the figure above the table are the same row.
"""

import pytest
from django.urls import reverse

from portal.points import leaderboards

pytestmark = pytest.mark.django_db

BOARD = reverse("points:leaderboard")


@pytest.fixture
def ranked(make_members, grant):
    """Twelve members with 120, 110, ... 10 points earned three days ago; the boards refreshed."""
    people = make_members(12)
    for position, person in enumerate(people):
        grant(person, 120 - 10 * position, days=3)
    leaderboards.refresh_all()
    return people


def my_row(response, member):
    (row,) = [row for row in response.context["rows"] if row.member.pk == member.pk]
    return row.rank, row.points


@pytest.mark.parametrize("period", leaderboards.PERIODS)
def test_my_rank_equals_my_row_when_i_earn_points_after_the_board_was_computed(client, ranked, grant, period):
    me = ranked[9]  # #10 with 30
    client.force_login(me)
    client.get(f"{BOARD}?period={period}")

    grant(me, 85)  # now 115 in truth: #2 once the board is refreshed

    response = client.get(f"{BOARD}?period={period}")
    assert (response.context["my_rank"], response.context["my_points"]) == my_row(response, me) == (10, 115)


@pytest.mark.parametrize("period", leaderboards.PERIODS)
def test_outside_the_table_my_rank_is_my_row_in_the_same_standings(ranked, grant, period):
    me = ranked[9]  # #10 with 30
    grant(me, 85)

    board = leaderboards.leaderboard(me, period, limit=5)

    assert me not in [row.member for row in board.rows]
    assert (board.my_rank, board.my_points) == (10, 115)
    assert leaderboards.my_standing(me, period) == (10, 115)  # the dashboard's figure agrees too


def test_the_next_refresh_shows_the_new_points_in_the_table_and_in_my_rank_alike(client, ranked, grant):
    me = ranked[9]
    client.force_login(me)
    first = client.get(f"{BOARD}?period=30d")
    grant(me, 85)
    leaderboards.refresh_all()

    response = client.get(f"{BOARD}?period=30d")

    assert (response.context["my_rank"], response.context["my_points"]) == my_row(response, me) == (2, 115)
    assert response.context["standings_taken_at"] >= first.context["standings_taken_at"]
