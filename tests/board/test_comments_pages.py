"""The post page's comments a page at a time (portal/board/comment_pages.py), through the views: the pages follow
each other by their links, replies come with their thread (the first few, then the thread's own pages), a new comment
or reply lands on the page that holds it, hidden and deleted comments keep their place for who may see them, and a
malformed cursor or thread reads as the first page. Small page sizes keep the tests short; one test reads the real
sizes."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from portal.board import comment_pages
from portal.board.models import Comment

pytestmark = pytest.mark.django_db

BASE = timezone.now() - timedelta(days=1)


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(comment_pages, "PAGE_SIZE", 3)
    monkeypatch.setattr(comment_pages, "REPLIES_SHOWN", 2)


@pytest.fixture
def post(board_group, make_post):
    return make_post(board_group.group, board_group.alice, title="长楼")


@pytest.fixture
def floors(board_group, post, make_comment):
    """Seven top-level comments, a minute apart, by bob: 楼0 ... 楼6."""
    return [
        make_comment(post, board_group.bob, body=f"楼{n}", created_at=BASE + timedelta(minutes=n)) for n in range(7)
    ]


def reply(make_comment, top, author, n, **kwargs):
    return make_comment(
        top.post, author, body=f"{top.body}的回复{n}", parent=top, created_at=top.created_at + timedelta(seconds=n + 1)
    )


def shown(response):
    """The ids of the comments on the page, in page order (top-level comments followed by their replies)."""
    assert response.status_code == 200, response.status_code
    return [comment.pk for comment in response.context["comment_page"].comments]


def later_link(response):
    """The "Later comments" (or "Later replies") link of the page, as the reader would follow it."""
    found = re.search(r'<a rel="next" href="(\?[^"#]+)', response.content.decode())
    return found and found[1].replace("&amp;", "&")


def pks(comments):
    return [comment.pk for comment in comments]


def test_pages_follow_each_other_with_the_replies_of_their_comments(
    client, board_group, post, floors, make_comment, small_pages
):
    on_page_two = reply(make_comment, floors[4], board_group.alice, 0)
    url = post.get_absolute_url()
    first = client.get(url)
    assert shown(first) == pks(floors[:3])
    second = client.get(url + later_link(first))
    assert shown(second) == [floors[3].pk, floors[4].pk, on_page_two.pk, floors[5].pk]
    assert "楼4的回复0" in second.content.decode() and "楼4的回复0" not in first.content.decode()
    third = client.get(url + later_link(second))
    assert shown(third) == [floors[6].pk]
    assert later_link(third) is None
    assert "First comments" in third.content.decode()


def test_long_threads_show_their_first_replies_and_read_on_their_own_pages(
    client, board_group, post, floors, make_comment, small_pages
):
    replies = [reply(make_comment, floors[0], board_group.alice, n) for n in range(6)]
    url = post.get_absolute_url()
    first = client.get(url)
    assert shown(first)[:3] == [floors[0].pk, replies[0].pk, replies[1].pk]
    page = first.content.decode()
    assert "4 more replies" in page and "楼0的回复2" not in page
    more = re.search(r'class="board-more-replies"><a href="([^"#]+)', page)[1].replace("&amp;", "&")
    thread = client.get(more)
    assert shown(thread) == [floors[0].pk, *pks(replies[2:5])]
    assert shown(client.get(url + later_link(thread))) == [floors[0].pk, replies[5].pk]
    assert "All comments" in thread.content.decode()


def test_a_new_comment_lands_on_the_last_page_and_a_reply_on_its_threads_page(
    client, board_group, post, floors, small_pages
):
    client.force_login(board_group.alice)
    response = client.post(board_group.url("comment", post.pk), {"body": "新的一楼"})
    new = Comment.objects.get(body="新的一楼")
    assert response["Location"].endswith(f"#comment-{new.pk}")
    assert shown(client.get(response["Location"])) == [floors[6].pk, new.pk]

    response = client.post(board_group.url("comment", post.pk), {"body": "回复楼4", "parent": floors[4].pk})
    answer = Comment.objects.get(body="回复楼4")
    assert shown(client.get(response["Location"])) == [floors[3].pk, floors[4].pk, answer.pk, floors[5].pk]

    # The first top-level page keeps no cursor; a like on a comment comes back to its page too.
    response = client.post(board_group.url("comment", post.pk), {"body": "回复楼0", "parent": floors[0].pk})
    assert response["Location"] == f"{post.get_absolute_url()}#comment-{Comment.objects.latest('pk').pk}"
    response = client.post(board_group.url("like_comment", floors[5].pk))
    assert floors[5].pk in shown(client.get(response["Location"]))


def test_a_reply_beyond_the_first_shown_lands_on_the_threads_own_page(
    client, board_group, post, floors, make_comment, small_pages
):
    for n in range(4):
        reply(make_comment, floors[1], board_group.bob, n)
    client.force_login(board_group.alice)
    response = client.post(board_group.url("comment", post.pk), {"body": "第五条回复", "parent": floors[1].pk})
    fifth = Comment.objects.get(body="第五条回复")
    assert f"?thread={floors[1].pk}&after=" in response["Location"]
    page = shown(client.get(response["Location"]))
    assert page[0] == floors[1].pk and fifth.pk in page


def test_hidden_and_deleted_comments_keep_their_place_for_who_may_see_them(
    client, board_group, post, floors, make_comment, small_pages
):
    Comment.objects.filter(pk=floors[1].pk).update(hidden_at=timezone.now(), hidden_reason="跑题")
    Comment.objects.filter(pk=floors[2].pk).update(deleted_at=timezone.now())
    kept = reply(make_comment, floors[2], board_group.alice, 0)
    url = post.get_absolute_url()
    for who in (board_group.bob, board_group.leader):  # the author and a moderator see it where it was
        client.force_login(who)
        assert shown(client.get(url)) == [floors[0].pk, floors[1].pk, floors[2].pk, kept.pk]
    client.force_login(board_group.alice)  # another member: the hidden one is left out, the deleted one a placeholder
    page = client.get(url)
    assert shown(page) == [floors[0].pk, floors[2].pk, kept.pk, floors[3].pk]
    assert "This comment was deleted." in page.content.decode() and "楼1" not in page.content.decode()
    response = client.post(board_group.url("comment", post.pk), {"body": "回复楼3", "parent": floors[3].pk})
    assert floors[3].pk in shown(client.get(response["Location"]))


@pytest.mark.parametrize(
    "query",
    [
        "?after=abc",
        "?after=1.2.3",
        "?after=-5.1",
        "?after=99999999999999999999.1",
        "?after=1.%E4%B8%AD",
        "?thread=abc",
        "?thread=-1",
        "?thread=99999999999999999999999",
        "?thread=1e5&after=x",
        "?thread=",
    ],
)
def test_a_malformed_cursor_or_thread_reads_as_the_first_page(client, post, floors, small_pages, query):
    assert shown(client.get(post.get_absolute_url() + query)) == pks(floors[:3])


def test_a_thread_of_another_post_or_a_reply_is_not_a_thread_here(
    client, board_group, post, floors, make_post, make_comment, small_pages
):
    elsewhere = make_comment(make_post(board_group.group, board_group.bob), board_group.bob)
    answer = reply(make_comment, floors[0], board_group.alice, 0)
    for thread in (elsewhere, answer):
        assert shown(client.get(f"{post.get_absolute_url()}?thread={thread.pk}")) == [
            *pks(floors[:1]),
            answer.pk,
        ] + pks(floors[1:3])


def at(**delta):
    return BASE + timedelta(**delta)


def test_real_sizes_fifty_comments_a_page_and_twenty_replies_a_thread(client, board_group, post, make_comment):
    tops = Comment.objects.bulk_create(
        [
            Comment(post=post, author=board_group.bob, body=f"楼{n}", created_at=BASE + timedelta(seconds=n))
            for n in range(51)
        ]
    )
    Comment.objects.bulk_create(
        [
            Comment(
                post=post,
                author=board_group.alice,
                body=f"回复{n}",
                parent=tops[0],
                created_at=at(milliseconds=n + 1),
            )
            for n in range(25)
        ]
    )
    first = client.get(post.get_absolute_url())
    assert len(first.context["threads"]) == 50 and len(first.context["threads"][0].shown_replies) == 20
    assert "5 more replies" in first.content.decode()
    assert pks(client.get(post.get_absolute_url() + later_link(first)).context["threads"]) == [tops[50].pk]


def test_the_comment_list_shows_each_readers_own_buttons(client, board_group, post, make_comment):
    mine = make_comment(post, board_group.bob, body="我的评论")
    theirs = make_comment(post, board_group.alice, body="别人的评论")
    client.force_login(board_group.bob)
    page = client.get(post.get_absolute_url()).content.decode()
    assert board_group.url("delete_comment", mine.pk) in page
    assert board_group.url("delete_comment", theirs.pk) not in page
    assert board_group.url("report_comment", theirs.pk) in page
    assert board_group.url("report_comment", mine.pk) not in page
    assert board_group.url("like_comment", theirs.pk) in page
    assert f'for="reply-{theirs.pk}">Reply to 阿丽</label>' in page
    assert board_group.url("moderate_comment", theirs.pk) not in page
    client.force_login(board_group.leader)
    page = client.get(post.get_absolute_url()).content.decode()
    assert board_group.url("moderate_comment", theirs.pk) in page
    assert board_group.url("delete_comment", theirs.pk) in page
    assert board_group.url("report_comment", theirs.pk) not in page  # leaders hide instead of reporting
    client.logout()
    page = client.get(post.get_absolute_url()).content.decode()
    assert board_group.url("like_comment", theirs.pk) not in page and "我的评论" in page
