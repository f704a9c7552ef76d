"""The files crawlers and browsers ask for at fixed addresses (robots.txt, favicon.ico), the share card every page
carries in its <head>, and the activities link in the site's navigation."""

import io
import re

import pytest
import wagtail_factories
from django.test import Client
from PIL import Image

from portal.groups.models import GroupIndexPage
from tests.factories import StaffUserFactory
from tests.groups.factories import CommunityGroupFactory, MemberFactory
from tests.page_factories import CoursePageFactory, LeaderGuidePageFactory
from tests.utils import upload
from website.core.permissions import EDITORS

pytestmark = pytest.mark.django_db


def meta(html, prop):
    """The content of <meta property=prop> (or name=prop), or None."""
    match = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"', html)
    return match.group(1) if match else None


# --- robots.txt ---


def test_robots_txt_opens_public_pages_and_closes_member_and_staff_areas(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for path in ("/admin/", "/portal/", "/accounts/", "/private-media/", "/search/", "/en/portal/", "/en/accounts/"):
        assert f"Disallow: {path}" in lines
    assert "Disallow: /" not in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_robots_txt_closes_the_whole_site_on_staging(client, settings):
    settings.ROBOTS_DISALLOW_ALL = True
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert lines == ["User-agent: *", "Disallow: /"]


def test_robots_txt_refuses_writes(client):
    assert client.post("/robots.txt").status_code == 405


# --- favicon.ico ---


def test_favicon_ico_is_a_real_icon_with_a_long_cache(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert "max-age=2592000" in response["Cache-Control"]
    icon = Image.open(io.BytesIO(response.content))
    assert icon.format == "ICO"
    assert {(16, 16), (32, 32)} <= set(icon.info["sizes"])


def test_pages_name_the_svg_png_and_ico_icons(client, home_page):
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/favicon.ico"' in html
    assert re.search(r'<link rel="icon" href="/static/img/favicon[^"]*\.svg" type="image/svg\+xml">', html)
    assert re.search(r'<link rel="apple-touch-icon" href="/static/img/apple-touch-icon[^"]*\.png">', html)


# --- Open Graph ---


def test_home_page_shares_the_site_name_tagline_and_an_absolute_logo(client, home_page):
    html = client.get("/").content.decode()
    assert meta(html, "og:site_name")
    assert meta(html, "og:title") == meta(html, "og:site_name")
    assert meta(html, "og:url") == "http://testserver/"
    assert meta(html, "og:image").startswith("http://testserver/static/img/apple-touch-icon")
    assert meta(html, "og:locale") == "zh_CN"
    assert meta(html, "og:locale:alternate") == "en_US"


def test_english_pages_share_the_english_locale(client, home_page):
    html = client.get("/en/").content.decode()
    assert meta(html, "og:locale") == "en_US"
    assert meta(html, "og:url") == "http://testserver/en/"


def test_course_page_shares_its_title_summary_and_cover_as_an_absolute_rendition(client):
    cover = wagtail_factories.ImageFactory()
    course = CoursePageFactory(title="怎么写一篇好影评", summary="四周写出第一篇影评。", cover=cover)
    html = client.get(course.url).content.decode()
    assert meta(html, "og:title") == "怎么写一篇好影评"
    assert meta(html, "og:description") == "四周写出第一篇影评。"
    assert meta(html, "og:url") == f"http://testserver{course.url}"
    image = meta(html, "og:image")
    assert image.startswith("http://testserver/") and "fill-1200x630" in image
    assert meta(html, "twitter:card") == "summary_large_image"


def test_page_without_a_cover_falls_back_to_the_logo_and_a_small_card(client):
    course = CoursePageFactory(cover=None)
    html = client.get(course.url).content.decode()
    assert "apple-touch-icon" in meta(html, "og:image")
    assert meta(html, "twitter:card") == "summary"


def test_group_page_shares_the_group_name_summary_and_cover(client, png_bytes):
    group = CommunityGroupFactory(name="北京香山晨跑团", summary="周日清晨香山脚下集合。")
    group.cover.save("cover.png", upload("cover.png", png_bytes((640, 360))))
    index = GroupIndexPage.objects.get()
    html = client.get(f"{index.url}{group.slug}/").content.decode()
    assert meta(html, "og:title") == "北京香山晨跑团"
    assert meta(html, "og:description") == "周日清晨香山脚下集合。"
    assert meta(html, "og:url") == f"http://testserver{index.url}{group.slug}/"
    assert meta(html, "og:image").startswith("http://testserver/media/")
    assert meta(html, "twitter:card") == "summary_large_image"


def test_the_leader_guides_gate_shares_nothing_of_the_guide(member):
    """A member who is not a leader gets the "for group leaders" page at the guide's address: its share card must
    not carry the guide's title, summary or search description."""
    guide = LeaderGuidePageFactory(
        title="Zephyr 群规模板怎么写", summary="写群规的五个步骤。", search_description="只给群主看"
    )
    client = Client()
    client.force_login(member)
    response = client.get(guide.url)
    assert response.status_code == 403
    html = response.content.decode()
    assert meta(html, "og:title") == meta(html, "og:site_name")
    shared = " ".join(meta(html, prop) or "" for prop in ("og:title", "og:description", "og:image"))
    assert "Zephyr" not in shared and "五个步骤" not in shared and "只给群主看" not in shared


def test_an_editor_reading_a_guide_gets_its_card():
    guide = LeaderGuidePageFactory(title="Zephyr 群规模板怎么写", summary="写群规的五个步骤。")
    client = Client()
    client.force_login(StaffUserFactory(groups=[EDITORS]))
    html = client.get(guide.url).content.decode()
    assert meta(html, "og:title") == "Zephyr 群规模板怎么写"


def test_member_pages_share_no_member_data(client):
    member = MemberFactory(display_name="私密的阿明")
    client.force_login(member)
    html = client.get("/portal/").content.decode()
    assert meta(html, "og:url") == "http://testserver/portal/"
    assert "阿明" not in (meta(html, "og:title") + (meta(html, "og:description") or ""))


# --- Navigation ---


def test_menu_and_footer_link_the_upcoming_activities_after_the_groups(client, home_page):
    index = GroupIndexPage.objects.get()
    index.show_in_menus = True
    index.save_revision().publish()
    html = client.get("/").content.decode()
    nav = html.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r'<a href="([^"]+)"', nav)
    assert "/activities/" in links
    assert links.index("/activities/") == links.index(index.url) + 1
    footer = html.split('class="site-footer"', 1)[1]
    assert 'href="/activities/"' in footer


def test_english_menu_links_the_english_activities(client, home_page):
    html = client.get("/en/").content.decode()
    assert 'href="/en/activities/">Activities</a>' in html
