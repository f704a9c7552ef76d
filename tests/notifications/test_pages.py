"""The list, opening and marking read, and the bell: a member's own notifications only, in a constant number of
queries."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.notifications.models import Notification
from portal.notifications.services import unread_count
from tests.factories import UserFactory

from .factories import NotificationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("test_types")]

LIST = "/portal/notifications/"


def _day_headings(html):
    return [
        " ".join(text.split())
        for text in re.findall(r'<h2 class="notification-day__title"[^>]*>(.*?)</h2>', html, re.S)
    ]


def test_the_list_needs_a_signed_in_member(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_list_shows_my_notifications_newest_first_by_local_day(client, member):
    now = timezone.localtime()
    NotificationFactory(recipient=member, title="今天的通知", created_at=now)
    NotificationFactory(recipient=member, title="昨天的通知", created_at=now - timedelta(days=1), read_at=now)
    NotificationFactory(recipient=member, title="上周的通知", created_at=now - timedelta(days=8), read_at=now)
    NotificationFactory(title="别人的通知")
    client.force_login(member)
    html = client.get(LIST).content.decode()
    assert html.index("今天的通知") < html.index("昨天的通知") < html.index("上周的通知")
    assert "别人的通知" not in html
    headings = _day_headings(html)
    assert headings[:1] == ["今天"] and len(headings) == 3
    assert html.count("notification--unread") == 1


def test_days_are_local_days_not_utc_days(client, member):
    # 00:30 in Shanghai is 16:30 UTC the day before: the row belongs under the local date.
    local_midnight = timezone.localtime().replace(hour=0, minute=30, second=0, microsecond=0)
    NotificationFactory(recipient=member, title="凌晨的通知", created_at=local_midnight)
    client.force_login(member)
    html = client.get(LIST).content.decode()
    assert _day_headings(html) == ["今天"]


def test_english_list_says_today_and_yesterday(client, member):
    NotificationFactory(recipient=member)
    NotificationFactory(recipient=member, created_at=timezone.now() - timedelta(days=1))
    client.force_login(member)
    assert _day_headings(client.get("/en" + LIST).content.decode()) == ["Today", "Yesterday"]


def _list_queries(client, member, count):
    start = timezone.now() - timedelta(days=30)
    Notification.objects.bulk_create(
        NotificationFactory.build(recipient=member, created_at=start + timedelta(hours=i)) for i in range(count)
    )
    client.force_login(member)
    client.get(LIST)  # warm: session and site settings cached, as most requests see them
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST)
    assert response.status_code == 200
    return len(queries), response


def test_the_list_costs_the_same_with_10_or_200_notifications(client, verified_member):
    few, _ = _list_queries(client, verified_member(), 10)
    many, response = _list_queries(client, verified_member(), 200)
    assert few == many
    assert 'rel="next"' in response.content.decode()


def test_older_pages_follow_the_cursor_without_repeats(client, member):
    start = timezone.now() - timedelta(days=3)
    for i in range(35):
        NotificationFactory(recipient=member, title=f"第{i:02d}条", created_at=start + timedelta(minutes=i))
    client.force_login(member)
    first = client.get(LIST)
    cursor = first.content.decode().split("?before=")[1].split('"')[0]
    second = client.get(LIST, {"before": cursor.replace("&amp;", "&")}).content.decode()
    assert "第34条" in first.content.decode() and "第05条" in first.content.decode()
    assert "第04条" in second and "第00条" in second and "第05条" not in second
    assert client.get(LIST, {"before": "garbage"}).status_code == 200


def test_opening_marks_read_and_goes_to_the_link(client, member):
    notification = NotificationFactory(recipient=member, url="/groups/xihu/")
    client.force_login(member)
    assert unread_count(member) == 1
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == "/groups/xihu/"
    notification.refresh_from_db()
    assert notification.is_read
    assert unread_count(member) == 0


@pytest.mark.parametrize(
    "url", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"]
)
def test_opening_never_leaves_the_site(client, member, url):
    notification = NotificationFactory(recipient=member, url=url)
    client.force_login(member)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == LIST


def test_someone_elses_notification_is_a_404(client, member):
    theirs = NotificationFactory()
    client.force_login(member)
    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notifications:mark_read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_read


def test_mark_one_read_is_a_post(client, member):
    notification = NotificationFactory(recipient=member)
    client.force_login(member)
    url = reverse("notifications:mark_read", args=[notification.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    notification.refresh_from_db()
    assert notification.is_read


def test_mark_all_read_marks_only_mine(client, member):
    mine = [NotificationFactory(recipient=member) for _ in range(3)]
    theirs = NotificationFactory()
    client.force_login(member)
    assert unread_count(member) == 3
    response = client.post(reverse("notifications:mark_all_read"), follow=True)
    assert response.status_code == 200
    assert not Notification.objects.filter(pk__in=[n.pk for n in mine], read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert not theirs.is_read
    assert unread_count(member) == 0


def test_the_bell_shows_the_unread_count_with_an_accessible_name(client, member):
    for _ in range(3):
        NotificationFactory(recipient=member)
    NotificationFactory(recipient=member, read_at=timezone.now())
    client.force_login(member)
    html = client.get(reverse("accounts:dashboard")).content.decode()
    assert 'aria-label="通知，3 条未读"' in html or 'aria-label="Notifications, 3 unread"' in html
    assert 'class="notification-bell__count" aria-hidden="true">3<' in html


def test_the_bell_caps_at_99(client, member):
    Notification.objects.bulk_create(NotificationFactory.build(recipient=member) for _ in range(120))
    client.force_login(member)
    assert ">99+<" in client.get(reverse("accounts:dashboard")).content.decode()


def test_anonymous_pages_have_no_bell(client, home_page):
    assert "notification-bell" not in client.get("/").content.decode()


def test_the_bell_costs_one_query_then_none(member):
    NotificationFactory(recipient=member)
    with CaptureQueriesContext(connection) as queries:
        assert unread_count(member) == 1
    assert len(queries) == 1
    with CaptureQueriesContext(connection) as queries:
        assert unread_count(member) == 1
    assert len(queries) == 0


def test_a_new_notification_refreshes_the_bell(member, emit):
    assert unread_count(member) == 0
    emit("tests.ping", [member], actor=UserFactory())
    assert unread_count(member) == 1


def test_the_bell_counts_from_the_database_when_the_cache_is_down(client, member, redis_down):
    NotificationFactory(recipient=member)
    client.force_login(member)
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 200
    assert 'class="notification-bell__count" aria-hidden="true">1<' in response.content.decode()
