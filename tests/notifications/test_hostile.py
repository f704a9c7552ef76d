"""Hostile input on the notification centre's URLs: NUL bytes, huge numbers, long and malformed values never make a
500 (tests/security/test_hostile_input.py also sends its values to every URL pattern)."""

import pytest
from django.test import Client

from .factories import NotificationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("test_types")]

BAD_VALUES = ["a\x00b", "长" * 10_000, "-1", "abc", "99999999999999999999", "1.2.3", "9" * 17 + ".9" * 3]


@pytest.mark.parametrize("value", BAD_VALUES)
def test_bad_cursors_and_fields_are_never_a_500(client, member, value):
    NotificationFactory(recipient=member)
    client.force_login(member)
    assert client.get("/portal/notifications/", {"before": value}).status_code in (200, 400)
    assert client.post("/portal/notifications/preferences/", {"tests.ping": value}).status_code == 400
    assert client.post("/portal/notifications/read-all/", {"next": value}).status_code in (302, 400)


@pytest.mark.parametrize("pk", ["0", "99999999999999999", "999999999999999999", "9999999999999999999999"])
def test_ids_out_of_range_are_a_404(client, member, pk):
    client.force_login(member)
    assert client.get(f"/portal/notifications/{pk}/open/").status_code == 404
    assert client.post(f"/portal/notifications/{pk}/read/").status_code == 404


@pytest.mark.parametrize("token", ["a%00b", "x" * 2000, "..", "a:b:c", "%E9%95%BF"])
def test_malformed_unsubscribe_tokens_are_refused(member, token):
    for method in ("get", "post"):
        response = getattr(Client(), method)(f"/portal/notifications/unsubscribe/{token}/")
        assert response.status_code == 400
