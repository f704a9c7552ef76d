"""/search/ as visitors meet it: what a bread query lists and in which order, the headings in Chinese, guides for
leaders and staff only, hidden content never shown, odd input never a server error, and the index kept up to date
when records are saved."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from wagtail.models import Locale

from courses.models import CoursePage
from portal.groups.models import CommunityGroup
from tests.groups.lifecycle.factories import ActivityFactory
from website.core.search import parse_query
from website.home import search as site_search

pytestmark = pytest.mark.django_db


def search(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return response


def page_ids(response):
    return [page.pk for page in response.context["results"]]


def test_a_bread_query_finds_the_bread_course_and_the_showcase(client, corpus):
    response = search(client, "面包")

    html = response.content.decode()
    for name in ("bread_course", "bread_showcase"):
        assert corpus[name].pk in page_ids(response)
        assert f'href="{corpus[name].url}"' in html
    assert "城西面包研究所" in html and "酸种面包试吃会" in html


def test_title_matches_come_before_body_matches(client, corpus):
    ids = page_ids(search(client, "面包"))

    title_matches = [ids.index(corpus[name].pk) for name in ("bread_course", "bread_showcase")]
    body_matches = [ids.index(corpus[name].pk) for name in ("photo_course", "sourdough_course")]
    assert max(title_matches) < min(body_matches)


def test_a_group_named_for_the_query_comes_before_one_that_only_mentions_it(client, corpus):
    response = search(client, "夜跑")

    groups = response.context["groups"]
    assert [g.pk for g in groups] == [corpus["night_run_group"].pk, corpus["run_group"].pk]
    # The dormant group is listed (its page is public) and says that it is dormant.
    assert "休眠" in response.content.decode()


def test_upcoming_activities_come_before_past_ones(client, corpus):
    activities = search(client, "分享").context["activities"]

    assert [a.pk for a in activities] == [corpus["reading_night"].pk, corpus["past_reading"].pk]


def test_a_weekly_series_is_listed_once_at_its_next_date(client, corpus):
    tasting = corpus["tasting"]
    for days in (-7, 12):
        ActivityFactory(group=tasting.group, title=tasting.title, starts_at=timezone.now() + timedelta(days=days))

    activities = search(client, "试吃").context["activities"]

    assert [a.pk for a in activities] == [tasting.pk]


def test_headings_are_in_chinese(client, corpus):
    html = search(client, "面包").content.decode()

    assert '<h2 id="pages-heading">页面</h2>' in html
    assert '<h2 id="groups-heading">社群</h2>' in html
    assert '<h2 id="activities-heading">活动</h2>' in html
    assert "分页" not in html


def test_headings_in_english_under_en(client, corpus):
    response = client.get("/en/search/", {"q": "面包"})

    assert response.status_code == 200
    assert '<h2 id="pages-heading">Pages</h2>' in response.content.decode()


def guide_ids(response):
    return [guide.pk for guide in response.context["guides"] or []]


def test_visitors_and_members_never_find_guides(client, corpus, member):
    guide = corpus["new_leader_guide"]
    for visitor in (None, member):
        if visitor:
            client.force_login(visitor)
        response = search(client, "群主")
        assert response.context["guides"] is None
        assert guide.pk not in page_ids(response)
        assert guide.title not in response.content.decode()


def test_leaders_find_guides_in_their_own_section(client, corpus, leader):
    client.force_login(leader)

    response = search(client, "群主")

    assert guide_ids(response)[0] == corpus["new_leader_guide"].pk
    assert corpus["review_guide"].pk in guide_ids(response)
    assert corpus["new_leader_guide"].pk not in page_ids(response)
    assert corpus["new_leader_guide"].title in response.content.decode()


def test_staff_find_guides(client, corpus, staff_user):
    client.force_login(staff_user)

    assert guide_ids(search(client, "复盘")) == [corpus["review_guide"].pk]


def test_hidden_records_stay_hidden_for_members_too(client, corpus, member):
    client.force_login(member)
    html = search(client, "面包").content.decode()

    for title in ("面包进阶：草稿", "会员专享：面包私房课", "老面包群", "面包烘烤夜（取消）", "老面包群最后一次聚会"):
        assert title not in html


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"面包',
        "面包*",
        "*",
        "OR",
        "面包 OR 欧包",
        "NOT 面包",
        "-",
        "-面包",
        "面包 -欧包",
        "(面包",
        "面包)",
        "NEAR(面包 欧包)",
        "title:面包",
        "{title body}: 面包",
        "^面包",
        "a'b",
        "\\",
        "%_%",
        "面包!!！？。，",
        "🍞🥐",
        "🍞面包🥐",
        "面包" * 60,
        "sourdough " * 20,
        "的 了 是",
        "the of and",
        "Sourdough 面包 酸种",
        "　面包　",  # ideographic spaces
    ],
)
def test_odd_queries_never_fail(client, corpus, query):
    response = search(client, query)

    assert response.context["query"] == query.strip()[:100]


@pytest.mark.parametrize("query", ['"面包"', "面包*", "-面包", "(面包)", "面包!!！", "🍞面包🥐"])
def test_punctuation_and_operators_are_ignored(client, corpus, query):
    assert corpus["bread_course"].pk in page_ids(search(client, query))


def test_a_null_character_is_a_bad_request_not_a_server_error(client, corpus):
    assert client.get("/search/", {"q": "\x00面包"}).status_code == 400


def test_a_query_of_stop_words_only_finds_nothing_politely(client, corpus):
    response = search(client, "的 了 是")

    assert response.context["results"].paginator.count == 0
    assert "没有找到与“的 了 是”相关的内容" in response.content.decode()


def test_a_bad_page_number_shows_the_first_page(client, corpus):
    response = search(client, "面包", page="abc")

    assert corpus["bread_course"].pk in page_ids(response)


def test_saving_a_record_updates_the_index(client, corpus):
    group = CommunityGroup.objects.get(pk=corpus["book_group"].pk)
    group.summary = "每周共读一本书，也交换甜甜圈配方。"
    group.save()
    ActivityFactory(group=group, title="甜甜圈读书夜", starts_at=timezone.now() + timedelta(days=1))
    course = CoursePage.objects.get(pk=corpus["hiking_course"].pk)
    course.title = "城市徒步入门：带上甜甜圈"
    course.save_revision().publish()

    response = search(client, "甜甜圈")

    assert [g.pk for g in response.context["groups"]] == [group.pk]
    assert [a.title for a in response.context["activities"]] == ["甜甜圈读书夜"]
    assert page_ids(response) == [course.pk]


def test_archiving_a_group_hides_it_and_its_activities_at_once(client, corpus):
    """Visibility is read from the records, not the index: an update without a save still takes effect."""
    CommunityGroup.objects.filter(pk=corpus["bread_group"].pk).update(status=CommunityGroup.Status.ARCHIVED)

    response = search(client, "酸种")

    assert corpus["bread_group"].pk not in [g.pk for g in response.context["groups"] or []]
    assert corpus["tasting"].pk not in [a.pk for a in response.context["activities"] or []]


def test_pages_in_another_language_only_when_they_are_not_translated(settings, corpus):
    """With content translation on, a visitor sees each page once: in their language, or the original if there is
    no translation yet. Without it, every page is searched."""
    settings.WAGTAIL_I18N_ENABLED = True
    settings.WAGTAIL_CONTENT_LANGUAGES = settings.LANGUAGES
    english, _ = Locale.objects.get_or_create(language_code="en")
    original = corpus["bread_course"]
    translated = original.get_translation_or_none(english)
    if translated is None:
        translated = original.copy_for_translation(english, copy_parents=True)
        translated.save_revision().publish()
    parsed = parse_query("面包")

    with translation.override("en"):
        english_results = site_search.search_pages("面包", parsed)
    with translation.override("zh-hans"):
        chinese_results = site_search.search_pages("面包", parsed)

    english_ids = [page.pk for page in english_results]
    assert translated.pk in english_ids and original.pk not in english_ids
    keys = [page.translation_key for page in english_results]
    assert len(keys) == len(set(keys))
    chinese_ids = [page.pk for page in chinese_results]
    assert original.pk in chinese_ids and translated.pk not in chinese_ids

    settings.WAGTAIL_I18N_ENABLED = False
    with translation.override("en"):
        everything = [page.pk for page in site_search.search_pages("面包", parsed)]
    assert {original.pk, translated.pk} <= set(everything)
