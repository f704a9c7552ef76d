"""Notifications built directly (the fan-out has its own tests)."""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from portal.notifications.models import Notification
from tests.factories import UserFactory


class NotificationFactory(DjangoModelFactory):
    recipient = factory.SubFactory(UserFactory)
    kind = "tests.ping"
    key = factory.Sequence(lambda n: f"key-{n}")
    title = factory.Sequence(lambda n: f"通知 {n}")
    url = "/groups/xihu/"
    created_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Notification
