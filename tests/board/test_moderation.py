"""The leaders' moderation of a board, through the pages they use: pin, 精华, lock, hide, mute, the log, settings."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.board.models import BoardSettings, BoardTag, ModerationAction, Mute, Post, PostEdit
from portal.board.services.common import RULE_FEATURED, BoardError
from portal.board.services.moderation import MAX_PINNED, mute_member, pin_post
from portal.points.models import PointEntry
from tests.concurrency import race, requires_postgresql
from tests.utils import flashed

pytestmark = pytest.mark.django_db

Action = ModerationAction.Action


def moderate(client, board_group, post, action, reason=""):
    return client.post(board_group.url("moderate_post", post.pk), {"action": action, "reason": reason})


def logged(group, action):
    return list(ModerationAction.objects.filter(group=group, action=action).values_list("actor", "post", "reason"))


# --- Actions on a post and their log rows ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "undo", "field", "on_value", "log", "undo_log"),
    [
        ("pin", "unpin", "pinned_at", True, Action.PIN, Action.UNPIN),
        ("feature", "unfeature", "featured_at", True, Action.FEATURE, Action.UNFEATURE),
        ("lock", "unlock", "comments_locked", True, Action.LOCK, Action.UNLOCK),
    ],
)
def test_a_leader_toggles_a_post_and_each_change_is_logged(
    client, board_group, make_post, action, undo, field, on_value, log, undo_log
):
    post = make_post(board_group.group, board_group.alice)
    client.force_login(board_group.leader)
    response = moderate(client, board_group, post, action)
    assert response.status_code == 302
    assert response["Location"] == post.get_absolute_url()
    post.refresh_from_db()
    assert bool(getattr(post, field)) is on_value
    assert logged(board_group.group, log) == [(board_group.leader.pk, post.pk, "")]
    moderate(client, board_group, post, undo)
    post.refresh_from_db()
    assert not getattr(post, field)
    assert logged(board_group.group, undo_log) == [(board_group.leader.pk, post.pk, "")]


def test_a_second_identical_click_changes_nothing_and_logs_nothing(client, board_group, make_post):
    post = make_post(board_group.group, board_group.alice)
    client.force_login(board_group.leader)
    moderate(client, board_group, post, "pin")
    moderate(client, board_group, post, "pin")
    assert ModerationAction.objects.filter(action=Action.PIN).count() == 1


def test_hiding_needs_a_reason_and_the_reason_is_logged(client, board_group, make_post):
    post = make_post(board_group.group, board_group.alice, pinned_at=timezone.now())
    client.force_login(board_group.co_leader)
    response = moderate(client, board_group, post, "hide", reason="   ")
    assert "Give a reason: the member sees it." in flashed(response)
    post.refresh_from_db()
    assert not post.is_hidden
    response = moderate(client, board_group, post, "hide", reason="x" * 201)
    post.refresh_from_db()
    assert not post.is_hidden
    moderate(client, board_group, post, "hide", reason="广告帖")
    post.refresh_from_db()
    assert post.is_hidden and post.hidden_reason == "广告帖"
    assert not post.is_pinned, "a hidden post leaves the top of the board"
    assert logged(board_group.group, Action.HIDE) == [(board_group.co_leader.pk, post.pk, "广告帖")]
    moderate(client, board_group, post, "unhide")
    post.refresh_from_db()
    assert not post.is_hidden and post.hidden_reason == ""
    assert logged(board_group.group, Action.UNHIDE) == [(board_group.co_leader.pk, post.pk, "")]


def test_a_leader_hides_and_shows_a_comment(client, board_group, make_post, make_comment):
    post = make_post(board_group.group, board_group.alice)
    comment = make_comment(post, board_group.bob)
    client.force_login(board_group.leader)
    url = board_group.url("moderate_comment", comment.pk)
    response = client.post(url, {"action": "hide", "reason": "人身攻击"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_reason == "人身攻击"
    row = ModerationAction.objects.get(action=Action.HIDE)
    assert (row.comment, row.post, row.member, row.reason) == (comment, post, board_group.bob, "人身攻击")
    client.post(url, {"action": "unhide"})
    comment.refresh_from_db()
    assert not comment.is_hidden
    # Pinning is for posts: a comment only hides and shows.
    response = client.post(url, {"action": "pin"})
    assert "That action is not available." in flashed(response)


def test_an_unknown_action_changes_nothing(client, board_group, make_post):
    post = make_post(board_group.group, board_group.alice)
    client.force_login(board_group.leader)
    response = moderate(client, board_group, post, "explode")
    assert response.status_code == 302
    assert "That action is not available." in flashed(response)
    assert not ModerationAction.objects.exists()


# --- Who may moderate ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "allowed"), [("alice", False), ("outsider", False), ("co_leader", True), ("leader", True)]
)
def test_only_the_group_s_leaders_moderate(client, board_group, make_post, who, allowed):
    post = make_post(board_group.group, board_group.bob)
    client.force_login(getattr(board_group, who))
    response = moderate(client, board_group, post, "pin")
    assert response.status_code == (302 if allowed else 403)
    post.refresh_from_db()
    assert post.is_pinned is allowed


def test_staff_moderate_any_board(client, board_group, make_post, staff_user):
    post = make_post(board_group.group, board_group.bob)
    client.force_login(staff_user)
    moderate(client, board_group, post, "feature")
    post.refresh_from_db()
    assert post.is_featured
    assert logged(board_group.group, Action.FEATURE) == [(staff_user.pk, post.pk, "")]


def test_a_visitor_is_sent_to_log_in(client, board_group, make_post):
    post = make_post(board_group.group, board_group.bob)
    response = moderate(client, board_group, post, "pin")
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_leader_of_another_group_cannot_moderate_this_one(client, board_group, make_post, make_leader):
    post = make_post(board_group.group, board_group.bob)
    client.force_login(make_leader())
    assert moderate(client, board_group, post, "pin").status_code == 403


def test_a_post_of_another_group_is_not_found_under_this_one(client, board_group, make_post, make_leader):
    other_leader = make_leader()
    other_post = make_post(other_leader.memberships.get().group, other_leader)
    client.force_login(board_group.leader)
    assert moderate(client, board_group, other_post, "pin").status_code == 404


def test_moderation_pages_answer_403_to_members(client, board_group, make_post):
    post = make_post(board_group.group, board_group.alice)
    client.force_login(board_group.alice)
    for name, args in [("reports", []), ("mutes", []), ("log", []), ("settings", []), ("post_history", [post.pk])]:
        assert client.get(board_group.url(name, *args)).status_code == 403, name
        assert client.post(board_group.url(name, *args), {"action": "add", "name": "x"}).status_code == 403, name
    assert not BoardTag.objects.exists()


# --- Pins ------------------------------------------------------------------------------------------------------------


def test_at_most_three_posts_are_pinned(client, board_group, make_post):
    posts = [make_post(board_group.group, board_group.alice) for _ in range(MAX_PINNED + 1)]
    client.force_login(board_group.leader)
    for post in posts[:MAX_PINNED]:
        moderate(client, board_group, post, "pin")
    response = moderate(client, board_group, posts[-1], "pin")
    assert "At most 3 posts can be pinned. Unpin one first." in flashed(response)
    assert Post.objects.filter(pinned_at__isnull=False).count() == MAX_PINNED
    moderate(client, board_group, posts[0], "unpin")
    moderate(client, board_group, posts[-1], "pin")
    posts[-1].refresh_from_db()
    assert posts[-1].is_pinned


def test_a_deleted_pinned_post_frees_its_place(client, board_group, make_post):
    for _ in range(MAX_PINNED):
        make_post(board_group.group, board_group.alice, pinned_at=timezone.now())
    Post.objects.filter(pk=Post.objects.first().pk).update(deleted_at=timezone.now())
    post = make_post(board_group.group, board_group.alice)
    client.force_login(board_group.leader)
    moderate(client, board_group, post, "pin")
    post.refresh_from_db()
    assert post.is_pinned


@pytest.mark.django_db(transaction=True)
@requires_postgresql
def test_two_leaders_pinning_the_third_and_fourth_post_at_once_leave_three(board_group, make_post, viewer):
    group = board_group.group
    for _ in range(MAX_PINNED - 1):
        make_post(group, board_group.alice, pinned_at=timezone.now())
    third, fourth = make_post(group, board_group.alice), make_post(group, board_group.bob)
    results = race(
        lambda user, post: pin_post(viewer(group, user), post),
        [(board_group.leader, third), (board_group.co_leader, fourth)],
    )
    assert Post.objects.filter(group=group, pinned_at__isnull=False).count() == MAX_PINNED
    assert sum(isinstance(result, BoardError) for result in results) == 1
    assert ModerationAction.objects.filter(action=Action.PIN).count() == 1


# --- 精华 and points -------------------------------------------------------------------------------------------------


def test_featuring_pays_the_author_once_per_post_and_unfeaturing_keeps_the_points(client, board_group, make_post):
    post = make_post(board_group.group, board_group.alice)
    client.force_login(board_group.leader)
    for action in ["feature", "unfeature", "feature", "unfeature"]:
        moderate(client, board_group, post, action)
    entries = PointEntry.objects.filter(member=board_group.alice, rule__code=RULE_FEATURED)
    assert entries.count() == 1
    assert entries.get().amount > 0
    assert entries.get().scope_id == board_group.group.pk


def test_a_hidden_post_cannot_be_pinned_or_featured(client, board_group, make_post):
    post = make_post(board_group.group, board_group.alice, hidden_at=timezone.now(), hidden_reason="x")
    client.force_login(board_group.leader)
    assert "Show the post again before pinning it." in flashed(moderate(client, board_group, post, "pin"))
    moderate(client, board_group, post, "feature")
    post.refresh_from_db()
    assert not post.is_pinned and not post.is_featured
    assert not PointEntry.objects.filter(member=board_group.alice, rule__code=RULE_FEATURED).exists()


# --- Mutes -----------------------------------------------------------------------------------------------------------


def mute(client, board_group, member, days=3, reason="刷屏"):
    data = {"action": "mute", "member": member.pk, "days": days, "reason": reason}
    return client.post(board_group.url("mutes"), data)


def test_a_leader_mutes_a_member_and_the_mute_is_listed_and_logged(client, board_group):
    client.force_login(board_group.leader)
    response = mute(client, board_group, board_group.alice, days=7)
    assert response.status_code == 302
    row = Mute.objects.get()
    assert row.member == board_group.alice and row.reason == "刷屏"
    assert timedelta(days=6, hours=23) < row.until - timezone.now() <= timedelta(days=7)
    assert ModerationAction.objects.get(action=Action.MUTE).member == board_group.alice
    page = client.get(board_group.url("mutes"))
    assert page.context["mutes"][0] == row
    assert "刷屏" in page.content.decode()


def test_the_mute_forms_member_list_names_members_without_their_e_mail(client, board_group):
    """A member who chose no name is listed as "Member #id" (the site's one rule), never by their e-mail address."""
    nameless = board_group.bob
    nameless.display_name = ""
    nameless.save(update_fields=["display_name"])
    client.force_login(board_group.leader)
    body = client.get(board_group.url("mutes"), headers={"accept-language": "en"}).content.decode()
    assert nameless.email not in body
    assert f"Member #{nameless.pk}" in body
    assert "---------" not in body


@pytest.mark.parametrize("days", [0, 91, -1, "many", ""])
def test_a_mute_lasts_one_to_ninety_days(client, board_group, days):
    client.force_login(board_group.leader)
    response = mute(client, board_group, board_group.alice, days=days)
    assert response.status_code == 200
    assert "days" in response.context["form"].errors
    assert not Mute.objects.exists()


def test_leaders_co_leaders_outsiders_and_yourself_cannot_be_muted(board_group, viewer):
    leader = viewer(board_group.group, board_group.leader)
    for member, message in [
        (board_group.leader, "You cannot mute yourself."),
        (board_group.co_leader, "Leaders and co-leaders cannot be muted."),
        (board_group.outsider, "Only members of this group can be muted."),
    ]:
        with pytest.raises(BoardError, match=message):
            mute_member(leader, member, days=3, reason="x")
    with pytest.raises(BoardError, match="Only the group's leaders can do that."):
        mute_member(viewer(board_group.group, board_group.alice), board_group.bob, days=3, reason="x")
    assert not Mute.objects.exists()


def test_the_mute_form_offers_members_only_and_refuses_a_co_leader(client, board_group):
    client.force_login(board_group.leader)
    page = client.get(board_group.url("mutes"))
    offered = set(page.context["form"].fields["member"].queryset)
    assert offered == {board_group.alice, board_group.bob}
    response = mute(client, board_group, board_group.co_leader)
    assert "member" in response.context["form"].errors
    assert not Mute.objects.exists()


def test_a_muted_member_cannot_report_and_is_told_until_when_and_why(client, board_group, make_post):
    post = make_post(board_group.group, board_group.bob)
    client.force_login(board_group.leader)
    mute(client, board_group, board_group.alice, days=2, reason="连续刷屏")
    client.force_login(board_group.alice)
    response = client.post(board_group.url("report_post", post.pk), {"reason": "spam"})
    message = flashed(response)[-1]
    assert message.startswith("A leader muted you in this group until ")
    assert message.endswith(": 连续刷屏")
    assert not post.reports.exists()


def test_a_mute_ends_at_its_time(client, board_group, make_post):
    post = make_post(board_group.group, board_group.bob)
    Mute.objects.create(
        group=board_group.group,
        member=board_group.alice,
        until=timezone.now() - timedelta(seconds=1),
        reason="已过期",
        created_by=board_group.leader,
    )
    client.force_login(board_group.alice)
    client.post(board_group.url("report_post", post.pk), {"reason": "spam"})
    assert post.reports.count() == 1
    client.force_login(board_group.leader)
    assert list(client.get(board_group.url("mutes")).context["mutes"]) == []


def test_a_leader_ends_a_mute_early(client, board_group):
    client.force_login(board_group.leader)
    mute(client, board_group, board_group.alice)
    response = client.post(board_group.url("mutes"), {"action": "unmute", "member": board_group.alice.pk})
    assert "The member can write on the board again." in flashed(response)
    assert not Mute.objects.current().exists()
    assert ModerationAction.objects.get(action=Action.UNMUTE).member == board_group.alice
    response = client.post(board_group.url("mutes"), {"action": "unmute", "member": "nobody"})
    assert "This member is not muted." in flashed(response)


# --- The log, earlier versions, settings -----------------------------------------------------------------------------


def test_the_log_lists_the_group_s_actions_for_its_leaders_and_staff(client, board_group, make_post, staff_user):
    post = make_post(board_group.group, board_group.alice, title="周末读什么")
    client.force_login(board_group.leader)
    moderate(client, board_group, post, "hide", reason="跑题了")
    for user in (board_group.co_leader, staff_user):
        client.force_login(user)
        page = client.get(board_group.url("log"))
        assert page.status_code == 200
        assert [action.action for action in page.context["actions"]] == [Action.HIDE]
        assert "跑题了" in page.content.decode() and "周末读什么" in page.content.decode()


def test_leaders_read_a_post_s_earlier_versions(client, board_group, make_post):
    post = make_post(board_group.group, board_group.alice, title="新标题", edited_at=timezone.now())
    PostEdit.objects.create(post=post, title="旧标题", body="<p>原来的正文</p>")
    client.force_login(board_group.co_leader)
    page = client.get(board_group.url("post_history", post.pk))
    assert page.status_code == 200
    assert "旧标题" in page.content.decode() and "原来的正文" in page.content.decode()


def test_leaders_make_the_board_members_only(client, board_group):
    client.force_login(board_group.leader)
    client.post(board_group.url("settings"), {"action": "visibility", "visibility": "members"})
    assert BoardSettings.objects.get(group=board_group.group).members_only
    response = client.post(board_group.url("settings"), {"action": "visibility", "visibility": "martians"})
    assert "Choose who can read the board." in flashed(response)
    assert BoardSettings.objects.get(group=board_group.group).members_only


def test_leaders_add_rename_order_and_remove_tags(client, board_group):
    client.force_login(board_group.leader)
    url = board_group.url("settings")
    for name in ["讨论", "作业", "活动"]:
        client.post(url, {"action": "add", "name": name})
    tags = {tag.name: tag for tag in BoardTag.objects.filter(group=board_group.group)}
    assert list(BoardTag.objects.values_list("name", flat=True)) == ["讨论", "作业", "活动"]
    client.post(url, {"action": "up", "tag": tags["活动"].pk})
    assert list(BoardTag.objects.values_list("name", flat=True)) == ["讨论", "活动", "作业"]
    client.post(url, {"action": "rename", "tag": tags["讨论"].pk, "name": "闲聊"})
    response = client.post(url, {"action": "rename", "tag": tags["作业"].pk, "name": "闲聊"})
    assert "The group already has a tag with this name." in flashed(response)
    client.post(url, {"action": "remove", "tag": tags["活动"].pk})
    assert list(BoardTag.objects.values_list("name", flat=True)) == ["闲聊", "作业"]
    response = client.post(url, {"action": "rename", "tag": 999_999, "name": "x"})
    assert "This tag no longer exists." in flashed(response)
    page = client.get(url)
    assert page.status_code == 200 and "闲聊" in page.content.decode()


def test_a_board_has_at_most_eight_tags(client, board_group):
    client.force_login(board_group.leader)
    for n in range(9):
        response = client.post(board_group.url("settings"), {"action": "add", "name": f"标签{n}"})
    assert "A board has at most 8 tags." in flashed(response)
    assert BoardTag.objects.count() == 8
    response = client.post(board_group.url("settings"), {"action": "add", "name": ""})
    assert BoardTag.objects.count() == 8


# --- What members see of hidden content, and what a mute refuses, on the board's own pages ---------------------------


def test_a_hidden_post_is_shown_to_its_author_with_the_reason_and_to_nobody_else(client, board_group, make_post):
    post = make_post(board_group.group, board_group.alice, title="被隐藏的帖子")
    client.force_login(board_group.leader)
    moderate(client, board_group, post, "hide", reason="含有广告链接")
    client.force_login(board_group.alice)
    page = client.get(post.get_absolute_url())
    assert page.status_code == 200
    assert "Hidden by a leader: 含有广告链接" in page.content.decode()
    for user in (board_group.bob, board_group.outsider, None):
        client.logout()
        if user is not None:
            client.force_login(user)
        assert client.get(post.get_absolute_url()).status_code == 404
        assert "被隐藏的帖子" not in client.get(board_group.url("index")).content.decode()


def test_a_hidden_comment_is_shown_to_its_author_with_the_reason_and_to_nobody_else(
    client, board_group, make_post, make_comment
):
    post = make_post(board_group.group, board_group.bob)
    comment = make_comment(post, board_group.alice, body="一条很冲的评论")
    client.force_login(board_group.leader)
    client.post(board_group.url("moderate_comment", comment.pk), {"action": "hide", "reason": "请就事论事"})
    client.force_login(board_group.alice)
    html = client.get(post.get_absolute_url()).content.decode()
    assert "一条很冲的评论" in html and "Hidden by a leader: 请就事论事" in html
    client.force_login(board_group.bob)
    html = client.get(post.get_absolute_url()).content.decode()
    assert "一条很冲的评论" not in html and "请就事论事" not in html


def test_the_leaders_see_the_moderation_buttons_and_members_do_not(client, board_group, make_post):
    post = make_post(board_group.group, board_group.alice)
    moderate_url = board_group.url("moderate_post", post.pk)
    client.force_login(board_group.co_leader)
    html = client.get(post.get_absolute_url()).content.decode()
    assert moderate_url in html and 'value="pin"' in html and 'value="feature"' in html
    client.force_login(board_group.bob)
    html = client.get(post.get_absolute_url()).content.decode()
    assert moderate_url not in html
    assert board_group.url("report_post", post.pk) in html


def test_a_muted_member_s_posts_comments_and_likes_are_refused_with_the_message(client, board_group, make_post):
    post = make_post(board_group.group, board_group.bob)
    client.force_login(board_group.leader)
    mute(client, board_group, board_group.alice, days=1, reason="刷屏三次")
    client.force_login(board_group.alice)
    attempts = [
        (board_group.url("new_post"), {"title": "还想发", "body": "<p>再发一条</p>"}),
        (board_group.url("comment", post.pk), {"body": "再评论一条"}),
        (board_group.url("like_post", post.pk), {"liked": "1"}),
        (board_group.url("report_post", post.pk), {"reason": "spam"}),
    ]
    for url, data in attempts:
        response = client.post(url, data)
        assert response.status_code == 302, url
        message = flashed(response)[-1]
        assert message.startswith("A leader muted you in this group until "), url
        assert message.endswith(": 刷屏三次"), url
    post.refresh_from_db()
    assert (post.comment_count, post.like_count) == (0, 0)
    assert Post.objects.filter(group=board_group.group).count() == 1
    assert not post.reports.exists()
