"""Query budgets of the board's read pages: the first page, the 精华 tab and a post with 200 comments (replies and
likes) each cost at most 12 queries, and the same number for 10 posts as for 1,000, for members and visitors."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from portal.board.models import Comment, CommentLike, Post, PostLike
from tests.groups.factories import CommunityGroupFactory, MemberFactory, MembershipFactory

pytestmark = pytest.mark.django_db

BUDGET = 12


@pytest.fixture
def community(db):
    leader = MemberFactory(display_name="组长")
    group = CommunityGroupFactory(leader=leader)
    members = [MembershipFactory(group=group, member=MemberFactory(display_name=f"成员{n}")).member for n in range(5)]
    return group, leader, members


def add_posts(group, authors, count, *, start=0):
    now = timezone.now()
    posts = [
        Post(
            group=group,
            author=authors[n % len(authors)],
            title=f"帖子{n}",
            body=f"<p>正文{n}</p>",
            excerpt=f"正文{n}",
            created_at=now - timedelta(minutes=n),
            pinned_at=now if n < 2 else None,
            featured_at=now - timedelta(minutes=n) if n % 3 == 0 else None,
            comment_count=n % 5,
            like_count=n % 7,
        )
        for n in range(start, start + count)
    ]
    return Post.objects.bulk_create(posts)


def add_comments(post, members, count):
    now = timezone.now()
    tops = Comment.objects.bulk_create(
        [
            Comment(post=post, author=members[n % len(members)], body=f"评论 @成员{n % 5}", created_at=now)
            for n in range(count // 2)
        ]
    )
    replies = Comment.objects.bulk_create(
        [
            Comment(post=post, author=members[n % len(members)], parent=tops[n], body=f"回复{n}", created_at=now)
            for n in range(count - count // 2)
        ]
    )
    comments = tops + replies
    CommentLike.objects.bulk_create(
        [CommentLike(comment=comment, member=member) for comment in comments[:50] for member in members[:3]]
    )
    PostLike.objects.bulk_create([PostLike(post=post, member=member) for member in members])
    Post.objects.filter(pk=post.pk).update(comment_count=count)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(queries)


def urls(group, post):
    with translation.override("zh-hans"):
        return {
            "board": reverse("board:index", args=[group.slug]),
            "featured": reverse("board:featured", args=[group.slug]),
            "post": reverse("board:post", args=[group.slug, post.pk]),
        }


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "member"])
def test_board_pages_cost_the_same_for_10_and_1000_posts(client, community, signed_in):
    group, leader, members = community
    authors = [leader, *members]
    add_posts(group, authors, 10)
    post = Post.objects.filter(group=group).order_by("-created_at").last()
    add_comments(post, authors, 200)
    if signed_in:
        client.force_login(members[0])
    pages = urls(group, post)
    for url in pages.values():  # warm the process (site settings, translations, templates)
        client.get(url)
    small = {name: count_queries(client, url) for name, url in pages.items()}
    add_posts(group, authors, 990, start=10)
    large = {name: count_queries(client, url) for name, url in pages.items()}
    assert small == large, (small, large)
    assert max(large.values()) <= BUDGET, large


@pytest.mark.parametrize("reader", ["visitor", "member", "leader"])
def test_post_page_costs_the_same_for_20_and_200_comments(client, community, reader):
    """The post page paginates its comments in SQL (a page of top-level comments, then the first replies of exactly
    those): 200 comments cost the queries 20 do, for a visitor, a member who liked some and a leader."""
    group, leader, members = community
    authors = [leader, *members]
    [small_post, large_post] = add_posts(group, authors, 2)
    add_comments(small_post, authors, 20)
    add_comments(large_post, authors, 200)
    if reader != "visitor":
        client.force_login(leader if reader == "leader" else members[0])
    small_url, large_url = urls(group, small_post)["post"], urls(group, large_post)["post"]
    client.get(small_url)  # warm the process
    small, large = count_queries(client, small_url), count_queries(client, large_url)
    assert small == large, (small, large)
    assert large <= BUDGET, large
    assert len(client.get(large_url).context["comment_page"].comments) == 100  # 50 comments and their replies
