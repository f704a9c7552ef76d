"""The daily digest and pruning: each waiting notification mailed once, in the member's language; old read
notifications deleted in batches, unread ones kept."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from portal.notifications.models import Notification

from .conftest import DIGESTED
from .factories import NotificationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("test_types")]


def _waiting(member, count, **kwargs):
    return [
        NotificationFactory(recipient=member, kind=DIGESTED, email="digest", title=f"待汇总 {i}", **kwargs)
        for i in range(count)
    ]


def test_each_member_gets_one_digest_listing_their_notifications(verified_member, outbox):
    chinese = verified_member(language="zh-hans")
    english = verified_member(language="en")
    _waiting(chinese, 3)
    _waiting(english, 2)
    NotificationFactory(recipient=english, kind=DIGESTED, email="digest", title="已读的", read_at=timezone.now())
    call_command("send_notification_digests", "--batch-size", "1")
    assert sorted(message.to[0] for message in outbox) == sorted([chinese.email, english.email])
    english_mail = next(message for message in outbox if message.to == [english.email])
    assert english_mail.subject == "Your daily notifications: 2 new"
    assert "待汇总 0" in english_mail.body and "待汇总 1" in english_mail.body
    assert "已读的" not in english_mail.body
    assert "http://testserver/en/portal/notifications/preferences/" in english_mail.body
    assert english_mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert set(Notification.objects.values_list("email", flat=True)) == {"digested"}


def test_a_second_run_sends_nothing(verified_member, outbox):
    _waiting(verified_member(), 2)
    call_command("send_notification_digests")
    call_command("send_notification_digests")
    assert len(outbox) == 1


def test_rows_mailed_at_once_or_not_at_all_stay_out_of_the_digest(verified_member, outbox):
    member = verified_member()
    NotificationFactory(recipient=member, email="sent")
    NotificationFactory(recipient=member, email="")
    call_command("send_notification_digests")
    assert outbox == []


def test_a_long_digest_lists_50_and_counts_the_rest(verified_member, outbox):
    member = verified_member(language="en")
    start = timezone.now() - timedelta(hours=2)
    Notification.objects.bulk_create(
        NotificationFactory.build(
            recipient=member, kind=DIGESTED, email="digest", title=f"n{i:02d}", created_at=start + timedelta(minutes=i)
        )
        for i in range(60)
    )
    call_command("send_notification_digests")
    (message,) = outbox
    assert "n59" in message.body and "n10" in message.body and "n09" not in message.body
    assert "and 10 more on the site" in message.body


def test_prune_deletes_old_read_notifications_only(member):
    now = timezone.now()
    old_read = [
        NotificationFactory(recipient=member, created_at=now - timedelta(days=100), read_at=now) for _ in range(5)
    ]
    old_unread = NotificationFactory(recipient=member, created_at=now - timedelta(days=100))
    recent_read = NotificationFactory(recipient=member, created_at=now - timedelta(days=10), read_at=now)
    call_command("prune_notifications", "--batch-size", "2")
    remaining = set(Notification.objects.values_list("pk", flat=True))
    assert remaining == {old_unread.pk, recent_read.pk}
    assert not remaining & {row.pk for row in old_read}
    call_command("prune_notifications", "--days", "5")
    assert set(Notification.objects.values_list("pk", flat=True)) == {old_unread.pk}
