"""A members-only board, read by everyone who is not (or no longer) a member: a visitor, a signed-in outsider, and
members who left, were removed or were banned. None of them reads a post, a topic, a comment page, the 精华 tab, an
image, a share page or poster, the post in site search, on "my boards" or the dashboard; a member does, until the
moment they leave. Switching an open board to members-only takes its already indexed posts out of search."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.board.models import BoardSettings
from portal.board.services import posts as post_services
from portal.board.services.checkins import check_in, open_topic
from portal.groups import services as group_services
from portal.groups.models import Membership
from tests.utils import upload

pytestmark = pytest.mark.django_db

SECRET = "组内暗号松果"


@pytest.fixture
def closed(board_group, viewer, members_only, png_bytes, make_comment):
    """A members-only board with alice's post (an image, a comment thread) and a check-in topic."""
    group = board_group.group
    members_only(group)
    post = post_services.create_post(
        viewer(group, board_group.alice),
        title=SECRET,
        body=f"<p>{SECRET}的正文</p>",
        images=[upload("pine.png", png_bytes((40, 30)))],
    )
    top = make_comment(post, board_group.bob, body="第一条评论")
    make_comment(post, board_group.leader, body="回复", parent=top)
    today = timezone.localdate()
    topic = open_topic(
        viewer(group, board_group.leader),
        title="组内打卡松果",
        body="<p>每天一次</p>",
        cadence="daily",
        starts_on=today,
        ends_on=today + timedelta(days=10),
        today=today,
    )
    post_services.create_post(viewer(group, board_group.leader), title="置顶松果", body="<p>x</p>")
    return {"post": post, "thread": top, "topic": topic}


def reading_urls(board_group, closed):
    post = closed["post"]
    return [
        board_group.url("index"),
        board_group.url("featured"),
        board_group.url("post", post.pk),
        f"{board_group.url('post', post.pk)}?thread={closed['thread'].pk}",
        board_group.url("post", closed["topic"].pk),
        board_group.url("report_post", post.pk),
        reverse("share:page", kwargs={"kind": "post", "pk": post.pk}),
        reverse("share:poster", kwargs={"kind": "post", "pk": post.pk}),
        post.images.get().image.url,
    ]


def post_path(board_group, post):
    """The post's address without the language prefix, as every page links it."""
    return f"/board/{board_group.group.slug}/posts/{post.pk}/"


def _end(board_group, how):
    group = board_group.group
    if how == "left":
        group_services.leave_group(group, board_group.bob)
    else:
        actor = Membership.objects.get(group=group, member=board_group.leader)
        group_services.remove_member(group, actor, board_group.bob.pk, ban=how == "banned")


def assert_closed(client, board_group, closed, who):
    for url in reading_urls(board_group, closed):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), (who, url, response.status_code)
        if response.status_code == 302:
            assert "/accounts/login/" in response["Location"], (who, url)
        body = response.content.decode(errors="replace")
        assert SECRET not in body and "松果" not in body, (who, url)


def test_a_member_reads_every_surface_of_the_board(client, board_group, closed):
    client.force_login(board_group.bob)
    for url in reading_urls(board_group, closed):
        assert client.get(url).status_code == 200, url


def test_a_visitor_reads_nothing_of_a_members_only_board(client, board_group, closed):
    assert_closed(client, board_group, closed, "visitor")


def test_an_outsider_reads_nothing_of_a_members_only_board(client, board_group, closed):
    client.force_login(board_group.outsider)
    assert_closed(client, board_group, closed, "outsider")


@pytest.mark.parametrize("how", ["left", "removed", "banned"])
def test_a_member_who_left_or_was_removed_loses_the_board_at_once(client, board_group, closed, how):
    client.force_login(board_group.bob)
    assert client.get(board_group.url("post", closed["post"].pk)).status_code == 200
    _end(board_group, how)
    assert_closed(client, board_group, closed, how)


@pytest.mark.parametrize("how", ["left", "removed", "banned"])
def test_a_former_member_no_longer_finds_the_posts_anywhere_they_were_listed(client, board_group, closed, how):
    client.force_login(board_group.bob)
    link = post_path(board_group, closed["post"])
    listed = [reverse("board:mine"), reverse("accounts:dashboard"), f"{reverse('search')}?q={SECRET}"]
    for url in listed:
        assert link in client.get(url).content.decode(), url
    _end(board_group, how)
    for url in listed:
        response = client.get(url)
        assert response.status_code == 200, url
        assert link not in response.content.decode(), url


def test_visitors_outsiders_and_search_engines_never_find_a_members_only_post(client, board_group, closed):
    link = post_path(board_group, closed["post"])
    author_profile = reverse("accounts:profile", args=[board_group.alice.pk])
    for who in (None, board_group.outsider):
        if who is not None:
            client.force_login(who)
        for url in (f"{reverse('search')}?q={SECRET}", "/sitemap.xml", board_group.group.get_absolute_url()):
            response = client.get(url)
            assert response.status_code == 200, url
            assert link not in response.content.decode(), (who, url)
        response = client.get(author_profile)
        assert link not in response.content.decode() and SECRET not in response.content.decode()


def test_switching_an_open_board_to_members_only_takes_its_indexed_posts_out_of_search(client, board_group, viewer):
    group = board_group.group
    post = post_services.create_post(viewer(group, board_group.alice), title="公开转私密松果", body="<p>正文</p>")
    link = post_path(board_group, post)
    query = f"{reverse('search')}?q=松果"
    assert link in client.get(query).content.decode()
    client.force_login(board_group.leader)
    response = client.post(board_group.url("settings"), {"action": "visibility", "visibility": "members"})
    assert response.status_code == 302
    assert BoardSettings.objects.get(group=group).members_only
    client.logout()
    assert link not in client.get(query).content.decode()
    client.force_login(board_group.outsider)
    assert link not in client.get(query).content.decode()
    client.force_login(board_group.bob)
    assert link in client.get(query).content.decode()


def test_a_members_only_post_shares_no_title_or_image_even_to_members(client, board_group, closed):
    client.force_login(board_group.bob)
    body = client.get(board_group.url("post", closed["post"].pk)).content.decode()
    og = "\n".join(line for line in body.splitlines() if 'property="og:' in line or 'name="twitter:' in line)
    assert og and SECRET not in og
    assert "private-media" not in og


def test_a_check_in_of_a_members_only_board_is_not_there_for_outsiders_acting_on_it(
    client, board_group, closed, viewer
):
    entry = check_in(viewer(board_group.group, board_group.bob), closed["topic"].check_in_topic, body="今日松果")
    client.force_login(board_group.outsider)
    for name, data in (("review_check_in", {"comment": "看看"}), ("moderate_check_in", {"action": "hide"})):
        assert client.post(board_group.url(name, entry.pk), data).status_code == 404, name
