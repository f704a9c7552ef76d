"""Share pages and posters: a PNG whose QR code opens the page with the sharer's ?ref= token (none for visitors),
drawn once and then served from the cache until the card changes; members-only posts stay hidden from outsiders;
hostile share URLs are 404s, never server errors."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from portal.accounts import referrals
from portal.board.models import BoardSettings
from tests.board.factories import PostFactory
from tests.groups.factories import CommunityGroupFactory, MemberFactory, MembershipFactory
from tests.groups.lifecycle.factories import ActivityFactory
from tests.page_factories import CoursePageFactory, EntryFactory
from website.core import sharing
from website.core.share_views import poster_key

pytestmark = pytest.mark.django_db


def poster_url(kind, pk):
    return reverse("share:poster", kwargs={"kind": kind, "pk": pk})


def page_url(kind, pk):
    return reverse("share:page", kwargs={"kind": kind, "pk": pk})


def test_a_members_poster_opens_the_group_with_their_token(client, member, read_qr):
    group = CommunityGroupFactory(name="周末徒步社")
    client.force_login(member)
    response = client.get(poster_url("group", group.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "private" in response["Cache-Control"]
    expected = f"http://testserver{group.get_absolute_url()}?ref={referrals.share_token(member)}"
    assert read_qr(response.content) == [expected]

    page = client.get(page_url("group", group.pk))
    assert page.status_code == 200
    assert page.context["share_url"] == expected
    assert poster_url("group", group.pk) in page.content.decode()


def test_a_visitors_poster_carries_no_token(client, read_qr):
    activity = ActivityFactory()
    response = client.get(poster_url("activity", activity.pk))
    assert response.status_code == 200
    assert read_qr(response.content) == [f"http://testserver{activity.get_absolute_url()}"]


def test_a_course_poster_opens_the_course(client, member, read_qr):
    course = CoursePageFactory()
    client.force_login(member)
    response = client.get(poster_url("course", course.pk))
    assert read_qr(response.content) == [f"http://testserver{course.url}?ref={referrals.share_token(member)}"]


def test_the_poster_is_drawn_once_then_served_from_the_cache_until_the_card_changes(client, member):
    group = CommunityGroupFactory(name="陶艺小组")
    client.force_login(member)
    first = client.get(poster_url("group", group.pk)).content

    request = RequestFactory().get("/", HTTP_HOST="testserver")
    request.user = member
    with translation.override("zh-hans"):
        key = poster_key(request, "group", group.pk, sharing.resolve(request, "group", group.pk))
    assert cache.get(key) == first
    # What the cache holds is what is served: the second request draws nothing.
    cache.set(key, b"cached poster")
    assert client.get(poster_url("group", group.pk)).content == b"cached poster"

    group.name = "陶艺与茶"
    group.save()
    edited = client.get(poster_url("group", group.pk)).content
    assert edited not in (first, b"cached poster") and edited.startswith(b"\x89PNG")


def test_the_browser_revalidates_with_the_etag(client):
    group = CommunityGroupFactory()
    response = client.get(poster_url("group", group.pk))
    assert {part.strip() for part in response["Cache-Control"].split(",")} == {"public", "no-cache"}
    assert response.get("X-Page-Cache") != "hit"
    again = client.get(poster_url("group", group.pk), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_a_members_only_posts_poster_is_hidden_from_outsiders(client):
    group = CommunityGroupFactory()
    BoardSettings.objects.create(group=group, visibility=BoardSettings.Visibility.MEMBERS)
    post = PostFactory(group=group)
    assert client.get(poster_url("post", post.pk)).status_code == 404
    assert client.get(page_url("post", post.pk)).status_code == 404
    client.force_login(MemberFactory())
    assert client.get(poster_url("post", post.pk)).status_code == 404
    client.force_login(MembershipFactory(group=group).member)
    assert client.get(poster_url("post", post.pk)).status_code == 200
    assert client.get(page_url("post", post.pk)).status_code == 200


def test_a_hidden_post_and_a_pending_entry_are_not_shareable_by_others(client):
    post = PostFactory(hidden_at="2026-01-01T00:00:00Z")
    assert client.get(poster_url("post", post.pk)).status_code == 404
    entry = EntryFactory(status="pending")
    assert client.get(page_url("entry", entry.pk)).status_code == 404
    client.force_login(entry.member)
    assert client.get(page_url("entry", entry.pk)).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/share/nothing/1/",
        "/share/nothing/1/poster.png",
        "/share/group/999999/",
        "/share/group/99999999999999999999999999/",
        "/share/post/9223372036854775808/poster.png",
        "/share/activity/9223372036854775807/poster.png",
        "/share/course/-1/",
        "/share/group/abc/poster.png",
        "/share/../../etc/passwd",
    ],
)
def test_hostile_share_urls_are_not_found(client, path):
    assert client.get(path).status_code == 404


def test_every_kind_the_brief_names_is_registered():
    assert set(sharing.kinds()) >= {"group", "activity", "course", "call", "showcase", "entry", "post"}


def test_drawing_posters_is_rate_limited_per_address_but_cached_ones_still_come(client, settings):
    settings.COMMUNITY_RATE_LIMITS = {"share_poster": "2/10m/ip"}
    first, second, third = CommunityGroupFactory(), CommunityGroupFactory(), CommunityGroupFactory()
    assert client.get(poster_url("group", first.pk)).status_code == 200
    assert client.get(poster_url("group", second.pk)).status_code == 200
    assert client.get(poster_url("group", third.pk)).status_code == 429
    assert client.get(poster_url("group", first.pk)).status_code == 200  # from the cache: nothing drawn
