"""Showcase and points events: an approved or picked entry, a new level, a fulfilled or cancelled redemption tell
their member once, in their language, on their channel (e-mail for decisions by staff, the site for levels)."""

import pytest
from django.core import mail
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from portal.notifications.models import Notification, Preference
from portal.notifications.types import Channel
from portal.points import notifications as points_notifications
from portal.points import services as points
from portal.points.models import Level, Reward
from tests.factories import UserFactory
from tests.groups.factories import CommunityGroupFactory
from tests.page_factories import EntryFactory, ShowcasePageFactory
from website.showcases.models import Entry

pytestmark = pytest.mark.django_db

SHIPPING = {"recipient_name": "林小满", "phone": "13800000000", "address": "杭州市西湖区文三路 1 号"}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` runs the fan-out and its e-mails when the block's work commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def person(language, **kwargs):
    return UserFactory(verified=True, language=language, **kwargs)


def title_in(language, template, **context):
    with translation.override(language):
        return render_to_string(template, context).strip().partition("\n")[0]


def told(kind):
    return list(Notification.objects.filter(kind=kind).order_by("pk").values_list("recipient_id", flat=True))


# --- showcases ------------------------------------------------------------------------------------------------------


def edit_entry(client, entry, **data):
    return client.post(f"/admin/snippets/showcases/entry/edit/{entry.pk}/", {"moderation_note": "", **data})


def test_approving_an_entry_tells_its_author_by_email_once(client, editor, committed):
    author = person("en")
    entry = EntryFactory(member=author, status=Entry.Status.PENDING, title="湖边日落")
    assert told("showcases.entry_approved") == []  # submitted, waiting: nobody decided anything yet
    client.force_login(editor)

    with committed():
        assert edit_entry(client, entry, status="approved").status_code == 302
    with committed():
        edit_entry(client, entry, status="approved", moderation_note="再存一次")

    row = Notification.objects.get()
    assert (row.recipient, row.kind, row.url) == (author, "showcases.entry_approved", entry.get_absolute_url())
    assert row.title == "Your entry “湖边日落” is live"
    assert [(message.to, message.subject) for message in mail.outbox] == [([author.email], row.title)]


def test_picking_an_entry_tells_its_author_once_in_chinese(client, editor, committed):
    author = person("zh-hans")
    entry = EntryFactory(member=author, status=Entry.Status.APPROVED, title="湖边日落")
    client.force_login(editor)

    with committed():
        edit_entry(client, entry, status="approved", picked="on")
    with committed():
        edit_entry(client, entry, status="approved", picked="on", moderation_note="构图好")

    assert told("showcases.entry_picked") == [author.pk]
    picked = Notification.objects.get(kind="showcases.entry_picked")
    assert picked.title == title_in(
        "zh-hans", "showcases/notifications/entry_picked.txt", entry="湖边日落", showcase=entry.showcase.title
    )
    assert picked.title in [message.subject for message in mail.outbox]


def test_bulk_approval_tells_each_author_of_each_entry_approved(editor, committed):
    from website.showcases.moderation import approve_entries

    first, second = person("en"), person("en")
    showcase = ShowcasePageFactory()
    entries = [
        EntryFactory(showcase=showcase, member=first, status=Entry.Status.PENDING),
        EntryFactory(showcase=showcase, member=first, status=Entry.Status.PENDING),
        EntryFactory(showcase=showcase, member=second, status=Entry.Status.PENDING),
        EntryFactory(showcase=showcase, member=second, status=Entry.Status.REJECTED),
    ]
    with committed():
        approve_entries(entries, user=editor)
    with committed():
        approve_entries(entries, user=editor)  # a double submit approves nothing more

    assert sorted(told("showcases.entry_approved")) == sorted([first.pk, first.pk, second.pk])
    assert sorted(message.to[0] for message in mail.outbox) == sorted([first.email, first.email, second.email])


def test_an_entry_live_at_once_tells_nobody_and_an_author_may_switch_approvals_off(client, editor, committed):
    with committed():
        EntryFactory(member=person("en"), status=Entry.Status.APPROVED)
    quiet = person("en")
    Preference.objects.create(member=quiet, kind="showcases.entry_approved", channel=Channel.OFF)
    entry = EntryFactory(member=quiet, status=Entry.Status.PENDING)
    client.force_login(editor)
    with committed():
        edit_entry(client, entry, status="approved")
    assert told("showcases.entry_approved") == [] and mail.outbox == []


# --- levels ---------------------------------------------------------------------------------------------------------


def test_an_award_into_a_new_level_tells_the_member_once_on_the_site(committed):
    member = person("en")
    level = Level.objects.get(min_points=30)
    with committed():
        points.award(member, "email_verified")  # 10: still the first level
    assert told("points.level_up") == []

    with committed():
        points.award(member, "profile_completed")  # 30: the next level

    row = Notification.objects.get(kind="points.level_up")
    assert (row.recipient, row.key, row.url) == (member, f"level:{level.pk}", reverse("points:mine"))
    assert row.title == f"You reached the level {level.name}"
    assert mail.outbox == []  # levels stay on the site


def test_a_level_reached_again_after_a_reversal_tells_nothing_new(committed):
    member = person("zh-hans")
    with committed():
        entry = points.award(member, "group_founded", CommunityGroupFactory())  # 50
        points.reverse(entry, reason="撤销")
        points.award(member, "group_founded", CommunityGroupFactory())
    [row] = Notification.objects.filter(kind="points.level_up")
    level = Level.objects.get(min_points=30)
    assert row.title == title_in("zh-hans", "points/notifications/level_up.txt", level=level.name, points=30)


def test_a_grant_across_two_levels_tells_the_highest_and_off_means_off(team_member, committed):
    member, quiet = person("en"), person("en")
    Preference.objects.create(member=quiet, kind="points.level_up", channel=Channel.OFF)
    with committed():
        for someone in (member, quiet):
            points.adjust(someone, 250, reason="活动奖励", actor=team_member)
    assert Notification.objects.get(kind="points.level_up").title == "You reached the level 活跃爱好者"
    assert told("points.level_up") == [member.pk]


def test_an_award_that_changes_no_level_reads_no_level_and_tells_nobody(committed):
    member = person("en")
    points.award(member, "email_verified")
    points.levels()  # the shared cache holds the levels, as it does between requests
    with committed(), CaptureQueriesContext(connection) as captured:
        points.award(member, "group_joined", CommunityGroupFactory())
    assert not [query for query in captured if "points_level" in query["sql"]]
    assert not [query for query in captured if "notifications_" in query["sql"]]
    assert told("points.level_up") == []


# --- redemptions ----------------------------------------------------------------------------------------------------


@pytest.fixture
def handle(client, team_member, committed):
    """``handle(redemption, "fulfil", note)``: the community team decides in the admin; the mail goes at commit."""
    client.force_login(team_member)

    def decide(redemption, decision, note=""):
        with committed():
            return client.post(
                reverse("points_admin:handle_redemption", args=[redemption.pk]), {"decision": decision, "note": note}
            )

    return decide


def redemption_of(member, team_member, **reward):
    points.adjust(member, 50, reason="活动奖励", actor=team_member)
    values = {"name": "社群帆布袋", "cost": 30, "stock": 3, **reward}
    return points.redeem(member, Reward.objects.create(**values), **SHIPPING)


def test_a_fulfilled_redemption_is_mailed_in_english(handle, team_member):
    member = person("en")
    redemption = redemption_of(member, team_member)
    handle(redemption, "fulfil", "顺丰 SF1234567890")

    [row] = Notification.objects.filter(kind="points.redemption_fulfilled")
    assert row.recipient == member and row.url == reverse("points:mine")
    [message] = [message for message in mail.outbox if message.subject == row.title]
    assert message.to == [member.email]
    assert "社群帆布袋" in message.subject and "SF1234567890" in message.body


def test_a_cancelled_redemption_is_mailed_in_chinese_once(handle, team_member, committed):
    member = person("zh-hans")
    redemption = redemption_of(member, team_member)
    handle(redemption, "cancel", "这款已停产")
    handle(redemption, "cancel", "再点一次")  # refused: handled already
    with committed():
        points_notifications.redemption_cancelled(redemption)  # a retried job

    [row] = Notification.objects.filter(kind="points.redemption_cancelled")
    assert row.title == "你兑换的“社群帆布袋”已取消"
    assert "30 积分已退回你的账户" in row.body and "这款已停产" in row.body
    assert [message.subject for message in mail.outbox] == [row.title]


def test_a_member_who_switched_redemption_news_off_gets_no_mail(handle, team_member):
    member = person("zh-hans")
    Preference.objects.create(member=member, kind="points.redemption_fulfilled", channel=Channel.OFF)
    handle(redemption_of(member, team_member), "fulfil", "顺丰")
    assert told("points.redemption_fulfilled") == [] and mail.outbox == []
