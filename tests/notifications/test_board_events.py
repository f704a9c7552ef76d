# ruff: noqa: F811 - the board fixtures imported below are used as arguments
"""Board events through the board's own pages: comments, replies, likes, @mentions and 精华 tell exactly the people
they concern, once, in their language, on their channel, and only if they may read the board."""

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.utils import translation

from portal.board import notifications
from portal.board.models import Comment, Post
from portal.board.services.common import viewer_for
from portal.groups.models import Membership
from portal.notifications.models import Notification, Preference
from portal.notifications.types import Channel
from tests.board.conftest import board_group, make_post, members_only  # noqa: F401 - fixtures
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(board_group, make_post):
    return make_post(board_group.group, board_group.alice, title="读书会选书")


def speak(member, language):
    member.language = language
    member.save(update_fields=["language"])


def told(kind=None):
    """{recipient id: [kinds]} of every notification recorded (or of one kind)."""
    rows = Notification.objects.order_by("pk")
    if kind:
        rows = rows.filter(kind=kind)
    found = {}
    for row in rows:
        found.setdefault(row.recipient_id, []).append(row.kind)
    return found


def title_in(language, template, **context):
    with translation.override(language):
        return render_to_string(template, context).strip().partition("\n")[0]


def comment(send, board_group, member, post, body, parent=None):
    data = {"body": body} if parent is None else {"body": body, "parent": parent.pk}
    send(member, board_group.url("comment", post.pk), data)
    return Comment.objects.latest("pk")


# --- comments and replies -------------------------------------------------------------------------------------------


def test_a_comment_tells_the_post_author_in_english_and_nobody_else(send, board_group, post):
    speak(board_group.alice, "en")

    top = comment(send, board_group, board_group.bob, post, "我推荐《活着》")

    assert told() == {board_group.alice.pk: ["board.commented"]}
    row = Notification.objects.get()
    assert row.title == "小波 commented on your post “读书会选书”"
    assert row.body == "我推荐《活着》"
    assert row.url == f"/board/{board_group.group.slug}/posts/{post.pk}/#comment-{top.pk}"
    assert row.email == Notification.Email.DIGEST and mail.outbox == []  # comments wait for the daily digest


def test_a_comment_reads_in_chinese_for_a_member_who_speaks_it(send, board_group, post):
    speak(board_group.alice, "zh-hans")
    comment(send, board_group, board_group.bob, post, "好书")
    expected = title_in(
        "zh-hans", "board/notifications/commented.txt", actor="小波", post="读书会选书", comment="好书"
    )
    assert Notification.objects.get().title == expected


def test_commenting_on_your_own_post_tells_nobody(send, board_group, post):
    comment(send, board_group, board_group.alice, post, "补充一句")
    assert told() == {}


def test_a_reply_tells_the_comment_replied_to_and_the_thread_not_the_post_author(send, board_group, post):
    top = comment(send, board_group, board_group.bob, post, "我推荐《活着》")
    first = comment(send, board_group, board_group.leader, post, "好主意", parent=top)
    Notification.objects.all().delete()

    comment(send, board_group, board_group.co_leader, post, "同意楼上", parent=first)

    # The reply to a reply joins bob's thread: the leader (replied to) and bob (the thread) hear it, alice does not.
    assert told() == {board_group.bob.pk: ["board.replied"], board_group.leader.pk: ["board.replied"]}


def test_replying_in_your_own_thread_tells_only_the_others(send, board_group, post):
    top = comment(send, board_group, board_group.bob, post, "第一条")
    Notification.objects.all().delete()
    comment(send, board_group, board_group.bob, post, "再补充", parent=top)
    assert told() == {}


def test_a_member_switching_comments_off_hears_nothing(send, board_group, post):
    Preference.objects.create(member=board_group.alice, kind="board.commented", channel=Channel.OFF)
    comment(send, board_group, board_group.bob, post, "好书")
    assert told() == {}


def test_a_post_author_who_left_a_members_only_board_hears_nothing(send, board_group, post, members_only):
    members_only(board_group.group)
    Membership.objects.filter(group=board_group.group, member=board_group.alice).update(state=Membership.State.LEFT)
    comment(send, board_group, board_group.bob, post, "还有人吗")
    assert told() == {}


def test_the_same_comment_told_again_is_still_one_notification(
    send, board_group, post, django_capture_on_commit_callbacks
):
    top = comment(send, board_group, board_group.bob, post, "好书")
    viewer = viewer_for(board_group.group, board_group.bob)
    with django_capture_on_commit_callbacks(execute=True):
        notifications.comment_added(viewer, post, top)  # a retried job
    assert told() == {board_group.alice.pk: ["board.commented"]}


# --- @mentions ------------------------------------------------------------------------------------------------------


def test_a_member_named_in_a_comment_hears_mentioned_only_and_by_email(send, board_group, post):
    speak(board_group.alice, "en")
    speak(board_group.leader, "zh-hans")

    comment(send, board_group, board_group.bob, post, "@阿丽 @组长阿青 写得好")

    assert told() == {board_group.alice.pk: ["board.mentioned"], board_group.leader.pk: ["board.mentioned"]}
    english = Notification.objects.get(recipient=board_group.alice)
    assert english.title == "小波 mentioned you in a comment on “读书会选书”"
    chinese = Notification.objects.get(recipient=board_group.leader)
    assert chinese.title == title_in(
        "zh-hans", "board/notifications/mentioned.txt", actor="小波", post="读书会选书", comment="x"
    )
    assert sorted((message.to[0], message.subject) for message in mail.outbox) == sorted(
        [(board_group.alice.email, english.title), (board_group.leader.email, chinese.title)]
    )


def test_post_mentions_tell_each_member_once_however_often_the_post_is_edited(send, board_group):
    send(board_group.alice, board_group.url("new_post"), {"body": "@小波你好，@路人小周 也来看看"})
    post = Post.objects.get()
    assert told() == {board_group.bob.pk: ["board.mentioned"]}  # the outsider is no member: no mention at all
    assert len(mail.outbox) == 1

    send(board_group.alice, board_group.url("edit_post", post.pk), {"body": "@小波你好，@组长阿青 也看"})
    send(board_group.alice, board_group.url("edit_post", post.pk), {"body": "@小波 @组长阿青 改一下"})

    assert told() == {board_group.bob.pk: ["board.mentioned"], board_group.leader.pk: ["board.mentioned"]}
    assert (
        Notification.objects.get(recipient=board_group.bob).url == f"/board/{board_group.group.slug}/posts/{post.pk}/"
    )
    assert len(mail.outbox) == 2


def test_a_former_member_named_on_a_members_only_board_hears_nothing(send, board_group, members_only):
    members_only(board_group.group)
    Membership.objects.filter(group=board_group.group, member=board_group.bob).update(state=Membership.State.LEFT)
    send(board_group.alice, board_group.url("new_post"), {"body": "@小波 你还在吗"})
    assert told() == {}


def test_staff_may_read_a_members_only_board_and_others_may_not(board_group, members_only):
    settings = members_only(board_group.group)
    staff = StaffUserFactory()
    ids = {board_group.alice.pk, board_group.outsider.pk, staff.pk}
    assert notifications.readers(board_group.group, ids, settings) == {board_group.alice.pk, staff.pk}
    settings.visibility = settings.Visibility.EVERYONE
    assert notifications.readers(board_group.group, ids, settings) == ids


# --- likes ----------------------------------------------------------------------------------------------------------


def like(send, board_group, member, name, thing, liked=True):
    send(member, board_group.url(name, thing.pk), {"liked": "1" if liked else "0"})


def test_a_like_tells_the_author_once_per_liker_however_often_it_is_taken_back(send, board_group, post):
    speak(board_group.alice, "en")
    like(send, board_group, board_group.bob, "like_post", post)
    like(send, board_group, board_group.bob, "like_post", post, liked=False)
    like(send, board_group, board_group.bob, "like_post", post)
    assert told() == {board_group.alice.pk: ["board.liked"]}
    assert Notification.objects.get().title == "小波 liked your post “读书会选书”"

    like(send, board_group, board_group.leader, "like_post", post)
    like(send, board_group, board_group.alice, "like_post", post)  # her own post: nobody is told

    assert told() == {board_group.alice.pk: ["board.liked", "board.liked"]}
    assert mail.outbox == []  # likes stay on the site


def test_a_comment_like_tells_the_comment_author_with_its_anchor(send, board_group, post):
    speak(board_group.bob, "en")
    top = comment(send, board_group, board_group.bob, post, "我推荐《活着》")
    Notification.objects.all().delete()

    like(send, board_group, board_group.alice, "like_comment", top)

    row = Notification.objects.get()
    assert (row.recipient, row.kind) == (board_group.bob, "board.liked")
    assert row.title == "阿丽 liked your comment on “读书会选书”" and row.body == "我推荐《活着》"
    assert row.url.endswith(f"#comment-{top.pk}")


def test_a_member_switching_likes_off_hears_nothing(send, board_group, post):
    Preference.objects.create(member=board_group.alice, kind="board.liked", channel=Channel.OFF)
    like(send, board_group, board_group.bob, "like_post", post)
    assert told() == {}


# --- 精华 ----------------------------------------------------------------------------------------------------------


def feature(send, board_group, post, action="feature"):
    send(board_group.leader, board_group.url("moderate_post", post.pk), {"action": action, "reason": ""})


def test_featuring_tells_the_author_by_email_once_however_often_the_mark_moves(send, board_group, post):
    speak(board_group.alice, "en")
    feature(send, board_group, post)
    feature(send, board_group, post, "unfeature")
    feature(send, board_group, post)

    row = Notification.objects.get()
    assert (row.recipient, row.kind, row.email) == (board_group.alice, "board.featured", Notification.Email.SENT)
    assert row.title == "Your post “读书会选书” was marked as featured"
    assert [(message.to, message.subject) for message in mail.outbox] == [([board_group.alice.email], row.title)]


def test_featuring_reads_in_chinese_and_respects_the_off_switch(send, board_group, post, make_post):
    feature(send, board_group, post)
    row = Notification.objects.get()
    assert row.title == title_in("zh-hans", "board/notifications/featured.txt", post="读书会选书", group="周末读书会")

    other = make_post(board_group.group, board_group.bob, title="第二篇")
    Preference.objects.create(member=board_group.bob, kind="board.featured", channel=Channel.OFF)
    feature(send, board_group, other)
    assert told() == {board_group.alice.pk: ["board.featured"]}
    assert len(mail.outbox) == 1
