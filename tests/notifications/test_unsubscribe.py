"""One-click unsubscribe (RFC 8058): the headers on every notification e-mail, a GET that only asks, a POST that
works without signing in or a CSRF token, and clear refusals for bad tokens."""

import pytest
from django.core import signing
from django.test import Client

from portal.notifications.models import Preference
from portal.notifications.services import channel_for
from portal.notifications.unsubscribe import DIGEST, SALT, make_token, unsubscribe_headers, unsubscribe_url

from .conftest import DECISION, DIGESTED, MAILED, PING

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("test_types")]


def _path(url):
    return url.removeprefix("http://testserver")


def test_notification_emails_carry_the_unsubscribe_headers_and_links(people, emit, outbox):
    (member,) = people(1, language="en")
    emit(MAILED, [member], url="/groups/xihu/")
    (message,) = outbox
    link = unsubscribe_url(member, MAILED)
    assert link.startswith("http://testserver/en/portal/notifications/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in message.message().as_string()
    assert message.subject in message.body
    assert "西湖读书会 <b>is</b> waiting." in message.body
    assert "http://testserver/groups/xihu/" in message.body
    assert link in message.body
    assert "Stop e-mails of this kind" in message.body


def test_a_chinese_member_gets_a_chinese_e_mail_and_link(people, emit, outbox):
    (member,) = people(1, language="zh-hans")
    emit(MAILED, [member])
    (message,) = outbox
    assert message.subject.startswith("今天")
    assert "http://testserver/portal/notifications/unsubscribe/" in message.extra_headers["List-Unsubscribe"]


def test_get_asks_and_changes_nothing(member):
    response = Client().get(_path(unsubscribe_url(member, MAILED)))
    assert response.status_code == 200
    assert b'<form method="post"' in response.content
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert not Preference.objects.exists()


def test_one_click_post_works_without_login_or_csrf_token(member):
    client = Client(enforce_csrf_checks=True)
    response = client.post(_path(unsubscribe_url(member, MAILED)), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert channel_for(member, MAILED) == "off"
    # Twice is the same as once.
    assert client.post(_path(unsubscribe_url(member, MAILED))).status_code == 200
    assert Preference.objects.filter(member=member).count() == 1


def test_types_that_cannot_be_turned_off_go_to_the_site_only(member):
    Client().post(_path(unsubscribe_url(member, DECISION)))
    assert channel_for(member, DECISION) == "site"


def test_the_digest_link_moves_digest_types_to_the_site(member):
    Preference.objects.create(member=member, kind=PING, channel="digest")
    Client().post(_path(unsubscribe_url(member, DIGEST)))
    assert channel_for(member, PING) == "site"
    assert channel_for(member, DIGESTED) == "site"
    assert channel_for(member, MAILED) == "email"


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        "a" * 600,
        signing.Signer(salt="another.salt").sign_object([1, MAILED]),
        signing.Signer(salt=SALT).sign_object(["1", MAILED]),
        signing.Signer(salt=SALT).sign_object([1, "tests.unknown"]),
        signing.Signer(salt=SALT).sign_object({"member": 1}),
        signing.dumps([1, MAILED], salt=SALT),
    ],
    ids=["nonsense", "long", "other-salt", "string-id", "unknown-type", "a-dict", "timestamped"],
)
def test_bad_tokens_get_a_clear_400(client, member, token):
    for method in (client.get, client.post):
        response = method(f"/portal/notifications/unsubscribe/{token}/")
        assert response.status_code == 400
        assert (
            "This unsubscribe link does not work" in response.content.decode() or "退订" in response.content.decode()
        )
    assert not Preference.objects.exists()


def test_a_tampered_token_is_refused(client, member):
    token = make_token(member, PING)
    response = client.post(f"/portal/notifications/unsubscribe/{token[:-2]}xx/")
    assert response.status_code == 400
    assert not Preference.objects.exists()


def test_a_deleted_member_token_is_refused(client, member):
    token = make_token(member.pk + 1000, PING)
    assert client.post(f"/portal/notifications/unsubscribe/{token}/").status_code == 400


def test_headers_for_other_apps(member):
    headers = unsubscribe_headers(member, PING)
    assert set(headers) == {"List-Unsubscribe", "List-Unsubscribe-Post"}
    assert headers["List-Unsubscribe"].startswith("<http://testserver/portal/notifications/unsubscribe/")
