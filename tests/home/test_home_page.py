"""The home page: both languages, every section type, the page-tree rules and the query budget."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from tests.factories import (
    PageFactory,
    card,
    card_grid_block,
    cta_block,
    hero_block,
    link,
    stream,
    text_block,
)
from website.home.models import HomePage

pytestmark = pytest.mark.django_db


def test_home_renders_in_chinese_at_the_root(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="zh-hans"' in response.content.decode()
    assert response.context["page"].specific == home_page


def test_home_renders_in_english_under_en(client, home_page):
    response = client.get("/en/")
    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()
    assert response.context["page"].specific == home_page


def test_home_page_renders_every_section_type(client, home_page):
    about = PageFactory(parent=home_page, title="关于我们", slug="about")
    home_page.body = stream(
        hero_block(
            eyebrow="城市社群",
            title="和志同道合的人一起成长",
            subtitle="读书、运动、公益，总有一个适合你。",
            primary=link("立即加入", "/accounts/signup/"),
            secondary=link("了解更多", page=about),
        ),
        text_block(heading="我们做什么", body="<p>每周<b>三场</b>线下活动。</p>"),
        cta_block(title="成为社群领袖", text="带领十个人，改变一座城。", button=link("申请成为领袖", "/leaders/")),
        card_grid_block(
            heading="精选社群",
            intro="从这里开始。",
            cards=[card("周末读书会", "每月共读一本书"), card("晨跑团", "六点半，西湖边", link("看看", page=about))],
        ),
    )
    home_page.save_revision().publish()

    page = client.get("/").content.decode()

    for text in ["城市社群", "和志同道合的人一起成长", "读书、运动、公益，总有一个适合你。", "立即加入", "了解更多"]:
        assert text in page, text
    assert 'href="/accounts/signup/"' in page
    assert 'href="/about/"' in page
    assert "我们做什么" in page and "每周<b>三场</b>线下活动。" in page
    assert "成为社群领袖" in page and "带领十个人，改变一座城。" in page and "申请成为领袖" in page
    assert 'href="/leaders/"' in page
    for text in ["精选社群", "从这里开始。", "周末读书会", "每月共读一本书", "晨跑团", "六点半，西湖边"]:
        assert text in page, text


def test_home_sections_escape_plain_text(client, home_page):
    home_page.body = stream(hero_block(title="<script>alert(1)</script>"), cta_block(title="<i>x</i>"))
    home_page.save_revision().publish()
    page = client.get("/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
    assert "<i>x</i>" not in page


def test_button_to_an_unpublished_page_falls_back_to_its_address(client, home_page):
    hidden = PageFactory(parent=home_page, title="草稿", slug="draft", live=False)
    home_page.body = stream(cta_block(title="看看", button={"text": "去看看", "page": hidden.pk, "url": "/fallback/"}))
    home_page.save_revision().publish()
    page = client.get("/").content.decode()
    assert 'href="/fallback/"' in page
    assert 'href="/draft/"' not in page


def test_empty_home_page_still_renders_with_sign_up_links(client, home_page):
    home_page.body = stream()
    home_page.save_revision().publish()
    response = client.get("/en/")
    assert response.status_code == 200
    assert "/en/accounts/signup/" in response.content.decode()


# --- Query budget ---------------------------------------------------------------------------------------------------


def _warm_home_queries(client, path="/"):
    assert client.get(path).status_code == 200  # fills the fragment caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("menu_pages", [1, 12])
@pytest.mark.parametrize("path", ["/", "/en/"])
def test_home_page_stays_within_10_queries_with_a_warm_cache(
    client, home_page, django_assert_max_num_queries, menu_pages, path
):
    for n in range(menu_pages):
        PageFactory(parent=home_page, title=f"栏目{n}", slug=f"menu-{n}").save_revision().publish()
    client.get(path)
    with django_assert_max_num_queries(10):
        response = client.get(path)
    assert response.status_code == 200


def test_home_page_queries_do_not_grow_with_the_menu(client, home_page):
    PageFactory(parent=home_page, slug="menu-first").save_revision().publish()
    one = _warm_home_queries(client)
    for n in range(11):
        PageFactory(parent=home_page, slug=f"menu-more-{n}").save_revision().publish()
    twelve = _warm_home_queries(client)
    assert one == twelve


def test_home_page_queries_do_not_grow_with_the_menu_on_a_cold_cache(client, home_page):
    from django.core.cache import cache

    PageFactory(parent=home_page, slug="menu-first").save_revision().publish()
    client.get("/")
    cache.clear()
    with CaptureQueriesContext(connection) as one:
        client.get("/")
    for n in range(11):
        PageFactory(parent=home_page, slug=f"menu-more-{n}").save_revision().publish()
    cache.clear()
    with CaptureQueriesContext(connection) as twelve:
        client.get("/")
    assert len(one) == len(twelve)


def test_signed_in_home_page_costs_only_the_session_user_and_userbar_lookups(client, member, home_page, settings):
    """Signing in adds the session, the user and the userbar's two permission lookups; nothing per member or menu."""
    settings.PAGE_CACHE_ENABLED = False  # compared with rendering the anonymous page, not with a full-page cache hit
    anonymous = _warm_home_queries(client)
    client.force_login(member)
    signed_in = _warm_home_queries(client)
    assert signed_in <= anonymous + 4


# --- Page tree rules ------------------------------------------------------------------------------------------------


EMPTY_LINK = {"text": "", "page": "", "url": ""}


class HomePageTreeTests(WagtailPageTestCase):
    """Wagtail's own assertions for where a HomePage may live."""

    def setUp(self):
        self.root = Page.objects.get(depth=1)
        self.home = HomePage.objects.get()

    def test_only_one_home_page_may_exist(self):
        # The type may go under the root, but max_count = 1 and the migrations already made one.
        self.assertCanCreateAt(Page, HomePage)
        self.assertFalse(HomePage.can_create_at(self.root))
        self.home.delete()
        self.assertTrue(HomePage.can_create_at(self.root))

    def test_home_page_lives_only_at_the_top_of_the_tree(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanNotCreateAt(HomePage, HomePage)

    def test_home_page_is_renderable_and_previewable(self):
        self.home.body = stream(hero_block(), text_block(), cta_block(), card_grid_block())
        self.home.save()
        self.assertPageIsRenderable(self.home)
        post_data = nested_form_data(
            {
                "title": "首页",
                "slug": "home",
                "body": streamfield(
                    [
                        ("text", {"heading": "预览", "body": rich_text("<p>预览正文</p>")}),
                        (
                            "call_to_action",
                            {"title": "报名", "text": "", "button": {"text": "", "page": "", "url": ""}},
                        ),
                    ]
                ),
            }
        )
        self.assertPageIsPreviewable(self.home, post_data=post_data)


@pytest.mark.parametrize("path", ["/", "/en/"])
def test_language_switcher_on_the_home_page_links_both_languages(client, home_page, path):
    page = client.get(path).content.decode()
    links = {code: href for href, code in re.findall(r'href="([^"]*)"\s+hreflang="([^"]+)"', page)}
    assert links == {"zh-hans": "/", "en": "/en/"}
    assert "English" in page and "简体中文" in page


@pytest.mark.parametrize(
    ("path", "chinese", "english"),
    [
        ("/about/?ref=nav", "/about/?ref=nav", "/en/about/?ref=nav"),
        ("/en/about/", "/about/", "/en/about/"),
        ("/portal/profile/", "/portal/profile/", "/en/portal/profile/"),
    ],
)
def test_language_links_keep_the_page_and_query(rf, home_page, path, chinese, english):
    from django.utils import translation

    from website.core.templatetags.site_tags import language_links

    PageFactory(parent=home_page, title="关于", slug="about")
    with translation.override("en" if path.startswith("/en/") else "zh-hans"):
        links = {link["code"]: link["url"] for link in language_links({"request": rf.get(path)})}
    assert links == {"zh-hans": chinese, "en": english}
