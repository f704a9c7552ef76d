"""Hidden and deleted content, surface by surface: a post or comment a leader hid is read by its author (with the
reason), the group's leader and co-leader and staff, and by no other member; deleted content by nobody. A post's
earlier versions are for the leaders and staff only."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.board.models import Comment
from portal.board.services import moderation
from portal.board.services import posts as post_services
from portal.board.services.checkins import check_in, hide_check_in, open_topic
from tests.utils import upload

pytestmark = pytest.mark.django_db

SECRET = "被隐藏的松鼠帖"
REASON = "含有广告链接"


def post_path(board_group, post):
    """The post's address without the language prefix, as every page links it."""
    return f"/board/{board_group.group.slug}/posts/{post.pk}/"


@pytest.fixture
def hidden(board_group, viewer, png_bytes, make_comment):
    """alice's post with an image and bob's comment, hidden by the leader with a reason."""
    group = board_group.group
    post = post_services.create_post(
        viewer(group, board_group.alice),
        title=SECRET,
        body="<p>正文</p>",
        images=[upload("squirrel.png", png_bytes((40, 30)))],
    )
    thread = make_comment(post, board_group.bob, body="松鼠评论")
    moderation.feature_post(viewer(group, board_group.leader), post)
    moderation.hide_post(viewer(group, board_group.leader), post, REASON)
    post.refresh_from_db()
    return {"post": post, "thread": thread}


def test_only_its_author_the_leaders_and_staff_open_a_hidden_post_and_its_image(
    client, board_group, hidden, staff_user
):
    post = hidden["post"]
    image = post.images.get().image.url
    urls = [
        board_group.url("post", post.pk),
        f"{board_group.url('post', post.pk)}?thread={hidden['thread'].pk}",
        image,
    ]
    for person in (board_group.alice, board_group.leader, board_group.co_leader, staff_user):
        client.force_login(person)
        for url in urls:
            assert client.get(url).status_code == 200, (person, url)
    client.force_login(board_group.alice)
    assert REASON in client.get(urls[0]).content.decode()
    for person in (board_group.bob, board_group.outsider, None):
        client.logout()
        if person is not None:
            client.force_login(person)
        for url in [*urls, reverse("share:page", kwargs={"kind": "post", "pk": post.pk})]:
            response = client.get(url)
            assert response.status_code == 404, (person, url)
            assert SECRET not in response.content.decode(errors="replace")


def test_a_hidden_post_is_listed_nowhere_for_other_members(client, board_group, hidden):
    link = post_path(board_group, hidden["post"])
    client.force_login(board_group.bob)
    for url in (
        board_group.url("index"),
        board_group.url("featured"),
        reverse("board:mine"),
        reverse("accounts:dashboard"),
        board_group.group.get_absolute_url(),
        reverse("accounts:profile", args=[board_group.alice.pk]),
        f"{reverse('search')}?q=松鼠",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert link not in response.content.decode(), url


def test_the_author_and_the_co_leader_find_the_hidden_post_on_the_board(client, board_group, hidden):
    link = post_path(board_group, hidden["post"])
    for person in (board_group.alice, board_group.co_leader):
        client.force_login(person)
        for url in (board_group.url("index"), board_group.url("featured")):
            assert link in client.get(url).content.decode(), (person, url)


def test_other_members_cannot_act_on_a_hidden_post_or_its_comments(client, board_group, hidden):
    post, thread = hidden["post"], hidden["thread"]
    client.force_login(board_group.bob)
    for url, data in (
        (board_group.url("comment", post.pk), {"body": "还在吗"}),
        (board_group.url("like_post", post.pk), {}),
        (board_group.url("like_comment", thread.pk), {}),
        (board_group.url("report_post", post.pk), {}),
        (board_group.url("report_comment", thread.pk), {}),
    ):
        assert client.post(url, data).status_code == 404, url
    assert not Comment.objects.filter(body="还在吗").exists()


def test_a_reply_to_a_hidden_comment_is_refused_to_other_members(client, board_group, make_post, make_comment, viewer):
    post = make_post(board_group.group, board_group.alice, title="公开帖")
    secret = make_comment(post, board_group.alice, body="不该看到的评论")
    moderation.hide_comment(viewer(board_group.group, board_group.leader), secret, REASON)
    client.force_login(board_group.bob)
    client.post(board_group.url("comment", post.pk), {"body": "回复隐藏的评论", "parent": secret.pk})
    assert not Comment.objects.filter(body="回复隐藏的评论").exists()


def test_comment_counts_leave_hidden_comments_out(client, board_group, make_post, make_comment, viewer):
    post = make_post(board_group.group, board_group.alice, title="计数帖")
    make_comment(post, board_group.bob, body="看得见")
    secret = make_comment(post, board_group.bob, body="看不见")
    moderation.hide_comment(viewer(board_group.group, board_group.leader), secret, REASON)
    client.force_login(board_group.outsider)
    for url in (board_group.url("post", post.pk), board_group.url("index"), board_group.group.get_absolute_url()):
        body = client.get(url).content.decode()
        assert "1 comment" in body and "2 comments" not in body, url


def test_earlier_versions_are_for_the_leaders_and_staff_only(client, board_group, make_post, viewer, staff_user):
    post = make_post(board_group.group, board_group.alice, title="初稿")
    post_services.edit_post(viewer(board_group.group, board_group.alice), post, title="改稿", body="<p>新的</p>")
    url = board_group.url("post_history", post.pk)
    for person in (board_group.leader, board_group.co_leader, staff_user):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200 and "初稿" in response.content.decode(), person
    for person in (board_group.alice, board_group.bob, board_group.outsider):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code in (403, 404) and "初稿" not in response.content.decode(), person
        assert url not in client.get(post.get_absolute_url()).content.decode(), person
    client.logout()
    assert client.get(url).status_code == 302


def test_a_deleted_post_is_gone_for_everyone_but_the_moderation_log(client, board_group, hidden, viewer, staff_user):
    post = hidden["post"]
    moderation_viewer = viewer(board_group.group, board_group.leader)
    post_services.delete_post(moderation_viewer, post)
    image = post.images.get().image.url
    link = post_path(board_group, post)
    for person in (board_group.alice, board_group.bob, board_group.leader, staff_user):
        client.force_login(person)
        assert client.get(board_group.url("post", post.pk)).status_code == 404, person
        assert client.get(board_group.url("post_history", post.pk)).status_code in (403, 404), person
        assert link not in client.get(board_group.url("index")).content.decode(), person
    for person in (board_group.alice, board_group.bob, board_group.leader):
        client.force_login(person)
        assert client.get(image).status_code == 404, person
    client.force_login(board_group.leader)
    assert SECRET in client.get(board_group.url("log")).content.decode()


def test_a_topic_s_check_in_count_leaves_hidden_check_ins_out(client, board_group, viewer):
    group, today = board_group.group, timezone.localdate()
    leader = viewer(group, board_group.leader)
    post = open_topic(
        leader, title="晨读打卡", body="<p>x</p>", cadence="daily", starts_on=today, ends_on=today + timedelta(days=5)
    )
    check_in(viewer(group, board_group.alice), post.check_in_topic, body="读了十页")
    entry = check_in(viewer(group, board_group.bob), post.check_in_topic, body="广告")
    hide_check_in(leader, entry, REASON)
    client.force_login(board_group.outsider)
    body = client.get(board_group.url("index")).content.decode()
    assert "1 check-in" in body and "2 check-ins" not in body
