"""Board points are earned in the group (the ledger's scope), so the group's top members count them there and only
there; and members-only boards stay out of what search engines read (sitemap, robots headers)."""

import pytest
from django.urls import reverse

from portal.board.services import likes
from portal.board.services import posts as post_services
from portal.board.services.common import viewer_for
from portal.groups.boards import group_top_members
from tests.groups.factories import CommunityGroupFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def top_ids(group):
    return [member.pk for member, _points in group_top_members(group)]


def test_posting_and_a_like_received_raise_the_member_in_that_group_s_top_members_only(board_group):
    group, alice, bob = board_group.group, board_group.alice, board_group.bob
    other = CommunityGroupFactory(name="另一个小组")
    MembershipFactory(group=other, member=alice)

    post = post_services.create_post(viewer_for(group, alice), title="读书笔记", body="<p>第一章读完了。</p>")
    likes.set_post_like(viewer_for(group, bob), post, True)

    # group_top_members keeps the month's standings in a short cache: read only after the points were earned.
    standings = {member.pk: points for member, points in group_top_members(group)}
    assert alice.pk in standings and standings[alice.pk] > 0
    assert bob.pk not in standings  # liking earns the one who likes nothing
    assert alice.pk not in top_ids(other)


def test_the_sitemap_never_lists_a_members_only_board(client, board_group, make_post, members_only):
    members_only(board_group.group)
    post = make_post(board_group.group, board_group.alice, title="组内通知")

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("board:post", args=[board_group.group.slug, post.pk]) not in body
    assert "/board/" not in body


def test_a_members_only_board_tells_search_engines_not_to_index_it_even_to_members(
    client, board_group, make_post, members_only
):
    members_only(board_group.group)
    post = make_post(board_group.group, board_group.alice, title="组内通知")
    client.force_login(board_group.bob)

    for url in (board_group.url("index"), board_group.url("post", post.pk)):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "noindex" in response["X-Robots-Tag"], url
        assert '<meta name="robots" content="noindex' in response.content.decode(), url
