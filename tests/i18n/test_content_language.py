"""Page content in two languages: English translations under /en/, the Chinese original where there is none (marked
with its language), each page once in every listing, and one set of records behind both addresses."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, Page

from courses.models import CourseIndexPage, CoursePage, Enrolment
from portal.groups.models import CommunityGroup
from recruitment.models import Application
from tests.factories import StaffUserFactory
from tests.groups.factories import CommunityGroupFactory, MemberFactory
from tests.page_factories import (
    CoursePageFactory,
    EntryFactory,
    FeaturedGroupPageFactory,
    RecruitmentCallPageFactory,
    question,
    session,
)
from tests.utils import route
from website.core.blocks import SectionStreamBlock
from website.core.translation import content_language, original_page, translate_page
from website.featured.models import FeaturedGroupIndexPage
from website.showcases.models import Vote

pytestmark = pytest.mark.django_db

ZH_LANG = 'lang="zh-Hans"'


@pytest.fixture(autouse=True)
def _default_language():
    """Page URLs follow the active language; a request to /en/ must not leave English on for the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def english_body(heading, text):
    return SectionStreamBlock().to_python([{"type": "text", "value": {"heading": heading, "body": f"<p>{text}</p>"}}])


@pytest.fixture
def english(home_page):
    """The English tree, started the way editors start it: by translating the home page."""
    return translate_page(
        home_page,
        "en",
        title="Home",
        body=english_body("Find your people", "Reading circles, morning runs and volunteering in your city."),
    )


@pytest.fixture
def course(english):
    return CoursePageFactory(
        title="零基础摄影课", slug="photography", summary="用手机拍出好照片。", sessions=[session()]
    )


@pytest.fixture
def english_course(course):
    return translate_page(
        course,
        "en",
        title="Photography from scratch",
        slug="photography-basics",
        summary="Take good photos with the phone you already have.",
        body=english_body("What you will learn", "Light, framing and a little editing."),
    )


def html(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def h1(content):
    return re.search(r"<h1[^>]*>.*?</h1>", content, re.S).group(0)


def count(content, text):
    return content.count(text)


# --- Translations and the fallback ----------------------------------------------------------------------------------


def test_english_home_page_shows_its_translation(client, english):
    content = html(client.get("/en/"))

    assert "Find your people" in content
    assert "Reading circles, morning runs" in content
    assert '<html lang="en"' in content


def test_a_translated_course_shows_english_title_and_body_under_en(client, english_course):
    content = html(client.get("/en/courses/photography-basics/"))

    assert "Photography from scratch" in h1(content)
    assert ZH_LANG not in h1(content)
    assert "Light, framing and a little editing." in content
    assert "零基础摄影课" not in content


def test_a_translated_featured_group_page_shows_english(client, english):
    feature = FeaturedGroupPageFactory(title="西湖读书会的故事", slug="west-lake", headline="十年共读")
    translate_page(feature, "en", title="The West Lake reading circle", headline="Ten years of reading together")

    content = html(client.get("/en/featured/west-lake/"))

    assert "The West Lake reading circle" in h1(content)
    assert "Ten years of reading together" in content


def test_an_untranslated_page_is_served_under_en_in_chinese_marked_as_such(client, course):
    content = html(client.get("/en/courses/photography/"))

    assert '<html lang="en"' in content
    assert "零基础摄影课" in h1(content)
    assert ZH_LANG in h1(content)
    assert re.search(r'<p class="lead" lang="zh-Hans">用手机拍出好照片。</p>', content)


def test_the_chinese_site_marks_nothing(client, english_course):
    content = html(client.get("/courses/photography/"))

    assert '<html lang="zh-hans"' in content
    assert "零基础摄影课" in h1(content)
    assert ZH_LANG not in content


def test_a_page_made_before_its_alias_is_still_served_under_en(client, english):
    """A page added straight to the tree (no publish) has no English alias yet: Chinese, not a 404."""
    index = CourseIndexPage.objects.get(locale=Locale.get_default())
    index.add_child(
        instance=CoursePage(title="书法入门", slug="calligraphy", summary="一笔一画。", lecturer_name="王老师")
    )

    content = html(client.get("/en/courses/calligraphy/"))

    assert "书法入门" in h1(content) and ZH_LANG in h1(content)


def test_html_lang_follows_the_interface_language(client, english):
    assert '<html lang="zh-hans"' in html(client.get("/"))
    assert '<html lang="en"' in html(client.get("/en/"))


def test_content_language_of_an_alias_is_its_originals(english, course):
    alias = Page.objects.get(translation_key=course.translation_key, locale__language_code="en")

    assert alias.alias_of_id == course.pk
    assert content_language(alias) == "zh-hans"
    assert original_page(alias.specific).pk == course.pk


# --- Listings -------------------------------------------------------------------------------------------------------


def test_course_directory_lists_each_course_once_in_both_languages(client, english_course):
    CoursePageFactory(title="书法入门", slug="calligraphy", sessions=[session()])

    english_list = html(client.get("/en/courses/"))
    chinese_list = html(client.get("/courses/"))

    assert count(english_list, 'href="/en/courses/photography-basics/"') == 1
    assert count(english_list, 'href="/en/courses/calligraphy/"') == 1
    assert "零基础摄影课" not in english_list
    assert re.search(r'<h2 class="card__title" lang="zh-Hans"><a [^>]*>书法入门</a>', english_list)
    assert count(chinese_list, 'href="/courses/photography/"') == 1
    assert count(chinese_list, 'href="/courses/calligraphy/"') == 1
    assert "Photography from scratch" not in chinese_list


def test_home_page_panels_list_each_course_once_in_its_language(client, english_course):
    english_home = html(client.get("/en/"))
    chinese_home = html(client.get("/"))

    assert count(english_home, 'href="/en/courses/photography-basics/"') == 1
    assert "零基础摄影课" not in english_home
    assert count(chinese_home, 'href="/courses/photography/"') == 1
    assert "Photography from scratch" not in chinese_home


def test_menu_lists_each_section_once_translated_or_marked(client, english):
    courses = CourseIndexPage.objects.get(locale=Locale.get_default())
    translate_page(courses, "en", title="Courses", show_in_menus=True)
    featured = FeaturedGroupIndexPage.objects.get(locale=Locale.get_default())
    Page.objects.filter(translation_key__in=[courses.translation_key, featured.translation_key]).update(
        show_in_menus=True
    )
    featured_title = featured.title

    content = html(client.get("/en/"))
    menu = re.search(r'<nav class="main-nav".*?</nav>', content, re.S).group(0)

    assert count(menu, 'href="/en/courses/"') == 1
    assert ">Courses</a>" in menu
    assert count(menu, 'href="/en/featured/"') == 1
    assert re.search(rf'<a href="/en/featured/" lang="zh-Hans"[^>]*>{featured_title}</a>', menu)


# --- One set of records ---------------------------------------------------------------------------------------------


def test_enrolling_under_en_is_the_enrolment_of_the_chinese_course(client, course, english_course):
    member = MemberFactory()
    client.force_login(member)

    response = client.post(route(english_course, "enrol"))

    assert response.status_code == 302
    assert response.url == "/en/courses/photography-basics/"
    assert Enrolment.objects.get(member=member).course_id == course.pk
    chinese = client.get("/courses/photography/")
    assert chinese.context["enrolment"].course_id == course.pk
    assert 'action="/courses/photography/cancel/"' in html(chinese)
    assert client.post(route(course, "enrol")).status_code == 302
    assert Enrolment.objects.filter(member=member).count() == 1


def test_checking_in_under_en_completes_the_chinese_course(client, english):
    course = CoursePageFactory(slug="running-now", sessions=[session(timedelta(minutes=-10), check_in_code="CODE01")])
    english_course = translate_page(course, "en", title="A course running now")
    member = MemberFactory()
    client.force_login(member)
    client.post(route(english_course, "enrol"))

    client.post(route(english_course, "check_in"), {"code": "CODE01"})

    enrolment = Enrolment.objects.get(member=member, course=course)
    assert enrolment.status == Enrolment.Status.COMPLETED


def test_applying_under_en_is_an_application_to_the_chinese_call(client, english):
    call = RecruitmentCallPageFactory(slug="leaders", questions=[question("你的经验")])
    member = MemberFactory()
    client.force_login(member)
    english_call = Page.objects.get(translation_key=call.translation_key, locale__language_code="en").specific

    field = english_call.questions.get().clean_name
    client.post(route(english_call, "apply"), {field: "I ran a book club."})

    assert Application.objects.get(member=member).call_id == call.pk


def test_voting_under_en_counts_on_the_chinese_showcase(client, english):
    entry = EntryFactory()
    member = MemberFactory()
    client.force_login(member)
    english_showcase = Page.objects.get(translation_key=entry.showcase.translation_key, locale__language_code="en")

    client.post(route(english_showcase.specific, "vote", entry.pk))

    assert Vote.objects.filter(entry=entry, member=member).count() == 1


# --- Language switcher ----------------------------------------------------------------------------------------------


def switcher_links(content):
    switcher = re.search(r'<nav class="lang-switcher".*?</nav>', content, re.S).group(0)
    return dict(re.findall(r'<a href="([^"]+)"\s+hreflang="([^"]+)"', switcher))


def test_language_switcher_links_a_page_to_its_counterpart(client, english_course):
    english_links = {
        lang: url for url, lang in switcher_links(html(client.get("/en/courses/photography-basics/"))).items()
    }
    chinese_links = {lang: url for url, lang in switcher_links(html(client.get("/courses/photography/"))).items()}

    assert english_links["zh-hans"] == "/courses/photography/"
    assert chinese_links["en"] == "/en/courses/photography-basics/"


def test_language_switcher_on_an_untranslated_page_goes_to_its_alias(client, course):
    links = {lang: url for url, lang in switcher_links(html(client.get("/courses/photography/"))).items()}

    assert links["en"] == "/en/courses/photography/"


# --- Member-written content -----------------------------------------------------------------------------------------


def test_a_featured_group_story_names_the_members_group_in_its_own_language(client, english):
    group = CommunityGroupFactory(name="西湖读书会", stage=CommunityGroup.Stage.CORE)
    feature = FeaturedGroupPageFactory(group=group, slug="west-lake")
    translate_page(feature, "en", title="The West Lake reading circle", headline="Ten years of reading together")

    content = html(client.get("/en/featured/west-lake/"))

    assert '<span lang="zh-Hans">西湖读书会</span>' in content


def test_a_groups_own_words_are_marked_chinese_on_the_english_site(client):
    group = CommunityGroupFactory(name="西湖读书会", summary="每月共读一本书。")
    chinese_url = group.get_absolute_url()
    with translation.override("en"):
        english_url = group.get_absolute_url()

    english = html(client.get(english_url))
    chinese = html(client.get(chinese_url))

    assert english_url == "/en" + chinese_url

    assert re.search(r'<h1 lang="zh-Hans">西湖读书会</h1>', english)
    assert '<p class="lead" lang="zh-Hans">每月共读一本书。</p>' in english
    assert ZH_LANG not in chinese


# --- Admin ----------------------------------------------------------------------------------------------------------


def test_an_administrator_can_open_the_translate_action_for_a_page(client, course):
    client.force_login(StaffUserFactory(is_superuser=True))

    edit = client.get(reverse("wagtailadmin_pages:edit", args=[course.pk]))
    submit = client.get(reverse("wagtail_localize:submit_page_translation", args=[course.pk]))

    assert edit.status_code == 200
    assert reverse("wagtail_localize:submit_page_translation", args=[course.pk]) in edit.content.decode()
    assert submit.status_code == 200
    assert "English" in submit.content.decode()
