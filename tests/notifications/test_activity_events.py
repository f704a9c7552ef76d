"""Activity notifications: a new activity, reminders a day and two hours ahead, a new time or place, a cancellation.

Members are told in their own language, on the channel they chose; the reminder job never reminds twice and reminds
again when an activity moves. Requests go through the views; e-mail is read from the outbox.
"""

import io
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from portal.groups.models import Activity, ActivityRSVP, Membership
from portal.groups.notifications import activities as notices
from portal.groups.services import activities as activity_services
from portal.notifications.models import Notification, Preference
from portal.notifications.types import Channel
from tests.groups.factories import CommunityGroupFactory, MemberFactory, MembershipFactory
from tests.groups.lifecycle.factories import ActivityFactory
from website.core.jobs import job_lock


def in_language(language, message, **params):
    """``message`` (a template's msgid) as a member reading ``language`` gets it, translated yet or not."""
    with translation.override(language):
        return gettext(message) % params


def local_input(moment):
    """What a datetime-local input sends: local wall time to the minute."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def leader(db):
    return MemberFactory(email="leader@example.com", display_name="组长阿青")


@pytest.fixture
def group(leader):
    return CommunityGroupFactory(name="西湖骑行社", slug="xihu-cycling", leader=leader)


@pytest.fixture
def member_of(group):
    def make(target=None, language="zh-hans", **membership):
        return MembershipFactory(group=target or group, member=MemberFactory(language=language), **membership).member

    return make


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run a callable with its notifications fanned out and mailed, as after a commit."""

    def call(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return call


def going(activity, *members, answered=None):
    """Members sign up through the service; `answered` backdates the RSVP (a reminder skips fresh sign-ups)."""
    for member in members:
        activity_services.rsvp(activity, member)
    ActivityRSVP.objects.filter(activity=activity, member__in=members).update(
        created_at=answered or timezone.now() - timedelta(days=5)
    )


def told(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient_id", "target_id"))


def mailed_to():
    return sorted(address for message in mail.outbox for address in message.to)


# --- A new activity --------------------------------------------------------------------------------------------------


def activity_form(start, **changes):
    data = {
        "title": "周六清晨骑行",
        "mode": "offline",
        "starts_at": local_input(start),
        "ends_at": local_input(start + timedelta(hours=2)),
        "place": "断桥东侧",
        "link": "",
        "description": "六点半集合。",
        "capacity": "12",
    }
    data.update(changes)
    return data


def test_a_new_activity_tells_the_groups_active_members_in_their_language_but_not_its_creator(
    client, group, leader, member_of, run
):
    chinese, english = member_of(language="zh-hans"), member_of(language="en")
    left = member_of(state=Membership.State.LEFT)
    elsewhere = member_of(target=CommunityGroupFactory())
    start = timezone.now() + timedelta(days=3)
    client.force_login(leader)

    response = run(client.post, reverse("groups:activity_create", args=[group.slug]), activity_form(start))

    assert response.status_code == 302
    rows = {row.recipient_id: row for row in Notification.objects.filter(kind=notices.NEW)}
    assert set(rows) == {chinese.pk, english.pk}
    assert left.pk not in rows and elsewhere.pk not in rows and leader.pk not in rows
    title = "New activity in “%(group)s”: %(title)s"
    assert rows[english.pk].title == in_language("en", title, group="西湖骑行社", title="周六清晨骑行")
    assert rows[chinese.pk].title == in_language("zh-hans", title, group="西湖骑行社", title="周六清晨骑行")
    when = timezone.localtime(start).strftime("%Y-%m-%d %H:%M")
    assert in_language("en", "When: %(start)s", start=when) in rows[english.pk].body
    assert "断桥东侧" in rows[english.pk].body
    assert rows[english.pk].url == response["Location"]
    # The daily digest carries it by default: nothing is mailed at once.
    assert {row.email for row in rows.values()} == {Notification.Email.DIGEST}
    assert mail.outbox == []


# --- Reminders -------------------------------------------------------------------------------------------------------


def test_the_day_before_reminder_goes_to_members_going_and_no_one_else(group, member_of, run):
    activity = ActivityFactory(group=group, title="夜骑钱塘江", starts_at=timezone.now() + timedelta(hours=20))
    yes, changed_mind, silent, gone = member_of(), member_of(), member_of(), member_of()
    going(activity, yes, changed_mind, gone)
    activity_services.cancel_rsvp(activity, changed_mind)
    Membership.objects.filter(group=group, member=gone).update(state=Membership.State.LEFT)
    other_group = CommunityGroupFactory()
    later = ActivityFactory(group=group, starts_at=timezone.now() + timedelta(days=3))
    elsewhere = ActivityFactory(group=other_group, starts_at=timezone.now() + timedelta(hours=30))
    other_member = member_of(target=other_group)
    going(later, silent)
    going(elsewhere, other_member)

    output = io.StringIO()
    run(call_command, "send_activity_reminders", stdout=output)

    assert "1 activities a day ahead, 0 two hours ahead" in output.getvalue()

    assert told(notices.REMINDER_24H) == [(yes.pk, activity.pk)]
    assert told(notices.REMINDER_2H) == []
    assert mailed_to() == [yes.email]
    assert mail.outbox[0].subject == Notification.objects.get(recipient=yes).title


def test_reminders_are_written_in_each_members_language(group, member_of, run):
    activity = ActivityFactory(group=group, title="夜骑钱塘江", starts_at=timezone.now() + timedelta(minutes=90))
    chinese, english = member_of(language="zh-hans"), member_of(language="en")
    going(activity, chinese, english)

    run(notices.send_reminders)

    start = timezone.localtime(activity.starts_at).strftime("%Y-%m-%d %H:%M")
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    title = "Starting soon: “%(title)s” at %(start)s"
    assert subjects == {
        chinese.email: in_language("zh-hans", title, title="夜骑钱塘江", start=start),
        english.email: in_language("en", title, title="夜骑钱塘江", start=start),
    }
    assert told(notices.REMINDER_24H) == []


def test_running_the_job_again_or_with_an_overlapping_window_never_reminds_twice(group, member_of, run):
    activity = ActivityFactory(group=group, starts_at=timezone.now() + timedelta(hours=5))
    first, second = member_of(), member_of()
    going(activity, first, second)
    now = timezone.now()

    assert run(notices.send_reminders, now) == {notices.REMINDER_2H: 0, notices.REMINDER_24H: 1}
    assert run(notices.send_reminders, now) == {notices.REMINDER_2H: 0, notices.REMINDER_24H: 0}
    assert run(notices.send_reminders, now + timedelta(minutes=7)) == {notices.REMINDER_2H: 0, notices.REMINDER_24H: 0}

    assert told(notices.REMINDER_24H) == sorted([(first.pk, activity.pk), (second.pk, activity.pk)])
    assert len(mail.outbox) == 2

    # Three hours later the two-hour reminder is due: once, also when two runs overlap.
    later = now + timedelta(hours=3, minutes=10)
    run(notices.send_reminders, later)
    run(notices.send_reminders, later + timedelta(minutes=10))
    assert told(notices.REMINDER_2H) == sorted([(first.pk, activity.pk), (second.pk, activity.pk)])
    assert len(mail.outbox) == 4


def test_a_second_run_refuses_while_one_holds_the_lock(db):
    with job_lock("groups.activity_reminders"), pytest.raises(CommandError):
        call_command("send_activity_reminders")


def test_a_moved_activity_reminds_again_for_its_new_time(client, group, leader, member_of, run):
    activity = ActivityFactory(group=group, title="夜骑钱塘江", starts_at=timezone.now() + timedelta(hours=10))
    member = member_of(language="en")
    going(activity, member)
    run(notices.send_reminders)
    new_start = activity.starts_at + timedelta(hours=3)
    client.force_login(leader)

    run(
        client.post,
        reverse("groups:activity_edit", args=[group.slug, activity.pk]),
        activity_form(new_start, title="夜骑钱塘江", capacity=""),
    )
    run(notices.send_reminders)

    keys = sorted(Notification.objects.filter(kind=notices.REMINDER_24H).values_list("key", flat=True))
    activity.refresh_from_db()
    assert len(keys) == 2 and notices.reminder_key(activity) in keys
    changed = Notification.objects.get(kind=notices.CHANGED, recipient=member)
    start = timezone.localtime(activity.starts_at).strftime("%Y-%m-%d %H:%M")
    assert changed.title == in_language("en", "New time for “%(title)s”: %(start)s", title="夜骑钱塘江", start=start)
    assert [message.subject for message in mail.outbox][1:] == [
        changed.title,
        in_language("en", "Reminder: “%(title)s” starts at %(start)s", title="夜骑钱塘江", start=start),
    ]


def test_a_member_who_signed_up_inside_the_window_gets_only_the_nearer_reminder(group, member_of, run):
    activity = ActivityFactory(group=group, starts_at=timezone.now() + timedelta(hours=20))
    early, late = member_of(), member_of()
    going(activity, early)
    going(activity, late, answered=timezone.now() - timedelta(hours=1))

    run(notices.send_reminders)
    run(notices.send_reminders, activity.starts_at - timedelta(hours=1))

    assert told(notices.REMINDER_24H) == [(early.pk, activity.pk)]
    assert told(notices.REMINDER_2H) == sorted([(early.pk, activity.pk), (late.pk, activity.pk)])


def test_a_member_who_switched_reminders_off_is_not_reminded(group, member_of, run):
    activity = ActivityFactory(group=group, starts_at=timezone.now() + timedelta(hours=20))
    quiet, member = member_of(), member_of()
    going(activity, quiet, member)
    Preference.objects.create(member=quiet, kind=notices.REMINDER_24H, channel=Channel.OFF)

    run(notices.send_reminders)

    assert told(notices.REMINDER_24H) == [(member.pk, activity.pk)]
    assert mailed_to() == [member.email]


def test_a_cancelled_activity_is_not_reminded_of(group, member_of, run):
    activity = ActivityFactory(group=group, starts_at=timezone.now() + timedelta(hours=20))
    going(activity, member_of())
    run(activity_services.cancel_activity, activity)
    mail.outbox.clear()

    run(notices.send_reminders)

    assert told(notices.REMINDER_24H) == []
    assert mail.outbox == []


def build_activities(count, members):
    start = timezone.now() + timedelta(hours=20)
    activities = [ActivityFactory(group=CommunityGroupFactory(), starts_at=start) for _ in range(count)]
    Membership.objects.bulk_create(
        Membership(group_id=activity.group_id, member=member) for activity in activities for member in members
    )
    ActivityRSVP.objects.bulk_create(
        ActivityRSVP(activity=activity, member=member, created_at=start - timedelta(days=3))
        for activity in activities
        for member in members
    )


def queries_of(action):
    with CaptureQueriesContext(connection) as queries:
        action()
    return len(queries)


@pytest.mark.parametrize("count", [1, 20])
def test_a_run_with_nobody_left_to_remind_costs_the_same_for_1_or_20_activities(db, run, count):
    members = MemberFactory.create_batch(10)
    build_activities(1, members)
    run(notices.send_reminders)
    baseline = queries_of(notices.send_reminders)
    build_activities(count - 1, members)
    run(notices.send_reminders)

    assert queries_of(notices.send_reminders) == baseline


def test_reminding_costs_the_same_queries_whatever_the_number_of_members_going(db, run):
    """Per activity a fixed number of statements (the fan-out's); none per member (members chose on-site reminders,
    so the count leaves out the e-mails, which are one claim per message by design)."""
    few, many = MemberFactory.create_batch(3), MemberFactory.create_batch(15)
    Preference.objects.bulk_create(
        Preference(member=member, kind=notices.REMINDER_24H, channel=Channel.SITE) for member in few + many
    )
    ContentType.objects.get_for_model(Activity)  # the type's id is cached for the process, as in production
    build_activities(5, few)
    with_few = queries_of(lambda: run(notices.send_reminders))
    Notification.objects.all().delete()
    ActivityRSVP.objects.all().delete()
    build_activities(5, many)

    assert queries_of(lambda: run(notices.send_reminders)) == with_few
    assert Notification.objects.filter(kind=notices.REMINDER_24H).count() == 5 * 15


# --- A new time or place ---------------------------------------------------------------------------------------------


def in_three_days():
    """A start the form can send back unchanged: whole minutes, as a datetime-local input has them."""
    return (timezone.now() + timedelta(days=3)).replace(second=0, microsecond=0)


def test_a_new_place_tells_members_going_but_not_the_leader_or_those_who_cancelled(
    client, group, leader, member_of, run
):
    activity = ActivityFactory(group=group, title="夜骑钱塘江", starts_at=in_three_days())
    yes, changed_mind, silent = member_of(language="en"), member_of(), member_of()
    going(activity, yes, changed_mind, leader)
    activity_services.cancel_rsvp(activity, changed_mind)
    client.force_login(leader)
    url = reverse("groups:activity_edit", args=[group.slug, activity.pk])
    form = activity_form(activity.starts_at, title="夜骑钱塘江", place="六和塔下", capacity="")

    run(client.post, url, form)
    run(client.post, url, form)  # the same change submitted twice

    rows = list(Notification.objects.filter(kind=notices.CHANGED))
    assert [row.recipient_id for row in rows] == [yes.pk]
    assert rows[0].title == in_language("en", "New place for “%(title)s”", title="夜骑钱塘江")
    assert in_language("en", "Where: %(where)s", where="六和塔下") in rows[0].body
    assert mailed_to() == [yes.email]
    assert silent.pk not in [row.recipient_id for row in rows]


def test_editing_only_the_description_tells_no_one(client, group, leader, member_of, run):
    activity = ActivityFactory(group=group, title="夜骑钱塘江", starts_at=in_three_days())
    going(activity, member_of())
    client.force_login(leader)

    run(
        client.post,
        reverse("groups:activity_edit", args=[group.slug, activity.pk]),
        activity_form(
            activity.starts_at,
            title="夜骑钱塘江",
            place=activity.place,
            description="换了集合说明。",
            capacity="",
            ends_at=local_input(activity.ends_at),
        ),
    )

    assert told(notices.CHANGED) == []
    assert mail.outbox == []


# --- Cancelling ------------------------------------------------------------------------------------------------------


def test_cancelling_mails_members_going_in_their_language_unless_they_switched_it_off(
    client, group, leader, member_of, run
):
    activity = ActivityFactory(group=group, title="夜骑钱塘江")
    chinese, english, quiet = member_of(language="zh-hans"), member_of(language="en"), member_of()
    going(activity, chinese, english, quiet, leader)
    Preference.objects.create(member=quiet, kind=notices.CANCELLED, channel=Channel.OFF)
    client.force_login(leader)

    run(client.post, reverse("groups:activity_cancel", args=[group.slug, activity.pk]))

    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {
        chinese.email: in_language("zh-hans", "Cancelled: %(title)s", title="夜骑钱塘江"),
        english.email: "Cancelled: 夜骑钱塘江",
    }
    assert subjects[chinese.email] == "活动取消：夜骑钱塘江"
    assert told(notices.CANCELLED) == sorted([(chinese.pk, activity.pk), (english.pk, activity.pk)])
