"""Test-only notification types (registered for one test, then removed) and helpers to emit them."""

from pathlib import Path

import pytest
from django.core import mail

from portal.notifications import types
from portal.notifications.services import notify
from portal.notifications.types import Channel, NotificationType
from tests.factories import UserFactory

TEMPLATES = Path(__file__).parent / "templates"

PING = "tests.ping"  # on the site only
MAILED = "tests.mailed"  # by e-mail at once
DIGESTED = "tests.digested"  # in the daily digest
DECISION = "tests.decision"  # by e-mail, cannot be switched off


@pytest.fixture
def test_types(settings):
    """Four types rendered from tests/notifications/templates; the registry is put back afterwards. Not autouse:
    the event tests of the emitting apps in this folder run with the real registry only."""
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], str(TEMPLATES)]},
        *settings.TEMPLATES[1:],
    ]
    saved = dict(types._TYPES)
    types.register(
        NotificationType(PING, "Test pings", "notifications_test/ping.txt", section="Tests"),
        NotificationType(MAILED, "Test mails", "notifications_test/ping.txt", default=Channel.EMAIL, section="Tests"),
        NotificationType(DIGESTED, "Test digests", "notifications_test/ping.txt", default=Channel.DIGEST),
        NotificationType(
            DECISION, "Test decisions", "notifications_test/ping.txt", default=Channel.EMAIL, can_turn_off=False
        ),
    )
    yield
    types._TYPES.clear()
    types._TYPES.update(saved)


@pytest.fixture
def people(db):
    """Factory fixture: ``people(3, language="en")`` makes members with verified addresses."""

    def make(count, **kwargs):
        return [UserFactory(verified=True, **kwargs) for _ in range(count)]

    return make


@pytest.fixture
def emit(django_capture_on_commit_callbacks):
    """``emit(kind, recipients, **kwargs)``: notify() and run the fan-out and e-mail tasks as a commit would."""

    def run(kind, recipients, **kwargs):
        kwargs.setdefault("params", {"place": "西湖读书会"})
        with django_capture_on_commit_callbacks(execute=True):
            notify(kind, recipients, **kwargs)

    return run


@pytest.fixture
def outbox():
    mail.outbox = []
    return mail.outbox


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    """``send(member, url, data)``: the member posts a form, which must redirect; the fan-out and its e-mails run as
    the commit would."""

    def run(member, url, data):
        client.force_login(member)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data)
        assert response.status_code == 302, response.status_code
        return response

    return run
