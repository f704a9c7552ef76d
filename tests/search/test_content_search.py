"""Site search finds courses, calls, showcases, featured pages and groups by a word in their title, on SQLite and
PostgreSQL alike (Wagtail's database backend), and leaves drafts out."""

import pytest

from tests.groups.factories import CommunityGroupFactory
from tests.page_factories import (
    CoursePageFactory,
    FeaturedGroupPageFactory,
    RecruitmentCallPageFactory,
    ShowcasePageFactory,
)

pytestmark = pytest.mark.django_db

FACTORIES = {
    "course": CoursePageFactory,
    "call": RecruitmentCallPageFactory,
    "showcase": ShowcasePageFactory,
    "featured": FeaturedGroupPageFactory,
}


def found_pages(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return [page.specific for page in response.context["results"] or []], response


@pytest.mark.parametrize("kind", FACTORIES)
def test_search_finds_a_page_by_a_word_in_its_title(client, kind):
    page = FACTORIES[kind](title="Quokka 周末 聚会")
    FACTORIES[kind](title="Other 周末 聚会")

    pages, response = found_pages(client, "quokka")

    assert [p.pk for p in pages] == [page.pk]
    assert page.url in response.content.decode()


@pytest.mark.parametrize("kind", FACTORIES)
def test_search_finds_a_chinese_word_in_a_title(client, kind):
    page = FACTORIES[kind](title="陶艺 体验 课")
    FACTORIES[kind](title="书法 体验 课")

    pages, _ = found_pages(client, "陶艺")

    assert [p.pk for p in pages] == [page.pk]


def test_search_finds_a_group_by_a_word_in_its_name(client):
    group = CommunityGroupFactory(name="Quokka 徒步社")
    CommunityGroupFactory(name="城西读书会")

    _, response = found_pages(client, "Quokka")

    assert [g.pk for g in response.context["groups"]] == [group.pk]
    assert "Quokka 徒步社" in response.content.decode()


def test_search_leaves_out_drafts(client):
    CoursePageFactory(title="Quokka 草稿", publish=False)
    pages, _ = found_pages(client, "Quokka")
    assert pages == []


def test_an_empty_query_searches_nothing(client):
    CoursePageFactory(title="Quokka")
    response = client.get("/search/", {"q": "   "})
    assert response.status_code == 200
    assert response.context["results"] is None and response.context["groups"] is None
