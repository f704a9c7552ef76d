"""Where the board shows on other apps' pages: the group page leads with pinned and latest posts, a member's profile
lists their public posts, the member dashboard lists new posts in my groups. Each reads a constant number of rows."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import User
from portal.board.sections import group_page_section
from tests.groups.factories import CommunityGroupFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# --- The group page --------------------------------------------------------------------------------------------------


def test_the_group_page_leads_with_pinned_then_the_five_latest_posts(client, board_group, make_post):
    group = board_group.group
    now = timezone.now()
    pinned = make_post(
        group, board_group.leader, title="置顶：新人必读", created_at=now - timedelta(days=9), pinned_at=now
    )
    posts = [
        make_post(group, board_group.alice, title=f"第{n}周读书笔记", created_at=now - timedelta(hours=n))
        for n in range(1, 7)
    ]
    featured = posts[0]
    featured.featured_at = now
    featured.save()

    html = page(client, group.get_absolute_url())

    assert html.index("置顶：新人必读") < html.index("第1周读书笔记") < html.index("About the group")
    assert all(f"第{n}周读书笔记" in html for n in range(1, 6))
    assert "第6周读书笔记" not in html  # the sixth newest is on the board only
    assert reverse("board:post", args=[group.slug, pinned.pk]) in html
    assert reverse("board:index", args=[group.slug]) in html
    assert reverse("board:featured", args=[group.slug]) in html
    assert posts[5].pk  # made


def test_hidden_and_deleted_posts_never_show_on_the_group_page(client, board_group, make_post):
    group = board_group.group
    make_post(group, board_group.alice, title="被隐藏的帖子", hidden_at=timezone.now(), hidden_reason="广告")
    make_post(group, board_group.bob, title="作者删掉的帖子", deleted_at=timezone.now())
    client.force_login(board_group.leader)

    html = page(client, group.get_absolute_url())

    assert "被隐藏的帖子" not in html
    assert "作者删掉的帖子" not in html
    assert "Nobody has posted on the board yet." in html


def test_a_members_only_board_shows_a_note_to_visitors_and_non_members_and_its_posts_to_members(
    client, board_group, make_post, members_only
):
    group = board_group.group
    members_only(group)
    make_post(group, board_group.alice, title="只给组员看的帖子")

    for who in (None, board_group.outsider):
        if who is not None:
            client.force_login(who)
        html = page(client, group.get_absolute_url())
        assert "只给组员看的帖子" not in html
        assert "Only members of this group can read its board." in html
        assert reverse("board:index", args=[group.slug]) not in html

    client.force_login(board_group.bob)
    html = page(client, group.get_absolute_url())
    assert "只给组员看的帖子" in html
    assert reverse("board:new_post", args=[group.slug]) in html


def test_the_group_page_offers_members_a_post_link_and_visitors_none(client, board_group):
    group = board_group.group
    new_post = reverse("board:new_post", args=[group.slug])

    assert new_post not in page(client, group.get_absolute_url())
    client.force_login(board_group.alice)
    assert new_post in page(client, group.get_absolute_url())


@pytest.mark.parametrize("as_member", [True, False])
def test_the_group_page_section_costs_the_same_for_5_and_50_posts(board_group, make_post, as_member):
    group = board_group.group
    request = RequestFactory().get("/")
    request.user = board_group.alice if as_member else board_group.outsider

    def count():
        fresh = type(group).objects.get(pk=group.pk)
        with CaptureQueriesContext(connection) as queries:
            html = group_page_section(request, fresh, as_member)
        assert "讨论帖" in html
        return len(queries)

    for _ in range(5):
        make_post(group, board_group.bob)
    make_post(group, board_group.leader, pinned_at=timezone.now())
    at_5 = count()
    for _ in range(45):
        make_post(group, board_group.bob)
    at_50 = count()

    assert at_5 == at_50 == (1 if as_member else 2)


# --- The profile -----------------------------------------------------------------------------------------------------


def test_a_profile_lists_the_member_s_public_posts_only(client, board_group, make_post, members_only):
    alice = board_group.alice
    secret = CommunityGroupFactory(name="私密小组")
    MembershipFactory(group=secret, member=alice)
    members_only(secret)
    make_post(board_group.group, alice, title="公开的读书笔记")
    make_post(board_group.group, alice, title="被组长隐藏", hidden_at=timezone.now())
    make_post(board_group.group, alice, title="自己删掉的", deleted_at=timezone.now())
    make_post(secret, alice, title="私密小组里的帖子")
    make_post(board_group.group, board_group.bob, title="别人的帖子")
    client.force_login(board_group.outsider)

    html = page(client, reverse("accounts:profile", args=[alice.pk]))

    assert "公开的读书笔记" in html
    assert "Posts in groups" in html
    for absent in ("被组长隐藏", "自己删掉的", "私密小组里的帖子", "别人的帖子"):
        assert absent not in html, absent


def test_a_profile_lists_the_newest_ten_posts(client, board_group, make_post):
    now = timezone.now()
    for n in range(12):
        make_post(board_group.group, board_group.alice, title=f"笔记编号{n:02d}", created_at=now - timedelta(hours=n))
    client.force_login(board_group.bob)

    html = page(client, reverse("accounts:profile", args=[board_group.alice.pk]))

    assert "笔记编号00" in html and "笔记编号09" in html
    assert "笔记编号10" not in html and "笔记编号11" not in html


def test_a_profile_without_public_posts_has_no_posts_section(client, board_group):
    client.force_login(board_group.bob)
    assert "Posts in groups" not in page(client, reverse("accounts:profile", args=[board_group.alice.pk]))


def test_a_private_profile_stays_private_whatever_the_member_posted(client, board_group, make_post):
    alice = board_group.alice
    User.objects.filter(pk=alice.pk).update(profile_visibility=User.Visibility.PRIVATE)
    make_post(board_group.group, alice, title="公开的读书笔记")
    client.force_login(board_group.bob)

    response = client.get(reverse("accounts:profile", args=[alice.pk]))

    assert response.status_code == 404
    assert "公开的读书笔记" not in response.content.decode()


# --- The member dashboard --------------------------------------------------------------------------------------------


def test_the_dashboard_lists_new_posts_in_my_groups(client, board_group, make_post, members_only):
    group = board_group.group
    members_only(group)  # a member reads their group's board whatever the setting
    elsewhere = CommunityGroupFactory(name="别的小组")
    now = timezone.now()
    make_post(group, board_group.bob, title="本周共读安排", created_at=now - timedelta(hours=1))
    make_post(group, board_group.alice, title="我自己写的帖子")
    make_post(group, board_group.bob, title="被隐藏的帖子", hidden_at=now)
    make_post(group, board_group.bob, title="两个月前的帖子", created_at=now - timedelta(days=60))
    make_post(elsewhere, board_group.outsider, title="别的小组的帖子")
    client.force_login(board_group.alice)

    html = page(client, reverse("accounts:dashboard"))

    assert "New posts in my groups" in html
    assert "本周共读安排" in html
    assert reverse("board:mine") in html
    for absent in ("我自己写的帖子", "被隐藏的帖子", "两个月前的帖子", "别的小组的帖子"):
        assert absent not in html, absent


def test_the_dashboard_panel_lists_the_eight_newest_in_one_query(board_group, make_post):
    from portal.board.dashboard import new_posts_in_my_groups

    other = CommunityGroupFactory()
    MembershipFactory(group=other, member=board_group.alice)
    now = timezone.now()
    for n in range(6):
        make_post(board_group.group, board_group.bob, title=f"甲{n}", created_at=now - timedelta(hours=2 * n))
        make_post(other, board_group.outsider, title=f"乙{n}", created_at=now - timedelta(hours=2 * n + 1))

    with CaptureQueriesContext(connection) as queries:
        posts = new_posts_in_my_groups(board_group.alice)
        titles = [(post.title, post.group.name, str(post.author)) for post in posts]

    assert len(queries) == 1
    assert [title for title, _group, _author in titles] == ["甲0", "乙0", "甲1", "乙1", "甲2", "乙2", "甲3", "乙3"]
