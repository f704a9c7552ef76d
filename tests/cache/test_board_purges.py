"""The board's anonymous pages and the group page are served from the page cache and cleared at once by every change
they show (portal/board/signals.py): anonymous GET (miss), GET (hit), the change through the real service, and the
next anonymous GET renders afresh, in both languages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from portal.board.models import BoardSettings
from portal.board.services import board_settings, checkins, likes, moderation, posts
from portal.board.services.common import viewer_for
from tests.cache.conftest import state
from tests.groups.factories import MemberFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def warm(anon, *urls):
    """Fill the cache with each page; a post page carrying a form (a CSRF token) is never stored, which is fine."""
    for url in urls:
        if state(anon(url)) is not None:
            assert state(anon(url)) == "hit", url


def fresh(anon, url):
    response = anon(url)
    assert response.status_code == 200, url
    assert state(response) != "hit", f"{url} still served from the cache"
    return response.content.decode()


def board_url(group, name, *args, language="zh-hans"):
    with translation.override(language):
        return reverse(f"board:{name}", args=[group.slug, *args])


@pytest.fixture
def writer(group):
    member = MemberFactory(display_name="书友阿梅")
    MembershipFactory(group=group, member=member)
    return member


@pytest.fixture
def first_post(group, writer):
    return posts.create_post(
        viewer_for(group, writer), title="第一次读书会的笔记", body="<p>读了《额尔古纳河右岸》。</p>"
    )


def test_a_new_post_shows_at_once_on_the_board_in_both_languages_and_on_the_group_page(anon, group, writer):
    urls = [board_url(group, "index"), board_url(group, "index", language="en"), group.get_absolute_url()]
    warm(anon, *urls)

    posts.create_post(viewer_for(group, writer), title="周六去西湖边读书", body="<p>带上自己喜欢的书。</p>")

    for url in urls:
        assert "周六去西湖边读书" in fresh(anon, url), url


def test_a_board_switched_to_members_only_is_no_longer_served_from_the_cache(anon, group, leader, first_post):
    urls = [board_url(group, "index"), board_url(group, "featured"), board_url(group, "post", first_post.pk)]
    warm(anon, *urls, group.get_absolute_url())
    assert state(anon(board_url(group, "index"))) == "hit"  # the board's lists are cached for visitors

    board_settings.set_visibility(viewer_for(group, leader), BoardSettings.Visibility.MEMBERS)

    for url in urls:
        response = anon(url)
        assert state(response) != "hit", url
        assert response.status_code != 200, url  # visitors are sent to sign in
        assert "第一次读书会的笔记" not in response.content.decode()
    html = fresh(anon, group.get_absolute_url())
    assert "第一次读书会的笔记" not in html
    assert board_url(group, "index") not in html  # the section's note replaces the links


def test_saving_the_same_visibility_again_purges_only_the_board(anon, group, leader, first_post):
    board_settings.set_visibility(viewer_for(group, leader), BoardSettings.Visibility.EVERYONE)
    warm(anon, board_url(group, "index"), "/groups/")

    board_settings.set_visibility(viewer_for(group, leader), BoardSettings.Visibility.EVERYONE)

    fresh(anon, board_url(group, "index"))
    assert state(anon("/groups/")) == "hit"  # the rest of the site keeps its cached pages


def test_a_comment_and_a_like_clear_the_post_page_and_the_board(anon, group, writer, leader, first_post):
    post_url = board_url(group, "post", first_post.pk)
    warm(anon, post_url, board_url(group, "index"))

    posts.add_comment(viewer_for(group, leader), first_post, body="写得真好，下次一起去！")

    assert "写得真好，下次一起去！" in fresh(anon, post_url)
    fresh(anon, board_url(group, "index"))
    warm(anon, post_url)

    likes.set_post_like(viewer_for(group, leader), first_post, True)

    fresh(anon, post_url)


def test_pinning_featuring_and_hiding_clear_the_board_the_featured_tab_and_the_group_page(
    anon, group, leader, first_post
):
    urls = [board_url(group, "index"), board_url(group, "featured"), group.get_absolute_url()]
    warm(anon, *urls)

    moderation.feature_post(viewer_for(group, leader), first_post)

    assert "第一次读书会的笔记" in fresh(anon, board_url(group, "featured"))
    warm(anon, *urls)

    moderation.hide_post(viewer_for(group, leader), first_post, "内容重复")

    for url in urls:
        assert "第一次读书会的笔记" not in fresh(anon, url), url


def test_a_tag_change_clears_the_board(anon, group, leader, first_post):
    warm(anon, board_url(group, "index"))

    board_settings.add_tag(viewer_for(group, leader), "共读")

    assert "共读" in fresh(anon, board_url(group, "index"))


def test_a_check_in_clears_its_topic_page(anon, group, leader, writer):
    today = timezone.localdate()
    topic_post = checkins.open_topic(
        viewer_for(group, leader),
        title="每日读书打卡",
        body="<p>每天读二十页。</p>",
        cadence="daily",
        ends_on=today + timedelta(days=6),
    )
    url = board_url(group, "post", topic_post.pk)
    warm(anon, url)

    checkins.check_in(viewer_for(group, writer), topic_post.check_in_topic, body="今天读完了第三章")

    fresh(anon, url)


def test_an_author_s_deletion_clears_the_board_at_once(anon, group, writer, first_post):
    urls = [board_url(group, "index"), group.get_absolute_url()]
    warm(anon, *urls)

    posts.delete_post(viewer_for(group, writer), first_post)

    for url in urls:
        assert "第一次读书会的笔记" not in fresh(anon, url), url
