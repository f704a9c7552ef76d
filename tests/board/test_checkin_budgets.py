"""The topic page's query budget: at most 12 queries, the same for a few check-ins and for many members and days.

Streaks and the completion table come from one query of (member, period) rows plus one for the members shown; the
recent check-ins are one page read with OFFSET/LIMIT and their images in one more query.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.board.models import CheckIn, CheckInImage
from portal.board.services.checkins import open_topic
from tests.groups.factories import MemberFactory, MembershipFactory

pytestmark = pytest.mark.django_db

BUDGET = 12


@pytest.fixture
def topic(board_group, viewer):
    today = timezone.localdate()
    post = open_topic(
        viewer(board_group.group, board_group.leader),
        title="每周作业",
        body="<p>交一张照片</p>",
        cadence="daily",
        starts_on=today,
        ends_on=today + timedelta(days=60),
        is_assignment=True,
        today=today,
    )
    return post.check_in_topic


def grow(board_group, topic, members, days):
    """``members`` more members, each with a check-in (two images, every other one reviewed) on each of the last
    ``days`` days (the topic's start moved back to cover them)."""
    today = timezone.localdate()
    type(topic).objects.filter(pk=topic.pk).update(starts_on=today - timedelta(days=days))
    people = [
        MembershipFactory(group=board_group.group, member=MemberFactory(display_name=f"成员{n}")).member
        for n in range(members)
    ]
    CheckIn.objects.bulk_create(
        CheckIn(
            topic=topic,
            member=person,
            period=today - timedelta(days=day),
            body=f"第{day}天",
            reviewed_at=timezone.now() if day % 2 else None,
            reviewed_by=board_group.leader if day % 2 else None,
            review_comment="不错" if day % 2 else "",
        )
        for person in people
        for day in range(days)
    )
    new = CheckIn.objects.filter(topic=topic, images__isnull=True)
    CheckInImage.objects.bulk_create(
        CheckInImage(check_in=row, image=f"board/check-ins/{row.pk}-{n}.jpg", sort_order=n)
        for row in new
        for n in (0, 1)
    )


def count_queries(client, url):
    assert client.get(url).status_code == 200  # warm: process caches, first-use rows
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("who", ["leader", "alice", None])
def test_the_topic_page_costs_a_constant_number_of_queries(client, board_group, topic, who, settings):
    # Rendering is what is counted: a visitor's second request would otherwise be the full-page cache's copy.
    settings.PAGE_CACHE_ENABLED = False
    url = board_group.url("post", topic.pk)
    if who:
        client.force_login(getattr(board_group, who))
    grow(board_group, topic, members=2, days=2)
    few, _ = count_queries(client, url)
    grow(board_group, topic, members=30, days=25)
    many, response = count_queries(client, url)
    assert len(response.context["check_ins"]) == 20 and response.context["next_page"] == 2
    assert len(response.context["table"].rows) == 32
    assert few == many, (few, many)
    assert many <= BUDGET, many
