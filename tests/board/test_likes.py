"""Likes through the pages: toggled by a plain form, counted, and paying the author once per liker, never for
liking your own, never the liker; plus a PostgreSQL race of two likes by the same member."""

import pytest

from portal.board.models import CommentLike, Post, PostLike
from portal.board.services.common import RULE_LIKE_RECEIVED, viewer_for
from portal.board.services.likes import set_post_like
from portal.points.models import PointEntry
from tests.concurrency import requires_postgresql, run_concurrently
from tests.groups.factories import CommunityGroupFactory, MemberFactory, MembershipFactory
from tests.utils import flashed

pytestmark = pytest.mark.django_db


def like_points(member):
    return PointEntry.objects.filter(member=member, rule__code=RULE_LIKE_RECEIVED).count()


@pytest.fixture
def post(board_group, make_post):
    return make_post(board_group.group, board_group.alice, title="值得点赞")


def like(client, board_group, post, liked=True):
    return client.post(board_group.url("like_post", post.pk), {"liked": "1" if liked else "0"})


def test_like_unlike_and_like_again_pays_the_author_once(client, board_group, post):
    client.force_login(board_group.bob)
    response = like(client, board_group, post)
    assert response["Location"] == f"{post.get_absolute_url()}#post-likes"
    post.refresh_from_db()
    assert post.like_count == 1 and like_points(board_group.alice) == 1
    page = client.get(post.get_absolute_url()).content.decode()
    assert 'aria-pressed="true"' in page

    like(client, board_group, post, liked=False)
    post.refresh_from_db()
    assert post.like_count == 0
    assert 'aria-pressed="false"' in client.get(post.get_absolute_url()).content.decode()

    like(client, board_group, post)
    like(client, board_group, post)  # a second "like" of a liked post changes nothing
    post.refresh_from_db()
    assert post.like_count == 1
    assert like_points(board_group.alice) == 1
    assert like_points(board_group.bob) == 0
    assert PostLike.objects.get().active


def test_two_members_liking_count_two_and_pay_twice(client, board_group, post):
    for member in (board_group.bob, board_group.leader):
        client.force_login(member)
        like(client, board_group, post)
    post.refresh_from_db()
    assert post.like_count == 2 and like_points(board_group.alice) == 2


def test_liking_your_own_post_pays_nothing(client, board_group, post):
    client.force_login(board_group.alice)
    like(client, board_group, post)
    post.refresh_from_db()
    assert post.like_count == 1
    assert like_points(board_group.alice) == 0


def test_comment_likes_toggle_and_pay_the_comment_author_once(client, board_group, post, make_comment):
    comment = make_comment(post, board_group.bob, body="好评论")
    client.force_login(board_group.alice)
    url = board_group.url("like_comment", comment.pk)
    assert client.post(url, {"liked": "1"})["Location"] == f"{post.get_absolute_url()}#comment-{comment.pk}"
    client.post(url, {"liked": "0"})
    client.post(url, {"liked": "1"})
    comment.refresh_from_db()
    assert comment.like_count == 1
    assert CommentLike.objects.count() == 1
    assert like_points(board_group.bob) == 1


def test_outsiders_and_visitors_cannot_like(client, board_group, post):
    assert "/accounts/login/" in like(client, board_group, post)["Location"]
    client.force_login(board_group.outsider)
    assert flashed(like(client, board_group, post)) == ["Only members of this group can do that."]
    post.refresh_from_db()
    assert post.like_count == 0


def test_a_like_needs_a_post_request(client, board_group, post):
    client.force_login(board_group.bob)
    assert client.get(board_group.url("like_post", post.pk)).status_code == 405


def test_liking_too_fast_is_rate_limited(client, board_group, post, settings):
    settings.COMMUNITY_RATE_LIMITS = {"board_like": "2/h/user"}
    client.force_login(board_group.bob)
    like(client, board_group, post)
    like(client, board_group, post, liked=False)
    assert like(client, board_group, post).status_code == 429
    post.refresh_from_db()
    assert post.like_count == 0


@pytest.mark.parametrize("_attempt", range(2))
@pytest.mark.django_db(transaction=True)
@requires_postgresql
def test_two_simultaneous_likes_by_one_member_make_one_like(_attempt):
    author, liker = MemberFactory(), MemberFactory()
    group = CommunityGroupFactory(leader=author)
    MembershipFactory(group=group, member=liker)
    post = Post.objects.create(group=group, author=author, body="<p>x</p>", excerpt="x")

    def work(_):
        return set_post_like(viewer_for(group, liker), post, True).like_count

    _, unexpected = run_concurrently(2, work)
    assert unexpected == []
    post.refresh_from_db()
    assert post.like_count == 1
    assert PostLike.objects.filter(post=post, member=liker).count() == 1
    assert like_points(author) == 1
