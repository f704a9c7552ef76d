# ruff: noqa: F811 - the board fixtures imported below are used as arguments
"""Hidden or deleted board content is no longer anyone's news: what members were told about it (a comment quoted in
"commented", an @mention, a like) leaves their list, their unread count and any digest not sent yet; its author keeps
theirs, since they still see their own content. A hidden post can no longer be edited by its author."""

import pytest
from django.contrib.contenttypes.models import ContentType

from portal.board.models import Comment
from portal.notifications.models import Notification
from portal.notifications.services import unread_count
from tests.board.conftest import board_group, make_post  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def discussion(send, board_group, make_post):
    """Alice's post; Bob comments naming the co-leader and likes the post; the leader comments too."""
    g = board_group
    post = make_post(g.group, g.alice, title="读书会选书")
    send(g.bob, g.url("comment", post.pk), {"body": "我推荐《活着》 @副组长小雨"})
    bobs = Comment.objects.latest("pk")
    send(g.leader, g.url("comment", post.pk), {"body": "下周一起讨论"})
    send(g.bob, g.url("like_post", post.pk), {})
    return post, bobs


def kinds(member):
    return sorted(Notification.objects.filter(recipient=member).values_list("kind", flat=True))


def test_a_hidden_comment_is_taken_back_from_who_was_told_about_it(send, board_group, discussion):
    g = board_group
    post, bobs = discussion
    assert kinds(g.alice) == ["board.commented", "board.commented", "board.liked"]
    assert kinds(g.co_leader) == ["board.mentioned"]
    assert unread_count(g.alice) == 3  # cached, as the bell reads it

    send(g.leader, g.url("moderate_comment", bobs.pk), {"action": "hide", "reason": "剧透"})

    assert kinds(g.alice) == ["board.commented", "board.liked"]  # the leader's comment and Bob's like stay
    assert not Notification.objects.filter(body__contains="活着").exists()
    assert kinds(g.co_leader) == []
    assert unread_count(g.alice) == 2


def test_a_deleted_post_takes_back_what_was_told_about_it_and_its_comments_but_not_from_its_author(
    send, board_group, discussion
):
    g = board_group
    post, _bobs = discussion
    Notification.objects.create(
        recipient=g.bob,
        kind="board.replied",
        key="x",
        title="回复",
        target_type=ContentType.objects.get_for_model(Comment),
        target_id=_bobs.pk,
    )

    send(g.leader, g.url("delete_post", post.pk), {})

    assert kinds(g.co_leader) == [] and kinds(g.bob) == []
    # Alice wrote the post: what she was told about it is hers to keep.
    assert kinds(g.alice) == ["board.commented", "board.commented", "board.liked"]


def test_a_digest_not_sent_yet_no_longer_quotes_a_hidden_comment(send, board_group, discussion):
    g = board_group
    _post, bobs = discussion
    Notification.objects.filter(kind="board.mentioned").update(email=Notification.Email.DIGEST)
    waiting = Notification.objects.filter(recipient=g.co_leader, email=Notification.Email.DIGEST)
    assert waiting.exists()

    send(g.leader, g.url("moderate_comment", bobs.pk), {"action": "hide", "reason": "剧透"})

    assert not waiting.exists()


def test_the_author_of_a_hidden_post_cannot_edit_it(client, board_group, make_post):
    g = board_group
    post = make_post(g.group, g.alice, title="原来的标题")
    client.force_login(g.leader)
    client.post(g.url("moderate_post", post.pk), {"action": "hide", "reason": "广告"})
    client.force_login(g.alice)

    response = client.post(g.url("edit_post", post.pk), {"title": "改过的标题", "body": "新的正文"}, follow=True)

    post.refresh_from_db()
    assert post.title == "原来的标题"
    assert response.status_code in (200, 403, 404)
