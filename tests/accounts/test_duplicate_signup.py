"""Signing up with a known address answers like a new one, so the form cannot be used to probe who is a member."""

import re

import pytest
from django.contrib.messages import get_messages

from portal.accounts.models import User
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

SIGNUP_URL = "/en/accounts/signup/"


def _signup(client, email, password=DEFAULT_PASSWORD):
    return client.post(
        SIGNUP_URL, {"email": email, "password1": password, "password2": password, "display_name": "某人"}
    )


def _messages_without_address(response, email):
    address = re.compile(re.escape(email), re.IGNORECASE)
    return [address.sub("<address>", str(message)) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("duplicate", ["member@example.com", "Member@EXAMPLE.com"])
def test_duplicate_signup_looks_like_a_new_signup_and_mails_the_owner(client, member, mailoutbox, duplicate):
    new = _signup(client.__class__(), "stranger@example.com")
    mailoutbox.clear()
    users_before = User.objects.count()

    existing = _signup(client, duplicate)

    assert existing.status_code == new.status_code == 302
    assert existing["Location"] == new["Location"]
    assert _messages_without_address(existing, duplicate) == _messages_without_address(new, "stranger@example.com")
    followed = client.get(existing["Location"]).content.decode().lower()
    assert "already" not in followed
    assert "registered" not in followed

    assert User.objects.count() == users_before
    assert User.objects.filter(email__iexact="member@example.com").count() == 1
    # The owner hears about it instead; the message carries no verification link for the stranger.
    assert len(mailoutbox) == 1
    assert [address.lower() for address in mailoutbox[0].to] == ["member@example.com"]
    assert "confirm-email" not in mailoutbox[0].body


def test_duplicate_signup_does_not_change_the_owners_password(client, member):
    _signup(client, member.email, password="Another-long-secret-77")
    member.refresh_from_db()
    assert member.check_password(DEFAULT_PASSWORD)
    assert member.display_name == "小林"
