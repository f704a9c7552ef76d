"""Share cards in chats and feeds: a group, an activity, a course, a showcase entry and a board post carry their own
title, description and a real image (an absolute http(s) URL, not the logo fallback); a members-only board's post
shares the site's name only."""

import re

import pytest
import wagtail_factories

from portal.board.models import BoardSettings, PostImage
from portal.groups.models import ActivityPhoto
from tests.board.factories import PostFactory
from tests.groups.factories import CommunityGroupFactory, MemberFactory, MembershipFactory
from tests.groups.lifecycle.factories import ActivityFactory
from tests.page_factories import CoursePageFactory, EntryFactory, ShowcasePageFactory

pytestmark = pytest.mark.django_db

LOGO = "apple-touch-icon"


def meta(html, prop):
    match = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"', html)
    return match.group(1) if match else None


def card(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    return {name: meta(html, f"og:{name}") for name in ("title", "description", "image")}


def assert_real_image(url, fragment):
    assert re.match(r"^https?://testserver/", url), url
    assert LOGO not in url and fragment in url, url


def test_a_group_shares_its_name_summary_and_cover(client, image_file):
    group = CommunityGroupFactory(name="西湖读书会", summary="每周六一起读书。")
    group.cover.save("west-lake.png", image_file())
    shared = card(client, group.get_absolute_url())
    assert shared["title"] == "西湖读书会" and shared["description"] == "每周六一起读书。"
    assert_real_image(shared["image"], "groups/covers/")


def test_an_activity_shares_its_own_photo_or_else_its_groups_cover(client, image_file):
    group = CommunityGroupFactory()
    group.cover.save("group.png", image_file())
    activity = ActivityFactory(group=group, title="湖边夜读", description="带上一本诗集。")
    shared = card(client, activity.get_absolute_url())
    assert shared["title"] == "湖边夜读" and shared["description"] == "带上一本诗集。"
    assert_real_image(shared["image"], "groups/covers/")

    ActivityPhoto.objects.create(activity=activity, image=image_file("night.png"))
    assert_real_image(card(client, activity.get_absolute_url())["image"], f"groups/activities/{activity.pk}/")


def test_a_course_shares_its_cover_as_an_absolute_rendition(client):
    course = CoursePageFactory(title="写影评", summary="四周写出第一篇。", cover=wagtail_factories.ImageFactory())
    shared = card(client, course.url)
    assert shared["title"] == "写影评" and shared["description"] == "四周写出第一篇。"
    assert_real_image(shared["image"], "fill-1200x630")


def test_an_entry_shares_its_first_photo_once_public(client, image_file):
    showcase = ShowcasePageFactory(cover=wagtail_factories.ImageFactory())
    entry = EntryFactory(showcase=showcase, title="陶土小碗", status="approved")
    photo = entry.images.create(image=image_file("bowl.png"))
    shared = card(client, entry.get_absolute_url())
    assert shared["title"] == "陶土小碗"
    assert_real_image(shared["image"], photo.image.url)


def test_a_public_board_post_shares_its_first_image(client, image_file):
    post = PostFactory(title="第一次拉坯")
    photo = PostImage.objects.create(post=post, image=image_file("wheel.png"))
    shared = card(client, post.get_absolute_url())
    assert shared["title"] == "第一次拉坯"
    assert_real_image(shared["image"], photo.image.url)


def test_a_members_only_board_post_shares_the_site_name_only(client):
    group = CommunityGroupFactory()
    BoardSettings.objects.create(group=group, visibility=BoardSettings.Visibility.MEMBERS)
    post = PostFactory(group=group, title="只给成员看的帖子")
    reader = MembershipFactory(group=group, member=MemberFactory()).member
    client.force_login(reader)
    shared = card(client, post.get_absolute_url())
    assert "只给成员看的帖子" not in (shared["title"] or "") + (shared["description"] or "")
    assert LOGO in shared["image"]
