"""Counters and points under storms (PostgreSQL): likes and unlikes at once keep ``like_count`` equal to the active
rows and pay each liker's first like once; two awards at once stay within the rule's daily cap; 精华 marked and
unmarked by two leaders pays once; and the ledger's caches agree with it afterwards (``reconcile_points``)."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from portal.board.models import CheckIn, Comment, CommentLike, Post, PostLike
from portal.board.services import checkins, moderation, posts
from portal.board.services.common import RULE_FEATURED, RULE_LIKE_RECEIVED, RULE_POST, BoardError, viewer_for
from portal.board.services.likes import set_comment_like, set_post_like
from portal.points.models import PointEntry, PointRule
from tests.concurrency import race_test, run_concurrently

pytestmark = race_test

TOGGLES = 6


def earned(member, rule):
    return PointEntry.objects.filter(member=member, rule__code=rule).count()


def assert_ledger_agrees():
    """``reconcile_points`` exits 1 on any drift; here it must exit normally."""
    out = io.StringIO()
    call_command("reconcile_points", stdout=out)
    assert "0 balances and 0 daily tallies drifted; 0 group tallies drifted" in out.getvalue()


@pytest.fixture
def post(board_group):
    return posts.create_post(viewer_for(board_group.group, board_group.alice), body="<p>求点赞</p>")


def storm(board_group, toggle):
    """Each of four members (the author among them) likes and unlikes TOGGLES times, all at once; a last like
    by each of the others. Returns the members other than the author."""
    likers = [board_group.bob, board_group.leader, board_group.co_leader]
    everyone = [board_group.alice, *likers]

    def work(i):
        member = everyone[i % len(everyone)]
        for n in range(TOGGLES):
            toggle(viewer_for(board_group.group, member), n % 2 == 0)
        if member in likers:
            toggle(viewer_for(board_group.group, member), True)

    results, unexpected = run_concurrently(len(everyone) * 2, work, expected=(BoardError,))
    assert unexpected == []
    assert not any(isinstance(result, BoardError) for result in results)
    return likers


def test_a_like_and_unlike_storm_keeps_the_count_and_pays_each_liker_once(board_group, post):
    likers = storm(board_group, lambda v, liked: set_post_like(v, Post.objects.get(pk=post.pk), liked))
    post.refresh_from_db()
    assert post.like_count == PostLike.objects.filter(post=post, active=True).count() == len(likers)
    assert PostLike.objects.filter(post=post).count() == len(likers) + 1  # the author's own, taken back
    assert earned(board_group.alice, RULE_LIKE_RECEIVED) == len(likers)
    assert all(earned(member, RULE_LIKE_RECEIVED) == 0 for member in likers)
    assert_ledger_agrees()


def test_a_like_storm_on_a_comment_keeps_its_count(board_group, post):
    comment = posts.add_comment(viewer_for(board_group.group, board_group.alice), post, body="评论")
    likers = storm(board_group, lambda v, liked: set_comment_like(v, Comment.objects.get(pk=comment.pk), liked))
    comment.refresh_from_db()
    assert comment.like_count == CommentLike.objects.filter(comment=comment, active=True).count() == len(likers)
    assert earned(board_group.alice, RULE_LIKE_RECEIVED) == len(likers)
    assert_ledger_agrees()


def test_likes_received_at_once_stop_at_the_daily_cap(board_group, post):
    rule = PointRule.objects.get(code=RULE_LIKE_RECEIVED)
    rule.daily_cap = 2
    rule.save()  # the cached rules are dropped on save
    likers = [board_group.bob, board_group.leader, board_group.co_leader]
    results, unexpected = run_concurrently(
        len(likers), lambda i: set_post_like(viewer_for(board_group.group, likers[i]), post, True)
    )
    assert unexpected == []
    post.refresh_from_db()
    assert post.like_count == 3
    assert earned(board_group.alice, RULE_LIKE_RECEIVED) == 2
    assert_ledger_agrees()


def test_posts_sent_at_once_pay_at_most_the_daily_cap(board_group):
    cap = PointRule.objects.get(code=RULE_POST).daily_cap
    assert cap
    results, unexpected = run_concurrently(
        cap + 2, lambda i: posts.create_post(viewer_for(board_group.group, board_group.bob), body=f"<p>第{i}帖</p>")
    )
    assert unexpected == []
    assert Post.objects.filter(author=board_group.bob).count() == cap + 2
    assert earned(board_group.bob, RULE_POST) == cap
    assert_ledger_agrees()


def test_check_ins_hidden_and_shown_at_once_keep_the_topic_s_count(board_group):
    ends_on = timezone.localdate() + timedelta(days=9)
    lead = viewer_for(board_group.group, board_group.leader)
    topic = checkins.open_topic(lead, title="打卡", body="", cadence="daily", ends_on=ends_on).check_in_topic
    members = [board_group.alice, board_group.bob, board_group.co_leader]
    entries = [checkins.check_in(viewer_for(board_group.group, m), topic, body="读了") for m in members]
    leaders = [board_group.leader, board_group.co_leader]

    def work(i):
        who = viewer_for(board_group.group, leaders[i % 2])
        for n in range(TOGGLES):
            entry = CheckIn.objects.select_related("topic__post").get(pk=entries[(i + n) % 3].pk)
            try:
                if n % 2 == 0:
                    checkins.hide_check_in(who, entry, "重复")
                else:
                    checkins.unhide_check_in(who, entry)
            except BoardError:
                pass  # already hidden or shown by the other leader

    results, unexpected = run_concurrently(4, work)
    assert unexpected == []
    topic.refresh_from_db()
    assert topic.check_in_count == CheckIn.objects.filter(topic=topic, hidden_at__isnull=True).count()


def test_two_leaders_marking_and_unmarking_featured_at_once_pay_once(board_group, post):
    leaders = [board_group.leader, board_group.co_leader]

    def work(i):
        for n in range(TOGGLES):
            moderation.feature_post(viewer_for(board_group.group, leaders[i]), post, featured=(n + i) % 2 == 0)

    results, unexpected = run_concurrently(2, work, expected=(BoardError,))
    assert unexpected == []
    assert earned(board_group.alice, RULE_FEATURED) == 1
    assert_ledger_agrees()
