"""Limits and crafted input on every board write: too long, too many images, files that are not images, markup in
every field, ids of another group's tag, topic or comment. Each is a clear message and changes nothing, never a 500;
what was written shows as text. Also: points already paid stay when the content is hidden or deleted, and the post's
comment count follows its shown comments."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from portal.board.models import BoardTag, CheckIn, Comment, ModerationAction, Mute, Post, PostImage, Report
from portal.board.services import board_settings, checkins, moderation, posts, reports
from portal.board.services.common import RULE_LIKE_RECEIVED, RULE_POST, BoardError, viewer_for
from portal.board.services.likes import set_post_like
from portal.points.models import PointEntry
from tests.groups.factories import CommunityGroupFactory, MemberFactory, MembershipFactory
from tests.groups.test_xss import PAYLOADS, assert_inert
from tests.utils import flashed, form_errors, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_(board_group):
    """as_("alice") is that person's viewer on the board."""
    return lambda who: viewer_for(board_group.group, getattr(board_group, who))


@pytest.fixture
def post(as_):
    return posts.create_post(as_("alice"), title="读书笔记", body="<p>第一章</p>")


@pytest.fixture
def topic(as_):
    ends_on = timezone.localdate() + timedelta(days=9)
    return checkins.open_topic(
        as_("leader"), title="每周作业", body="", cadence="weekly", ends_on=ends_on, is_assignment=True
    ).check_in_topic


@pytest.fixture
def other(make_post, make_comment):
    """Another group with a leader, a tag, a post with a comment, and a topic with a check-in."""
    leader = MemberFactory(display_name="别组组长")
    group = CommunityGroupFactory(leader=leader)
    member = MembershipFactory(group=group).member
    lead = viewer_for(group, leader)
    post = make_post(group, member)
    ends_on = timezone.localdate() + timedelta(days=9)
    topic = checkins.open_topic(lead, title="别组作业", body="", cadence="daily", ends_on=ends_on, is_assignment=True)
    return {
        "tag": board_settings.add_tag(lead, "别组"),
        "post": post,
        "comment": make_comment(post, member, body="别组评论"),
        "topic": topic.check_in_topic,
        "check_in": checkins.check_in(viewer_for(group, member), topic.check_in_topic, body="别组打卡"),
    }


def state():
    """Everything a refused write must leave as it was."""
    return [
        model.objects.count()
        for model in (Post, PostImage, Comment, CheckIn, Report, Mute, BoardTag, ModerationAction, PointEntry)
    ]


def refused(call, message=None):
    before = state()
    with pytest.raises(BoardError) as error:
        call()
    assert state() == before
    if message:
        assert str(error.value) == message
    return str(error.value)


# --- Too long, too many -------------------------------------------------------------------------------------------

OVERSIZED = {
    "title": lambda as_, p, t: posts.create_post(as_("alice"), title="长" * 81, body="<p>正文</p>"),
    "body": lambda as_, p, t: posts.create_post(as_("alice"), body=f"<p>{'字' * 5001}</p>"),
    "edit": lambda as_, p, t: posts.edit_post(as_("alice"), p, title="", body=f"<p>{'字' * 5001}</p>"),
    "comment": lambda as_, p, t: posts.add_comment(as_("bob"), p, body="字" * 1001),
    "check_in": lambda as_, p, t: checkins.check_in(as_("bob"), t, body="字" * 1001),
    "report": lambda as_, p, t: reports.report(as_("bob"), post=p, reason="other", detail="字" * 301),
    "report_reason": lambda as_, p, t: reports.report(as_("bob"), post=p, reason="<script>"),
    "hide": lambda as_, p, t: moderation.hide_post(as_("leader"), p, "字" * 201),
    "mute": lambda as_, p, t: moderation.mute_member(as_("leader"), as_("bob").user, days=3, reason="字" * 201),
    "mute_days": lambda as_, p, t: moderation.mute_member(as_("leader"), as_("bob").user, days="9e9", reason="x"),
    "tag": lambda as_, p, t: board_settings.add_tag(as_("leader"), "字" * 13),
    "topic": lambda as_, p, t: checkins.open_topic(
        as_("leader"), title="字" * 81, body="", cadence="daily", ends_on=timezone.localdate()
    ),
    "topic_cadence": lambda as_, p, t: checkins.open_topic(
        as_("leader"), title="题", body="", cadence="hourly", ends_on=timezone.localdate()
    ),
    "visibility": lambda as_, p, t: board_settings.set_visibility(as_("leader"), "<b>all</b>"),
}


@pytest.mark.parametrize("write", list(OVERSIZED))
def test_too_long_or_unknown_input_is_refused_with_a_message_and_changes_nothing(as_, post, topic, write):
    assert refused(lambda: OVERSIZED[write](as_, post, topic))


def test_ten_images_are_refused_by_the_services_too(as_, topic, png_bytes):
    images = [upload(f"{n}.png", png_bytes()) for n in range(10)]
    refused(
        lambda: posts.create_post(as_("alice"), body="<p>十张</p>", images=images), "A post has at most nine images."
    )
    refused(lambda: checkins.check_in(as_("bob"), topic, body="十张", images=images), "At most 9 images.")


@pytest.mark.parametrize(
    "content", [b"<script>alert(1)</script>", b"GIF89a" + b"\x00" * 20, b"%PDF-1.4\n%%EOF"], ids=["html", "gif", "pdf"]
)
def test_a_file_that_is_not_an_image_is_a_form_error(client, board_group, topic, content):
    client.force_login(board_group.alice)
    response = client.post(board_group.url("new_post"), {"body": "附件", "images": [upload("a.png", content)]})
    assert "images" in form_errors(response)
    response = client.post(
        board_group.url("check_in", topic.pk), {"body": "附件", "images": [upload("b.png", content)]}
    )
    assert response.status_code in (200, 302)
    assert not Post.objects.filter(kind=Post.Kind.POST).exists() and not CheckIn.objects.exists()


def test_a_null_character_is_a_message_never_a_500(client, board_group, post):
    client.force_login(board_group.bob)
    response = client.post(board_group.url("comment", post.pk), {"body": "坏\x00字"})
    assert response.status_code < 500
    response = client.post(board_group.url("new_post"), {"title": "坏\x00", "body": "<p>坏\x00字</p>"})
    assert response.status_code < 500
    assert not Comment.objects.exists() and Post.objects.count() == 1


# --- Another group's ids ------------------------------------------------------------------------------------------

CROSSED = {
    "post_tag": lambda as_, p, o: posts.create_post(as_("alice"), body="<p>帖</p>", tag=o["tag"]),
    "edit_tag": lambda as_, p, o: posts.edit_post(as_("alice"), p, title="", body="<p>改</p>", tag=o["tag"]),
    "topic_tag": lambda as_, p, o: checkins.open_topic(
        as_("leader"), title="题", body="", cadence="daily", ends_on=timezone.localdate(), tag=o["tag"]
    ),
    "parent": lambda as_, p, o: posts.add_comment(as_("bob"), p, body="回复", parent=o["comment"]),
    "report_comment": lambda as_, p, o: reports.report(as_("bob"), post=p, comment=o["comment"], reason="spam"),
    "report_post": lambda as_, p, o: reports.report(as_("bob"), post=o["post"], reason="spam"),
    "check_in": lambda as_, p, o: checkins.check_in(as_("bob"), o["topic"], body="打卡"),
    "review": lambda as_, p, o: checkins.review_check_in(as_("leader"), o["check_in"], comment="好"),
    "hide_check_in": lambda as_, p, o: checkins.hide_check_in(as_("leader"), o["check_in"], "x"),
    "pin": lambda as_, p, o: moderation.pin_post(as_("leader"), o["post"]),
    "hide_post": lambda as_, p, o: moderation.hide_post(as_("leader"), o["post"], "x"),
    "hide_comment": lambda as_, p, o: moderation.hide_comment(as_("leader"), o["comment"], "x"),
    "rename_tag": lambda as_, p, o: board_settings.rename_tag(as_("leader"), o["tag"], "改名"),
    "remove_tag": lambda as_, p, o: board_settings.remove_tag(as_("leader"), o["tag"]),
}


@pytest.mark.parametrize("write", list(CROSSED))
def test_an_id_of_another_group_is_refused_and_changes_nothing(as_, post, other, write):
    refused(lambda: CROSSED[write](as_, post, other))
    assert BoardTag.objects.filter(pk=other["tag"].pk, name="别组").exists()


def test_a_parent_comment_of_another_post_through_the_page_changes_nothing(client, board_group, post, other):
    client.force_login(board_group.bob)
    response = client.post(board_group.url("comment", post.pk), {"body": "回复", "parent": other["comment"].pk})
    assert response.status_code == 302
    assert flashed(response) == ["The comment you replied to is no longer there."]
    assert Comment.objects.count() == 1


# --- Replies, edits ---------------------------------------------------------------------------------------------


def test_a_reply_to_a_reply_joins_the_thread(as_, post):
    top = posts.add_comment(as_("bob"), post, body="楼主说得对")
    reply = posts.add_comment(as_("leader"), post, body="同意", parent=top)
    again = posts.add_comment(as_("alice"), post, body="谢谢", parent=reply)
    assert (reply.parent_id, again.parent_id) == (top.pk, top.pk)
    post.refresh_from_db()
    assert post.comment_count == 3


def test_a_hidden_comment_takes_replies_from_its_author_and_the_leaders_only(as_, post):
    top = posts.add_comment(as_("bob"), post, body="跑题了")
    moderation.hide_comment(as_("leader"), top, "跑题")
    refused(lambda: posts.add_comment(as_("alice"), post, body="回复", parent=top))
    assert posts.add_comment(as_("bob"), post, body="我改", parent=top).parent_id == top.pk
    assert posts.add_comment(as_("leader"), post, body="好的", parent=top).parent_id == top.pk


def test_an_edit_after_the_window_or_of_a_deleted_post_is_refused(as_, post):
    Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - posts.EDIT_WINDOW - timedelta(minutes=1))
    late = Post.objects.get(pk=post.pk)
    refused(lambda: posts.edit_post(as_("alice"), late, title="改", body="<p>改</p>"))
    fresh = posts.create_post(as_("alice"), body="<p>新帖</p>")
    posts.delete_post(as_("alice"), fresh)
    refused(lambda: posts.edit_post(as_("alice"), fresh, title="改", body="<p>改</p>"), "This post no longer exists.")


# --- Markup in every field ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markup_in_every_moderation_and_check_in_field_stays_text(client, board_group, as_, post, topic, payload):
    board_settings.add_tag(as_("leader"), payload[:12])
    comment = posts.add_comment(as_("bob"), post, body=payload)
    reports.report(as_("bob"), post=post, reason="other", detail=payload)
    reports.report(as_("alice"), post=post, comment=comment, reason="other", detail=payload)
    moderation.hide_comment(as_("leader"), comment, payload[:200])
    entry = checkins.check_in(as_("bob"), topic, body=payload)
    checkins.review_check_in(as_("leader"), entry, comment=payload)
    opened = checkins.open_topic(
        as_("leader"), title=payload[:80], body=f"<p>{payload}</p>", cadence="daily", ends_on=timezone.localdate()
    )
    moderation.mute_member(as_("leader"), board_group.bob, days=1, reason=payload[:200])
    for person, names in (
        (board_group.leader, ["index", "reports", "mutes", "log", "settings"]),
        (board_group.bob, ["index"]),
    ):
        client.force_login(person)
        for name in names:
            assert_inert(client.get(board_group.url(name)).content.decode())
        for url in (post.get_absolute_url(), topic.post.get_absolute_url(), opened.get_absolute_url()):
            assert_inert(client.get(url).content.decode())


# --- Points and counts after hiding and deleting ------------------------------------------------------------------


def test_points_paid_stay_when_the_content_is_hidden_or_deleted_and_the_ledger_agrees(as_, board_group, post):
    set_post_like(as_("bob"), post, True)
    second = posts.create_post(as_("alice"), body="<p>第二帖</p>")
    paid = [
        PointEntry.objects.filter(member=board_group.alice, rule__code=rule).count()
        for rule in (RULE_POST, RULE_LIKE_RECEIVED)
    ]
    assert paid == [2, 1]
    moderation.hide_post(as_("leader"), post, "广告")
    posts.delete_post(as_("alice"), second)
    after = [
        PointEntry.objects.filter(member=board_group.alice, rule__code=rule).count()
        for rule in (RULE_POST, RULE_LIKE_RECEIVED)
    ]
    assert after == paid
    moderation.unhide_post(as_("leader"), post)
    set_post_like(as_("bob"), post, False)
    set_post_like(as_("bob"), post, True)
    assert PointEntry.objects.filter(member=board_group.alice, rule__code=RULE_LIKE_RECEIVED).count() == 1
    call_command("reconcile_points", stdout=io.StringIO())  # exits 1 on drift


def test_the_comment_count_follows_hiding_showing_and_deleting(as_, post):
    first, second = (posts.add_comment(as_("bob"), post, body=f"评论{n}") for n in range(2))

    def count():
        post.refresh_from_db()
        return post.comment_count

    moderation.hide_comment(as_("leader"), first, "跑题")
    assert count() == 1
    posts.delete_comment(as_("bob"), Comment.objects.get(pk=first.pk))  # hidden, so no longer counted
    assert count() == 1
    moderation.hide_comment(as_("leader"), second, "跑题")
    moderation.unhide_comment(as_("leader"), second)
    assert count() == 1
    posts.delete_comment(as_("leader"), Comment.objects.get(pk=second.pk))
    assert count() == 0


def test_the_topic_s_check_in_count_follows_hiding_and_showing(as_, topic):
    entry = checkins.check_in(as_("bob"), topic, body="作业")
    checkins.check_in(as_("alice"), topic, body="作业")
    checkins.hide_check_in(as_("leader"), entry, "抄的")
    topic.refresh_from_db()
    assert topic.check_in_count == 1
    refused(lambda: checkins.hide_check_in(as_("leader"), entry, "抄的"), "This check-in is already hidden.")
    checkins.unhide_check_in(as_("leader"), entry)
    topic.refresh_from_db()
    assert topic.check_in_count == 2
