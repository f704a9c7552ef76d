"""Posting on a group's board through the pages: writing with images, the edit window and its history, deleting,
who reads a board, archived and muted members, rate limits and hostile input."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.board.models import Mute, Post, PostEdit
from portal.board.services.common import RULE_POST
from portal.groups.models import CommunityGroup
from portal.points.models import PointEntry
from tests.groups.factories import CommunityGroupFactory
from tests.groups.test_xss import PAYLOADS, assert_inert
from tests.utils import flashed, form_errors, upload

pytestmark = pytest.mark.django_db


def post_points(member):
    return PointEntry.objects.filter(member=member, rule__code=RULE_POST).count()


def test_member_posts_with_two_images_and_earns_points(client, board_group, png_bytes):
    client.force_login(board_group.alice)
    response = client.post(
        board_group.url("new_post"),
        {
            "title": "周末去哪儿读书",
            "body": "<p>大家<b>推荐</b>一下</p><script>alert(1)</script>",
            "body_format": "html",
            "images": [upload("a.png", png_bytes((40, 30))), upload("b.png", png_bytes((30, 40)))],
        },
    )
    post = Post.objects.get()
    assert response.status_code == 302
    assert response["Location"] == post.get_absolute_url()
    assert post.author == board_group.alice
    assert post.body == "<p>大家<strong>推荐</strong>一下</p>"
    assert post.excerpt == "大家推荐一下"
    assert post.images.count() == 2
    assert post_points(board_group.alice) == 1

    page = client.get(post.get_absolute_url())
    assert page.status_code == 200
    assert "周末去哪儿读书" in page.content.decode()
    assert page.content.decode().count("<img src=") >= 2


def test_ten_images_are_refused_and_nothing_is_saved(client, board_group, png_bytes):
    client.force_login(board_group.alice)
    images = [upload(f"{n}.png", png_bytes()) for n in range(10)]
    response = client.post(board_group.url("new_post"), {"body": "十张图", "images": images})
    assert "images" in form_errors(response)
    assert not Post.objects.exists()


def test_an_empty_post_is_refused(client, board_group):
    client.force_login(board_group.alice)
    response = client.post(board_group.url("new_post"), {"title": "只有标题", "body": "   "})
    assert "body" in form_errors(response)
    assert not Post.objects.exists()


def test_a_tag_of_another_group_is_refused(client, board_group, make_tag):
    make_tag(board_group.group, "作业")
    other = make_tag(CommunityGroupFactory(), "讨论")
    client.force_login(board_group.alice)
    response = client.post(board_group.url("new_post"), {"body": "hi", "tag": other.pk})
    assert "tag" in form_errors(response)
    assert not Post.objects.exists()


def test_post_with_a_group_tag_is_listed_under_that_tag(client, board_group, make_tag, make_post):
    homework = make_tag(board_group.group, "作业")
    client.force_login(board_group.alice)
    client.post(board_group.url("new_post"), {"title": "第一周作业", "body": "交作业", "tag": homework.pk})
    make_post(board_group.group, board_group.bob, title="闲聊一下")
    listed = client.get(board_group.url("index"), {"tag": homework.pk}).content.decode()
    assert "第一周作业" in listed and "闲聊一下" not in listed
    everything = client.get(board_group.url("index")).content.decode()
    assert "第一周作业" in everything and "闲聊一下" in everything


def test_posting_points_stop_at_the_daily_cap(client, board_group):
    client.force_login(board_group.alice)
    for n in range(5):
        client.post(board_group.url("new_post"), {"body": f"第{n}帖"})
    assert Post.objects.count() == 5
    assert post_points(board_group.alice) == 3  # the rule's default daily cap


def test_author_edits_within_the_window_and_the_old_version_is_kept(client, board_group, make_post):
    post = make_post(board_group.group, board_group.alice, title="原标题", body="<p>原文</p>")
    client.force_login(board_group.alice)
    response = client.post(board_group.url("edit_post", post.pk), {"title": "新标题", "body": "新的正文"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert (post.title, post.body, post.excerpt) == ("新标题", "<p>新的正文</p>", "新的正文")
    assert post.edited_at is not None
    edit = PostEdit.objects.get(post=post)
    assert (edit.title, edit.body) == ("原标题", "<p>原文</p>")


def test_edit_after_the_window_is_refused(client, board_group, make_post):
    post = make_post(
        board_group.group, board_group.alice, title="原标题", created_at=timezone.now() - timedelta(days=2)
    )
    client.force_login(board_group.alice)
    response = client.post(board_group.url("edit_post", post.pk), {"title": "改了", "body": "改了"})
    assert response.status_code == 302
    assert flashed(response) == ["You can no longer edit this post."]
    post.refresh_from_db()
    assert post.title == "原标题"
    assert not PostEdit.objects.exists()


def test_someone_else_cannot_edit_a_post(client, board_group, make_post):
    post = make_post(board_group.group, board_group.alice, title="原标题")
    client.force_login(board_group.leader)
    client.post(board_group.url("edit_post", post.pk), {"title": "组长改的", "body": "x"})
    post.refresh_from_db()
    assert post.title == "原标题"


def test_author_deletes_their_post_and_it_leaves_the_board(client, board_group, make_post):
    post = make_post(board_group.group, board_group.alice, title="要删的帖子")
    client.force_login(board_group.alice)
    response = client.post(board_group.url("delete_post", post.pk))
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.is_deleted
    assert "要删的帖子" not in client.get(board_group.url("index")).content.decode()
    assert client.get(post.get_absolute_url()).status_code == 404


def test_a_member_cannot_delete_another_members_post_but_a_leader_can(client, board_group, make_post):
    post = make_post(board_group.group, board_group.alice)
    client.force_login(board_group.bob)
    client.post(board_group.url("delete_post", post.pk))
    post.refresh_from_db()
    assert not post.is_deleted
    client.force_login(board_group.co_leader)
    client.post(board_group.url("delete_post", post.pk))
    post.refresh_from_db()
    assert post.is_deleted


def test_delete_needs_a_post_request(client, board_group, make_post):
    post = make_post(board_group.group, board_group.alice)
    client.force_login(board_group.alice)
    assert client.get(board_group.url("delete_post", post.pk)).status_code == 405


def test_pinned_posts_lead_the_first_page_only(client, board_group, make_post):
    pinned = make_post(board_group.group, board_group.leader, title="置顶公告", pinned_at=timezone.now())
    for n in range(25):
        make_post(board_group.group, board_group.alice, title=f"帖子{n:02d}")
    first = client.get(board_group.url("index"))
    html = first.content.decode()
    assert html.index("置顶公告") < html.index("帖子24")
    assert first.context["pinned"] == [pinned]
    assert len(first.context["page"].posts) == 20
    second = client.get(board_group.url("index"), {"before": first.context["page"].next_cursor})
    assert "置顶公告" not in second.content.decode()
    assert [post.title for post in second.context["page"].posts] == [f"帖子{n:02d}" for n in range(4, -1, -1)]


def test_a_broken_cursor_shows_the_first_page(client, board_group, make_post):
    make_post(board_group.group, board_group.alice, title="第一帖")
    for cursor in ("x", "1.2.3", "-5.1", "9" * 40 + ".1"):
        response = client.get(board_group.url("index"), {"before": cursor, "tag": "nope"})
        assert response.status_code == 200


def test_featured_tab_lists_featured_posts_newest_marked_first(client, board_group, make_post):
    now = timezone.now()
    older = make_post(board_group.group, board_group.alice, title="早精华", featured_at=now - timedelta(days=1))
    newer = make_post(board_group.group, board_group.bob, title="新精华", featured_at=now)
    make_post(board_group.group, board_group.bob, title="普通帖")
    response = client.get(board_group.url("featured"))
    assert list(response.context["page_obj"]) == [newer, older]
    assert "普通帖" not in response.content.decode()


def test_members_only_board_sends_visitors_to_sign_in_and_outsiders_a_403(
    client, board_group, make_post, members_only
):
    post = make_post(board_group.group, board_group.alice, title="组内讨论")
    members_only(board_group.group)
    for url in (board_group.url("index"), board_group.url("featured"), post.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(board_group.outsider)
    response = client.get(board_group.url("index"))
    assert response.status_code == 403
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "组内讨论" not in response.content.decode()
    assert "Join the group" in response.content.decode() or "join" in response.content.decode()
    client.force_login(board_group.bob)
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_open_board_is_read_by_visitors_and_indexable(client, board_group, make_post):
    post = make_post(board_group.group, board_group.alice, title="公开讨论")
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert "X-Robots-Tag" not in response
    assert "公开讨论" in client.get(board_group.url("index")).content.decode()


def test_visitors_and_outsiders_cannot_post(client, board_group):
    response = client.post(board_group.url("new_post"), {"body": "路过"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(board_group.outsider)
    response = client.post(board_group.url("new_post"), {"body": "路过"})
    assert flashed(response) == ["Only members of this group can do that."]
    assert not Post.objects.exists()


def test_muted_member_is_refused_with_the_leaders_reason(client, board_group, make_post):
    Mute.objects.create(
        group=board_group.group, member=board_group.bob, until=timezone.now() + timedelta(days=3), reason="刷屏"
    )
    client.force_login(board_group.bob)
    response = client.post(board_group.url("new_post"), {"body": "我又来了"})
    assert response.status_code == 302
    [message] = flashed(response)
    assert message.startswith("A leader muted you in this group until") and message.endswith(": 刷屏")
    assert not Post.objects.exists()


def test_archived_group_board_is_read_only(client, board_group, make_post):
    post = make_post(board_group.group, board_group.alice, title="旧帖")
    CommunityGroup.objects.filter(pk=board_group.group.pk).update(status=CommunityGroup.Status.ARCHIVED)
    client.force_login(board_group.alice)
    assert "旧帖" in client.get(board_group.url("index")).content.decode()
    response = client.post(board_group.url("new_post"), {"body": "还能发吗"})
    assert flashed(response) == ["This group is archived; its board is read-only."]
    response = client.post(board_group.url("comment", post.pk), {"body": "还能评论吗"})
    assert flashed(response)[-1] == "This group is archived; its board is read-only."
    assert Post.objects.count() == 1 and not post.comments.exists()


def test_posting_too_fast_is_rate_limited(client, board_group, settings):
    settings.COMMUNITY_RATE_LIMITS = {"board_post": "2/10m/user"}
    client.force_login(board_group.alice)
    for n in range(2):
        assert client.post(board_group.url("new_post"), {"body": f"第{n}帖"}).status_code == 302
    assert client.post(board_group.url("new_post"), {"body": "第三帖"}).status_code == 429
    assert Post.objects.count() == 2


def test_hidden_post_is_shown_to_its_author_with_the_reason_and_hidden_from_others(client, board_group, make_post):
    post = make_post(
        board_group.group, board_group.alice, title="被隐藏的帖子", hidden_at=timezone.now(), hidden_reason="广告"
    )
    assert client.get(post.get_absolute_url()).status_code == 404
    client.force_login(board_group.bob)
    assert client.get(post.get_absolute_url()).status_code == 404
    assert "被隐藏的帖子" not in client.get(board_group.url("index")).content.decode()
    client.force_login(board_group.alice)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Hidden by a leader: 广告" in page
    client.force_login(board_group.leader)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Hidden from members: 广告" in page


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_title_body_and_tag_stay_inert(client, board_group, make_tag, payload):
    tag = make_tag(board_group.group, payload[:12])
    client.force_login(board_group.alice)
    client.post(
        board_group.url("new_post"),
        {"title": payload[:80], "body": f"<p>正文{payload}</p>", "body_format": "html", "tag": tag.pk},
    )
    post = Post.objects.get()
    for url in (board_group.url("index"), post.get_absolute_url(), board_group.url("new_post")):
        assert_inert(client.get(url).content.decode())


def test_my_boards_lists_new_posts_in_my_groups_only(client, board_group, make_post):
    make_post(board_group.group, board_group.bob, title="我组里的帖子")
    make_post(
        CommunityGroupFactory(),
        board_group.bob,
        title="别的组的帖子",
    )
    assert client.get("/en/board/").status_code == 302
    client.force_login(board_group.alice)
    page = client.get("/en/board/").content.decode()
    assert "我组里的帖子" in page and "别的组的帖子" not in page
