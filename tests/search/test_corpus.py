"""Fifty-odd queries (Chinese, with a few English and mixed) against the corpus, through /search/ as a visitor.

Each query names what it must find, among pages, groups and activities, and what it must not. The records no visitor
may see (a draft, a password-protected page, an archived group, a cancelled activity and the archived group's
activity) are checked on every query, as are the leader guides, which only leaders and staff search. The same test
runs on SQLite (FTS5) and PostgreSQL: ``DATABASE_URL=postgres://... pytest tests/search``.
"""

import pytest

pytestmark = pytest.mark.django_db

NEVER_SHOWN = {
    "draft_course",
    "members_only_course",
    "archived_group",
    "cancelled",
    "archived_activity",
    "new_leader_guide",
    "review_guide",
}

# (query, must find, must not find)
QUERIES = [
    (
        "面包",
        {"bread_course", "sourdough_course", "photo_course", "bread_showcase"}
        | {"bread_group", "tasting", "reading_night"},
        {"chiffon_course", "hiking_course", "flower_showcase", "book_group"},
    ),
    ("欧包", {"sourdough_course", "featured_baking", "baking_club"}, {"bread_course", "bread_group"}),
    ("酸种", {"sourdough_course", "bread_group", "tasting"}, {"bread_course", "chiffon_course"}),
    ("戚风", {"chiffon_course", "featured_baking", "baking_club"}, {"bread_course", "sourdough_course"}),
    ("群主", {"leader_call", "featured_baking"}, {"lecturer_call", "bread_course"}),
    ("烘焙", {"bread_course", "leader_call", "featured_baking", "baking_club"}, {"hiking_course", "book_group"}),
    ("天然酵母", {"sourdough_course"}, {"bread_course"}),
    ("酵母", {"bread_course", "sourdough_course"}, {"chiffon_course"}),
    ("发酵", {"bread_course", "sourdough_course"}, {"chiffon_course"}),
    ("慢发酵", {"sourdough_course"}, {"bread_course"}),
    ("打卡", {"chiffon_course", "leader_call"}, {"bread_course", "hiking_course"}),
    ("同好", {"bread_group", "night_run_group", "run_group"}, {"book_group", "baking_club"}),
    ("夜跑", {"night_run_group", "run_group", "night_run"}, {"bread_group", "tasting"}),
    ("读书会", {"book_group", "featured_books"}, {"bread_group", "featured_baking"}),
    ("共读", {"book_group", "featured_books", "past_reading"}, {"reading_night"}),
    ("活着", {"past_reading"}, {"reading_night", "book_group"}),
    ("秋日", {"bread_showcase"}, {"flower_showcase"}),
    ("面包季", {"bread_showcase"}, {"bread_course", "bread_group"}),
    ("花艺", {"flower_showcase"}, {"bread_showcase"}),
    ("菜市场", {"flower_showcase"}, {"bread_showcase"}),
    ("配方", {"bread_showcase"}, {"flower_showcase"}),
    ("徒步", {"hiking_course"}, {"photo_course"}),
    ("西湖", {"hiking_course"}, {"photo_course"}),
    ("hiking", {"hiking_course"}, {"bread_course"}),
    ("Hiking beginners", {"hiking_course"}, {"bread_course"}),
    ("Hiking 徒步", {"hiking_course"}, {"photo_course"}),
    ("摄影", {"photo_course"}, {"bread_course"}),
    ("自然光", {"photo_course"}, {"bread_course"}),
    ("讲师", {"lecturer_call"}, {"leader_call"}),
    ("口语", {"lecturer_call"}, {"leader_call"}),
    ("英语 口语", {"lecturer_call"}, {"leader_call"}),
    ("杭州", {"bread_group", "night_run_group", "run_group"}, {"book_group", "baking_club"}),
    ("上海", {"book_group"}, {"bread_group"}),
    ("试吃", {"tasting"}, {"reading_night"}),
    ("社区厨房", {"tasting"}, {"reading_night"}),
    ("钱塘江", {"night_run"}, {"tasting"}),
    ("夜宵", {"night_run"}, {"tasting"}),
    ("茶馆", {"reading_night"}, {"past_reading"}),
    ("积分", {"leader_call"}, {"lecturer_call"}),
    ("吐司", {"bread_course"}, {"sourdough_course"}),
    ("蛋白打发", {"chiffon_course"}, {"bread_course"}),
    ("手作", {"bread_group"}, {"book_group"}),
    ("面包 酸种", {"sourdough_course", "bread_group", "tasting"}, {"photo_course", "bread_showcase", "reading_night"}),
    # A query is a substring, not a bag of words: 酸种面包 is in the group and the tasting, not in the course.
    ("酸种面包", {"bread_group", "tasting"}, {"sourdough_course", "photo_course"}),
    ("周末", {"featured_baking", "baking_club", "reading_night"}, {"bread_course"}),
    ("城西", {"bread_group", "tasting"}, {"book_group"}),
    ("麦老师", {"bread_course"}, {"sourdough_course"}),
    ("烘焙教室", {"sourdough_course"}, {"bread_course"}),  # in the lecturer's introduction only
    ("ＨＩＫＩＮＧ", {"hiking_course"}, set()),  # full-width letters, as a Chinese input method types them
    # Only hidden records hold these words: the search finds nothing rather than leaking them.
    ("老面包群", set(), set()),
    ("密码", set(), set()),
    ("面包私房课", set(), set()),
    ("取消", set(), set()),
]


def found_keys(client, corpus, query):
    """The corpus names of everything /search/ lists for ``query``, across pages, groups and activities."""
    names = {(type(record).__name__, record.pk): name for name, record in corpus.items()}
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    context = response.context
    records = list(context["results"] or []) + list(context["groups"] or []) + list(context["activities"] or [])
    return {names.get((type(record).__name__, record.pk), repr(record)) for record in records}, response


def test_the_corpus_has_enough_queries():
    assert len(QUERIES) >= 40
    assert len({query for query, _, _ in QUERIES}) == len(QUERIES)


@pytest.mark.parametrize(("query", "must_find", "must_not_find"), QUERIES, ids=[q for q, _, _ in QUERIES])
def test_query_finds_what_it_should(client, corpus, query, must_find, must_not_find):
    found, response = found_keys(client, corpus, query)

    assert must_find <= found, f"{query!r} missed {sorted(must_find - found)}"
    assert not found & must_not_find, f"{query!r} wrongly found {sorted(found & must_not_find)}"
    assert not found & NEVER_SHOWN, f"{query!r} showed hidden {sorted(found & NEVER_SHOWN)}"
    html = response.content.decode()
    for name in NEVER_SHOWN:
        label = getattr(corpus[name], "title", None) or corpus[name].name
        assert f">{label}</" not in html, f"{query!r} rendered hidden {name}"
    if not must_find:
        assert response.context["results"].paginator.count == 0
        assert not response.context["groups"] and not response.context["activities"]
