"""The recruitment directory splits open and closed calls in SQL, and its queries do not grow with the calls."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from recruitment.models import RecruitmentCallPage
from tests.page_factories import RecruitmentCallPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _render_every_request(settings):
    # What rendering costs is measured here; tests/cache covers the full-page cache.
    settings.PAGE_CACHE_ENABLED = False


def test_the_recruitment_directory_splits_open_and_closed_calls_in_sql(client, call_index):
    now = timezone.now()
    open_call = RecruitmentCallPageFactory(title="开放中", opens_at=now - timedelta(days=1))
    upcoming = RecruitmentCallPageFactory(
        title="下月开放", opens_at=now + timedelta(days=30), closes_at=now + timedelta(days=40)
    )
    closed = RecruitmentCallPageFactory(
        title="已结束", opens_at=now - timedelta(days=40), closes_at=now - timedelta(days=30)
    )

    context = client.get(call_index.url).context

    assert [call.pk for call in context["open_calls"]] == [open_call.pk]
    assert [call.pk for call in context["closed_calls"]] == [upcoming.pk, closed.pk]


def test_the_recruitment_directory_shows_twenty_closed_calls_with_the_same_queries(client, call_index):
    past = timezone.now() - timedelta(days=100)

    def add_closed(n):
        for i in range(n):
            call = RecruitmentCallPageFactory.build(
                opens_at=past + timedelta(days=i), closes_at=past + timedelta(days=i + 1)
            )
            call_index.add_child(instance=call)

    add_closed(3)
    client.get(call_index.url)
    with CaptureQueriesContext(connection) as few:
        client.get(call_index.url)
    add_closed(30)
    client.get(call_index.url)
    with CaptureQueriesContext(connection) as many:
        response = client.get(call_index.url)

    assert len(few) == len(many)
    closed = list(response.context["closed_calls"])
    assert len(closed) == 20
    assert closed == sorted(closed, key=lambda call: call.opens_at, reverse=True)
    assert RecruitmentCallPage.objects.live().count() == 33
