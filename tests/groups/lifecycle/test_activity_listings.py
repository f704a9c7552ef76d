"""Where activities are listed: the group page (upcoming and past) and the site-wide upcoming list with filters."""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import iri_to_uri

from portal.groups.models import CommunityGroup
from portal.groups.views.activities import ACTIVITIES_PER_PAGE
from tests.groups.factories import CommunityGroupFactory, TopicFactory
from tests.groups.lifecycle.factories import ActivityFactory, days_ago


def titles(response):
    return [activity.title for activity in response.context["activities"]]


def test_the_group_page_lists_upcoming_and_past_activities(client, group):
    ActivityFactory(group=group, title="下周环湖", starts_at=timezone.now() + timedelta(days=7))
    ActivityFactory(group=group, title="明早骑行", starts_at=timezone.now() + timedelta(days=1))
    ActivityFactory(group=group, title="上周夜骑", starts_at=days_ago(7))
    ActivityFactory(group=group, title="取消的活动", starts_at=timezone.now() + timedelta(days=2), status="cancelled")

    response = client.get(group.get_absolute_url())

    assert response.status_code == 200
    assert [a.title for a in response.context["upcoming_activities"]] == ["明早骑行", "下周环湖"]
    assert [a.title for a in response.context["past_activities"]] == ["上周夜骑"]
    page = response.content.decode()
    for title in ("明早骑行", "下周环湖", "上周夜骑"):
        assert title in page
    assert "取消的活动" not in page


@pytest.fixture
def listed(group, topic):
    """Upcoming activities across groups, topics, cities and modes, plus ones that must never be listed."""
    soon = timezone.now() + timedelta(days=1)
    reading = TopicFactory(name="读书测试", slug="test-reading")
    shanghai = CommunityGroupFactory(topic=reading, city="上海")
    archived = CommunityGroupFactory(topic=topic, city="杭州", status=CommunityGroup.Status.ARCHIVED)
    ActivityFactory(group=group, title="杭州线下骑行", starts_at=soon)
    ActivityFactory(
        group=group, title="杭州线上分享", mode="online", place="", link="https://x.example", starts_at=soon
    )
    ActivityFactory(group=shanghai, title="上海读书会", starts_at=soon + timedelta(hours=1))
    ActivityFactory(group=group, title="已经结束", starts_at=days_ago(1))
    ActivityFactory(group=group, title="已取消", starts_at=soon, status="cancelled")
    ActivityFactory(group=archived, title="归档社群的活动", starts_at=soon)


def test_the_site_wide_list_shows_upcoming_activities_of_active_groups_only(client, listed):
    response = client.get(reverse("activities"))

    assert response.status_code == 200
    assert sorted(titles(response)) == sorted(["杭州线下骑行", "杭州线上分享", "上海读书会"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"topic": "test-reading"}, ["上海读书会"]),
        ({"topic": "city-cycling"}, ["杭州线下骑行", "杭州线上分享"]),
        ({"city": "上海"}, ["上海读书会"]),
        ({"mode": "online"}, ["杭州线上分享"]),
        ({"mode": "offline", "city": "杭州"}, ["杭州线下骑行"]),
        ({"mode": "anything"}, ["杭州线下骑行", "杭州线上分享", "上海读书会"]),
        ({"topic": "no-such-topic"}, []),
    ],
    ids=["topic", "other topic", "city", "mode", "mode and city", "unknown mode ignored", "unknown topic"],
)
def test_the_site_wide_list_filters_by_topic_city_and_mode(client, listed, query, expected):
    response = client.get(reverse("activities"), query)

    assert sorted(titles(response)) == sorted(expected)


def test_the_site_wide_list_paginates_in_time_order_and_keeps_the_filters(client, group):
    start = timezone.now() + timedelta(days=1)
    for index in range(ACTIVITIES_PER_PAGE + 5):
        ActivityFactory(group=group, title=f"骑行第{index:02d}场", starts_at=start + timedelta(hours=index))
    ActivityFactory(group=group, title="线上", mode="online", place="", link="https://x.example", starts_at=start)

    first = client.get(reverse("activities"), {"mode": "offline", "city": "杭州"})
    links = re.findall(r'href="(\?[^"]*page=2)"', first.content.decode())
    second = client.get(reverse("activities") + iri_to_uri(html.unescape(links[0])))
    beyond = client.get(reverse("activities"), {"mode": "offline", "city": "杭州", "page": "99"})

    assert titles(first) == [f"骑行第{index:02d}场" for index in range(ACTIVITIES_PER_PAGE)]
    assert titles(second) == [f"骑行第{index:02d}场" for index in range(ACTIVITIES_PER_PAGE, ACTIVITIES_PER_PAGE + 5)]
    assert titles(beyond) == titles(second)  # past the end: the last page, not an error
