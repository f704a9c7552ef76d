"""The full-page cache for anonymous visitors: what is served from it, what never is, its headers, gzip, purges."""

import gzip

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from tests.cache.conftest import state
from tests.factories import PageFactory
from tests.page_factories import CoursePageFactory, EntryFactory, ShowcasePageFactory
from website.core.page_cache import PageCacheBackend, purge_paths

pytestmark = pytest.mark.django_db


def assert_cached(anon, url, **extra):
    first = anon(url, **extra)
    assert first.status_code == 200, url
    assert state(first) == "miss", url
    second = anon(url, **extra)
    assert state(second) == "hit", url
    assert second.content == first.content, url
    return first, second


def test_public_pages_are_served_from_the_cache_the_second_time(anon, group, home_page):
    course = CoursePageFactory(title="陶艺入门")
    showcase = ShowcasePageFactory(title="秋天的面包")
    entry = EntryFactory(showcase=showcase, status="approved")
    for url in [
        "/",
        "/en/",
        "/groups/",
        "/en/groups/",
        group.get_absolute_url(),
        "/activities/",
        "/en/activities/",
        course.get_parent().url,
        course.url,
        showcase.url,
        f"{showcase.url}entries/{entry.pk}/",
    ]:
        assert_cached(anon, url)


def test_anonymous_pages_say_public_with_the_proxy_lifetime(anon, home_page, settings):
    settings.PAGE_CACHE_PROXY_SECONDS = 45
    miss, hit = assert_cached(anon, "/")
    for response in (miss, hit):
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert directives == {"public", "max-age=45"}
        assert "Cookie" in response["Vary"]
        # The outer security headers are on hits too.
        assert response["Content-Security-Policy"]
        assert response["Permissions-Policy"]


def test_a_signed_in_member_never_gets_or_fills_the_cache(client, member, group):
    url = group.get_absolute_url()
    anonymous = Client().get(url)
    assert state(anonymous) == "miss"
    client.force_login(member)
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert state(response) is None
        assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]
        assert member.display_name.encode() in response.content
    assert state(Client().get(url)) == "hit"


def test_a_messages_cookie_bypasses_the_cache(anon, home_page):
    assert_cached(anon, "/")
    visitor = Client()
    visitor.cookies["messages"] = "something-flashed"
    assert state(visitor.get("/")) is None


def test_a_page_with_a_csrf_form_is_never_cached(anon, home_page):
    """A password-restricted page answers with its password form (a CSRF token): rendered each time, never stored."""
    page = PageFactory(parent=home_page, title="内部资料", slug="internal")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="x")
    for _ in range(2):
        response = anon(page.url)
        assert response.status_code == 200
        assert b"csrfmiddlewaretoken" in response.content
        assert state(response) is None


def test_a_restricted_page_is_never_cached(anon, home_page):
    page = PageFactory(parent=home_page, title="成员专区", slug="members-only")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    for _ in range(2):
        response = anon(page.url)
        assert response.status_code == 302
        assert state(response) is None


def test_a_preview_is_never_cached(client, staff_user, home_page):
    client.force_login(staff_user)
    response = client.get(f"/admin/pages/{home_page.pk}/edit/preview/")
    assert state(response) is None


def test_errors_and_the_portal_are_never_cached(anon, home_page):
    for url in ["/no-such-page/", "/en/no-such-page/"]:
        for _ in range(2):
            response = anon(url)
            assert response.status_code == 404
            assert state(response) is None
    for url in ["/accounts/login/", "/portal/groups/found/", "/search/?q=x"]:
        for _ in range(2):
            assert state(anon(url)) is None, url


def test_query_strings_are_separate_entries_and_purged_with_their_path(anon, group):
    assert_cached(anon, "/groups/")
    assert state(anon("/groups/", {"page": "2"})) == "miss"
    assert state(anon("/groups/", {"page": "2"})) == "hit"
    assert state(anon("/groups/")) == "hit"
    purge_paths(["/groups/"])
    assert state(anon("/groups/", {"page": "2"})) == "miss"
    assert state(anon("/groups/")) == "miss"


def test_a_chinese_visitor_never_gets_the_english_page_or_the_reverse(anon, home_page):
    zh_first, _ = assert_cached(anon, "/")
    assert b'lang="zh-hans"' in zh_first.content.lower()
    # An English browser at / still gets the Chinese page (the language is the path's), and the reverse at /en/.
    english_browser = anon("/", HTTP_ACCEPT_LANGUAGE="en")
    assert state(english_browser) == "hit"
    assert english_browser.content == zh_first.content
    en_first = anon("/en/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert state(en_first) == "miss"
    assert b'lang="en"' in en_first.content.lower()
    en_second = anon("/en/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert state(en_second) == "hit"
    assert en_second.content == en_first.content != zh_first.content
    assert anon("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content == zh_first.content


def test_the_frontend_cache_backend_purges_exactly_that_path(anon, group, home_page):
    group_url = group.get_absolute_url()
    urls = ["/", "/groups/", group_url, f"/en{group_url}", "/activities/"]
    for url in urls:
        assert_cached(anon, url)

    PageCacheBackend({}).purge(f"http://testserver{group_url}")

    assert state(anon(group_url)) == "miss"
    assert state(anon(f"/en{group_url}")) == "miss"  # the same path in the other language
    for url in ["/", "/groups/", "/activities/"]:
        assert state(anon(url)) == "hit", url


def test_a_page_publish_purges_through_wagtail_and_the_site_generation(anon, group, home_page):
    for url in ["/", "/groups/", group.get_absolute_url()]:
        assert_cached(anon, url)
    home_page.save_revision().publish()
    for url in ["/", "/groups/", group.get_absolute_url()]:
        assert state(anon(url)) == "miss", url


def test_gzip_for_cached_anonymous_pages_only(client, member, home_page):
    page = PageFactory(parent=home_page, title="内部资料", slug="internal")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="x")
    accept = {"HTTP_ACCEPT_ENCODING": "gzip, deflate"}
    plain = Client().get("/").content
    for _ in range(2):  # the hit is compressed too
        response = Client().get("/", **accept)
        assert response["Content-Encoding"] == "gzip"
        assert gzip.decompress(response.content) == plain
    assert "Content-Encoding" not in Client().get(page.url, **accept)  # a page with a CSRF token
    client.force_login(member)
    assert "Content-Encoding" not in client.get("/", **accept)  # a signed-in page


def test_switched_off_nothing_is_cached(anon, home_page, settings):
    settings.PAGE_CACHE_ENABLED = False
    for _ in range(2):
        response = anon("/")
        assert response.status_code == 200
        assert state(response) is None
        assert "public" not in response.get("Cache-Control", "")


def test_pages_answer_with_redis_down(anon, redis_down, group, home_page):
    for url in ["/", "/en/", "/groups/", group.get_absolute_url(), "/activities/"]:
        for _ in range(2):
            response = anon(url)
            assert response.status_code == 200, url
            assert state(response) != "hit", url
