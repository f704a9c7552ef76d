"""Two workers mailing the same event at the same moment: the row lock lets one of them send (PostgreSQL only)."""

import pytest
from django.core import mail
from django.db import transaction

from portal.notifications.models import Notification
from portal.notifications.services import send_pending_emails
from tests.concurrency import race, race_test
from tests.factories import UserFactory

from .factories import NotificationFactory

pytestmark = race_test


@pytest.mark.usefixtures("test_types")
def test_two_workers_send_one_email():
    with transaction.atomic():
        member = UserFactory(verified=True)
        NotificationFactory(recipient=member, kind="tests.mailed", key="race", email="pending")
    mail.outbox = []
    race(send_pending_emails.call, [("tests.mailed", "race", [member.pk])] * 4)
    assert len(mail.outbox) == 1
    assert Notification.objects.get().email == "sent"
