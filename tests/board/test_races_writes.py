"""Writes that race a leader's decision (PostgreSQL): a comment while the post is locked, hidden or deleted, a write
while its author is muted, a like while the post is hidden, a post while its tag is removed, an edit of a post being
deleted, and comments added and deleted at once.

Most tests hold the first write's transaction open after it has done its work and send the second while the first's
locks are held, the way two requests meet: the second read what it acts on (the post, the member's standing) before
the first committed. It must wait for the first and then decide on what the first left, never on what it read before.
"""

import threading
import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone, translation

from portal.board.models import BoardTag, CheckInTopic, Comment, Mute, Post, PostLike, Report
from portal.board.services import board_settings, moderation, posts, reports
from portal.board.services.checkins import check_in, open_topic
from portal.board.services.common import BoardError, viewer_for
from portal.board.services.likes import set_post_like
from tests.concurrency import race, race_test, run_concurrently

pytestmark = race_test

#: How long the first write keeps its transaction (and its locks) open after doing its work.
HOLD = 0.6


def while_held(first, then):
    """Run ``first()`` in a transaction kept open HOLD seconds after it returns; ``then()`` starts once ``first``
    has done its work. Returns (what ``then`` returned or the BoardError it raised, seconds ``then`` took)."""
    ready = threading.Event()
    took = []

    def work(i):
        with translation.override("en"):
            if i == 0:
                with transaction.atomic():
                    first()
                    ready.set()
                    time.sleep(HOLD)
                return None
            assert ready.wait(20), "the first write never finished"
            started = time.monotonic()
            try:
                return then()
            finally:
                took.append(time.monotonic() - started)

    results, unexpected = run_concurrently(2, work, expected=(BoardError,))
    assert unexpected == []
    return results[1], took[0]


def refused(result, message):
    assert isinstance(result, BoardError), result
    assert str(result) == message


@pytest.fixture
def post(board_group):
    return posts.create_post(viewer_for(board_group.group, board_group.alice), title="周末读什么", body="<p>推荐</p>")


def leader(board_group):
    return viewer_for(board_group.group, board_group.leader)


def counted_comments(post):
    post.refresh_from_db()
    shown = Comment.objects.filter(post=post, deleted_at__isnull=True, hidden_at__isnull=True)
    return post.comment_count, shown.count()


# --- A comment while the post changes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("decide", "message"),
    [
        (lambda v, p: moderation.lock_comments(v, p), "A leader locked the comments on this post."),
        (lambda v, p: moderation.hide_post(v, p, "广告"), "This post is no longer open for comments."),
        (lambda v, p: posts.delete_post(v, p), "This post is no longer open for comments."),
    ],
    ids=["locked", "hidden", "deleted"],
)
def test_a_comment_sent_while_a_leader_locks_hides_or_deletes_the_post_is_refused(board_group, post, decide, message):
    bob = viewer_for(board_group.group, board_group.bob)
    stale = Post.objects.get(pk=post.pk)
    result, took = while_held(
        lambda: decide(leader(board_group), post), lambda: posts.add_comment(bob, stale, body="我来")
    )
    refused(result, message)
    assert took >= HOLD / 2, "the comment did not wait for the leader's transaction"
    assert counted_comments(post) == (0, 0)


def test_a_post_deleted_while_a_comment_is_being_written_keeps_the_comment_counted(board_group, post):
    bob = viewer_for(board_group.group, board_group.bob)
    result, _took = while_held(
        lambda: posts.add_comment(bob, post, body="先到"),
        lambda: posts.delete_post(viewer_for(board_group.group, board_group.alice), Post.objects.get(pk=post.pk)),
    )
    assert isinstance(result, Post) and result.is_deleted
    assert counted_comments(post) == (1, 1)


def test_comments_added_and_deleted_at_once_keep_the_count(board_group, post):
    group, members = board_group.group, [board_group.bob, board_group.leader, board_group.co_leader]
    old = [posts.add_comment(viewer_for(group, member), post, body=f"旧{n}") for n, member in enumerate(members)]

    def work(i):
        if i < 3:
            return posts.add_comment(viewer_for(group, members[i]), Post.objects.get(pk=post.pk), body=f"新{i}")
        # The author deletes one comment twice and a leader another: one of the two same deletions is refused.
        who = leader(board_group) if i == 5 else viewer_for(group, members[0])
        return posts.delete_comment(who, Comment.objects.get(pk=old[0 if i < 5 else 1].pk))

    results, unexpected = run_concurrently(6, work, expected=(BoardError,))
    assert unexpected == []
    assert sum(isinstance(result, BoardError) for result in results) == 1
    assert counted_comments(post) == (4, 4)


def test_comments_hidden_shown_and_deleted_at_once_keep_the_count_of_shown_comments(board_group, post):
    group, bob = board_group.group, viewer_for(board_group.group, board_group.bob)
    co_leader = viewer_for(group, board_group.co_leader)
    first, second, third = (posts.add_comment(bob, post, body=f"评论{n}") for n in range(3))
    moderation.hide_comment(leader(board_group), third, "跑题")
    steps = [
        lambda: moderation.hide_comment(leader(board_group), Comment.objects.get(pk=first.pk), "广告"),
        lambda: posts.delete_comment(viewer_for(group, board_group.bob), Comment.objects.get(pk=first.pk)),
        lambda: moderation.hide_comment(co_leader, Comment.objects.get(pk=second.pk), "x"),
        lambda: moderation.unhide_comment(leader(board_group), Comment.objects.get(pk=third.pk)),
        lambda: posts.delete_comment(viewer_for(group, board_group.bob), Comment.objects.get(pk=third.pk)),
        lambda: posts.add_comment(viewer_for(group, board_group.alice), Post.objects.get(pk=post.pk), body="新"),
    ]
    results, unexpected = run_concurrently(len(steps), lambda i: steps[i](), expected=(BoardError,))
    assert unexpected == []
    counted, shown = counted_comments(post)
    assert counted == shown


# --- A mute while the member is writing ----------------------------------------------------------------------------


def _topic(board_group):
    ends_on = timezone.localdate() + timedelta(days=9)
    post = open_topic(leader(board_group), title="每日打卡", body="", cadence="daily", ends_on=ends_on)
    return post.check_in_topic


WRITES = {
    "post": lambda v, ctx: posts.create_post(v, body="<p>发帖</p>"),
    "comment": lambda v, ctx: posts.add_comment(v, ctx["post"], body="评论"),
    "like": lambda v, ctx: set_post_like(v, ctx["post"], True),
    "report": lambda v, ctx: reports.report(v, post=ctx["post"], reason="spam"),
    "check_in": lambda v, ctx: check_in(v, ctx["topic"], body="打卡"),
}


@pytest.mark.parametrize("write", list(WRITES))
def test_a_write_sent_while_a_leader_mutes_its_author_is_refused(board_group, write):
    group, bob = board_group.group, board_group.bob
    context = {
        "post": posts.create_post(viewer_for(group, board_group.alice), body="<p>阿丽的帖子</p>"),
        "topic": CheckInTopic.objects.select_related("post").get(pk=_topic(board_group).pk),
    }
    before = (Post.objects.count(), Comment.objects.count(), PostLike.objects.count(), Report.objects.count())
    bob_before_the_mute = viewer_for(group, bob)
    result, _took = while_held(
        lambda: moderation.mute_member(leader(board_group), bob, days=3, reason="刷屏"),
        lambda: WRITES[write](bob_before_the_mute, context),
    )
    assert isinstance(result, BoardError) and "刷屏" in str(result), result
    after = (Post.objects.count(), Comment.objects.count(), PostLike.objects.count(), Report.objects.count())
    assert after == before
    assert not context["topic"].check_ins.exists()


@pytest.mark.parametrize("close", ["hide", "delete"])
def test_a_check_in_sent_while_the_leader_hides_or_deletes_the_topic_is_refused(board_group, close):
    topic = CheckInTopic.objects.select_related("post").get(pk=_topic(board_group).pk)
    bob = viewer_for(board_group.group, board_group.bob)

    def decide():
        if close == "hide":
            return moderation.hide_post(leader(board_group), topic.post, "重开")
        return posts.delete_post(leader(board_group), topic.post)

    result, _took = while_held(decide, lambda: check_in(bob, topic, body="打卡"))
    refused(result, "This topic is closed.")
    assert not topic.check_ins.exists()


def test_a_mute_sent_while_the_member_is_posting_waits_for_the_post(board_group):
    bob = viewer_for(board_group.group, board_group.bob)
    result, took = while_held(
        lambda: posts.create_post(bob, body="<p>先发出去的</p>"),
        lambda: moderation.mute_member(leader(board_group), board_group.bob, days=1, reason="刷屏"),
    )
    assert isinstance(result, Mute)
    assert took >= HOLD / 2, "the mute did not wait for the post under way"
    assert Post.objects.filter(author=board_group.bob).count() == 1


# --- Likes, tags and edits against a leader or the author ----------------------------------------------------------


def test_a_like_sent_while_the_post_is_hidden_is_refused_and_not_counted(board_group, post):
    bob = viewer_for(board_group.group, board_group.bob)
    stale = Post.objects.get(pk=post.pk)
    result, _took = while_held(
        lambda: moderation.hide_post(leader(board_group), post, "广告"), lambda: set_post_like(bob, stale, True)
    )
    refused(result, "This post can no longer be liked.")
    post.refresh_from_db()
    assert post.like_count == 0 and not PostLike.objects.exists()


def test_a_post_with_a_tag_removed_at_that_moment_is_refused_with_a_message(board_group):
    tag = board_settings.add_tag(leader(board_group), "讨论")
    alice = viewer_for(board_group.group, board_group.alice)
    result, _took = while_held(
        lambda: board_settings.remove_tag(leader(board_group), tag),
        lambda: posts.create_post(alice, body="<p>带标签</p>", tag=tag),
    )
    refused(result, "This tag no longer exists.")
    assert not Post.objects.exists()


def test_a_tag_removed_while_a_post_with_it_is_saved_leaves_the_post_without_a_tag(board_group):
    tag = board_settings.add_tag(leader(board_group), "讨论")
    alice = viewer_for(board_group.group, board_group.alice)
    result, took = while_held(
        lambda: posts.create_post(alice, body="<p>带标签</p>", tag=tag),
        lambda: board_settings.remove_tag(leader(board_group), tag),
    )
    assert not isinstance(result, BoardError), result
    assert took >= HOLD / 2
    assert not BoardTag.objects.exists()
    assert Post.objects.get().tag is None


def test_an_edit_sent_while_the_author_deletes_the_post_is_refused(board_group, post):
    alice = viewer_for(board_group.group, board_group.alice)
    stale = Post.objects.get(pk=post.pk)
    result, _took = while_held(
        lambda: posts.delete_post(alice, post), lambda: posts.edit_post(alice, stale, title="改", body="<p>改过</p>")
    )
    refused(result, "This post no longer exists.")
    assert Post.objects.get().title == "周末读什么"


def test_two_leaders_adding_the_eighth_and_ninth_tag_at_once_leave_eight(board_group):
    for n in range(7):
        board_settings.add_tag(leader(board_group), f"标签{n}")

    def add(user, name):
        with translation.override("en"):
            return board_settings.add_tag(viewer_for(board_group.group, user), name)

    results = race(
        add,
        [(board_group.leader, "第八"), (board_group.co_leader, "第九")],
    )
    assert BoardTag.objects.filter(group=board_group.group).count() == 8
    assert [str(r) for r in results if isinstance(r, BoardError)] == ["A board has at most 8 tags."]
