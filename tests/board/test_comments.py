"""Comments through the post page: a comment, a reply, a reply to a reply (joins the top-level comment), locked
comments, deletion with replies kept, hidden comments, hostile input and the comment rate limit."""

import pytest
from django.utils import timezone

from portal.board.models import Comment
from tests.groups.test_xss import PAYLOADS, assert_inert
from tests.utils import flashed

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(board_group, make_post):
    return make_post(board_group.group, board_group.alice, title="读书会选书")


def comment_on(client, board_group, post, body, parent=None):
    data = {"body": body} if parent is None else {"body": body, "parent": parent.pk}
    return client.post(board_group.url("comment", post.pk), data)


def test_comment_reply_and_reply_to_a_reply_stay_one_level_deep(client, board_group, post):
    client.force_login(board_group.bob)
    response = comment_on(client, board_group, post, "我推荐《活着》")
    top = Comment.objects.get()
    assert response["Location"] == f"{post.get_absolute_url()}#comment-{top.pk}"
    client.force_login(board_group.alice)
    comment_on(client, board_group, post, "好主意", parent=top)
    reply = Comment.objects.get(parent=top)
    client.force_login(board_group.leader)
    comment_on(client, board_group, post, "同意楼上", parent=reply)
    nested = Comment.objects.latest("pk")
    assert nested.parent == top  # a reply to a reply joins the top-level comment
    post.refresh_from_db()
    assert post.comment_count == 3 and post.last_comment_at == nested.created_at
    page = client.get(post.get_absolute_url())
    [thread] = page.context["threads"]
    assert thread == top and thread.shown_replies == [reply, nested]


def test_empty_or_too_long_comment_is_refused(client, board_group, post):
    client.force_login(board_group.bob)
    assert comment_on(client, board_group, post, "   ").status_code == 200
    assert comment_on(client, board_group, post, "长" * 1001).status_code == 200
    assert not Comment.objects.exists()


def test_reply_to_a_comment_of_another_post_is_refused(client, board_group, post, make_post, make_comment):
    elsewhere = make_comment(make_post(board_group.group, board_group.bob), board_group.bob)
    client.force_login(board_group.bob)
    response = comment_on(client, board_group, post, "串楼了", parent=elsewhere)
    assert flashed(response) == ["The comment you replied to is no longer there."]
    assert not post.comments.exists()


def test_locked_comments_are_refused(client, board_group, post):
    type(post).objects.filter(pk=post.pk).update(comments_locked=True)
    client.force_login(board_group.bob)
    response = comment_on(client, board_group, post, "还能说吗")
    assert flashed(response) == ["A leader locked the comments on this post."]
    assert not Comment.objects.exists()
    assert "A leader locked the comments on this post." in client.get(post.get_absolute_url()).content.decode()


def test_outsider_cannot_comment(client, board_group, post):
    client.force_login(board_group.outsider)
    response = comment_on(client, board_group, post, "路过")
    assert flashed(response) == ["Only members of this group can do that."]
    assert not Comment.objects.exists()


def test_deleted_comment_with_replies_leaves_a_placeholder(client, board_group, post, make_comment):
    top = make_comment(post, board_group.bob, body="原评论内容")
    make_comment(post, board_group.alice, body="回复还在", parent=top)
    lone = make_comment(post, board_group.bob, body="没人回复的评论")
    client.force_login(board_group.bob)
    client.post(board_group.url("delete_comment", top.pk))
    client.post(board_group.url("delete_comment", lone.pk))
    post.refresh_from_db()
    assert post.comment_count == 1
    page = client.get(post.get_absolute_url()).content.decode()
    assert "This comment was deleted." in page
    assert "回复还在" in page
    assert "原评论内容" not in page and "没人回复的评论" not in page


def test_a_member_cannot_delete_someone_elses_comment(client, board_group, post, make_comment):
    comment = make_comment(post, board_group.bob)
    client.force_login(board_group.alice)
    client.post(board_group.url("delete_comment", comment.pk))
    comment.refresh_from_db()
    assert not comment.is_deleted


def test_hidden_comment_shows_to_its_author_with_the_reason_only(client, board_group, post, make_comment):
    make_comment(post, board_group.bob, body="不友善的话", hidden_at=timezone.now(), hidden_reason="人身攻击")
    assert "不友善的话" not in client.get(post.get_absolute_url()).content.decode()
    client.force_login(board_group.alice)
    assert "不友善的话" not in client.get(post.get_absolute_url()).content.decode()
    client.force_login(board_group.bob)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "不友善的话" in page and "Hidden by a leader: 人身攻击" in page
    client.force_login(board_group.leader)
    assert "Hidden from members: 人身攻击" in client.get(post.get_absolute_url()).content.decode()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_comment_stays_inert(client, board_group, post, payload):
    client.force_login(board_group.bob)
    comment_on(client, board_group, post, f"评论{payload}")
    assert Comment.objects.get().body == f"评论{payload}"
    assert_inert(client.get(post.get_absolute_url()).content.decode())


def test_commenting_too_fast_is_rate_limited(client, board_group, post, settings):
    settings.COMMUNITY_RATE_LIMITS = {"board_comment": "2/10m/user"}
    client.force_login(board_group.bob)
    for n in range(2):
        assert comment_on(client, board_group, post, f"第{n}条").status_code == 302
    assert comment_on(client, board_group, post, "第三条").status_code == 429
    assert Comment.objects.count() == 2
