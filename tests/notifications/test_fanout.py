"""notify() and the fan-out: who is told, in which language, on which channel, and never twice."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.notifications.models import Notification, Preference
from portal.notifications.services import fan_out, send_pending_emails
from portal.notifications.types import Channel
from tests.factories import UserFactory

from .conftest import DECISION, DIGESTED, MAILED, PING

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("test_types")]


def test_every_recipient_is_told_once_and_the_actor_never(people, emit):
    actor, *others = people(4)
    emit(PING, [actor, *others, others[0].pk], actor=actor, url="/groups/xihu/")
    rows = Notification.objects.order_by("recipient_id")
    assert [row.recipient_id for row in rows] == [member.pk for member in others]
    assert {row.url for row in rows} == {"/groups/xihu/"}
    assert all(row.read_at is None and row.email == "" for row in rows)


def test_inactive_members_are_not_told(people, emit):
    active, gone = people(2)
    gone.is_active = False
    gone.save()
    emit(PING, [active, gone])
    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [active.pk]


def test_each_member_reads_it_in_their_own_language(people, emit):
    actor = UserFactory(display_name="阿青")
    (chinese,) = people(1, language="zh-hans")
    (english,) = people(1, language="en")
    emit(PING, [chinese, english], actor=actor)
    assert Notification.objects.get(recipient=chinese).title == "今天: 阿青 pinged you in 西湖读书会"
    assert Notification.objects.get(recipient=english).title == "Today: 阿青 pinged you in 西湖读书会"
    # The body is the template's second line, kept as plain text (escaped only when shown).
    assert Notification.objects.get(recipient=english).body == "西湖读书会 <b>is</b> waiting."


def test_a_type_switched_off_is_not_recorded(people, emit):
    quiet, loud = people(2)
    Preference.objects.create(member=quiet, kind=PING, channel=Channel.OFF)
    emit(PING, [quiet, loud])
    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [loud.pk]


def test_a_type_that_cannot_be_switched_off_still_arrives(people, emit, outbox):
    (member,) = people(1)
    Preference.objects.create(member=member, kind=DECISION, channel=Channel.OFF)
    emit(DECISION, [member])
    assert Notification.objects.filter(recipient=member).count() == 1


def test_the_same_event_twice_is_told_once(people, emit):
    (member,) = people(1)
    emit(PING, [member], key="request:7")
    emit(PING, [member], key="request:7")
    emit(PING, [member], key="request:8")
    assert Notification.objects.filter(recipient=member).count() == 2


def test_email_types_mail_once_however_often_the_jobs_run(people, emit, outbox):
    members = people(2, language="en")
    emit(MAILED, members, key="k1", url="/groups/xihu/")
    assert len(outbox) == 2
    assert {message.subject for message in outbox} == {"Today: pinged you in 西湖读书会"}
    assert set(Notification.objects.values_list("email", flat=True)) == {"sent"}
    ids = [member.pk for member in members]
    send_pending_emails.call(MAILED, "k1", ids)
    fan_out.call(MAILED, ids, "/groups/xihu/", None, {"place": "西湖读书会"}, "k1", None, None)
    send_pending_emails.call(MAILED, "k1", ids)
    assert len(outbox) == 2
    assert Notification.objects.count() == 2


def test_digest_types_wait_for_the_digest(people, emit, outbox):
    (member,) = people(1)
    emit(DIGESTED, [member])
    assert outbox == []
    assert Notification.objects.get().email == "digest"


def test_a_member_who_chose_email_for_a_site_type_is_mailed(people, emit, outbox):
    (member,) = people(1)
    Preference.objects.create(member=member, kind=PING, channel=Channel.EMAIL)
    emit(PING, [member])
    assert [message.to for message in outbox] == [[member.email]]


def _fan_out_queries(members, key):
    ids = [member.pk for member in members]
    with CaptureQueriesContext(connection) as queries:
        fan_out.call(PING, ids, "/groups/xihu/", ids[0], {"place": "西湖读书会"}, key, None, None)
    return len(queries)


def test_fan_out_costs_the_same_for_100_members_as_for_10(people):
    small, large = people(10), people(100)
    few = _fan_out_queries(small, "small")
    many = _fan_out_queries(large, "large")
    assert Notification.objects.count() == 110
    # One INSERT for all rows on PostgreSQL. SQLite caps a statement at 999 parameters, so Django splits a bulk
    # insert into batches there; the only difference allowed is those extra batches.
    fields = [field for field in Notification._meta.concrete_fields if not field.primary_key]
    batch = connection.ops.bulk_batch_size(fields, large) or len(large)
    extra_batches = -(-100 // batch) - 1
    assert many == few + extra_batches
    if connection.vendor == "postgresql":
        assert many == few
