"""Win-back digests: who gets one, what it lists, the member's channel and language, once in 30 days, returns noted,
and the figures on the insights dashboard."""

import io
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext

from portal.board.models import BoardSettings
from portal.groups.models import Activity, Membership
from portal.insights import winback
from portal.insights.models import WinBackMessage
from portal.notifications.models import Notification, Preference
from tests.board.factories import PostFactory
from tests.factories import StaffUserFactory
from tests.groups.factories import CommunityGroupFactory, MemberFactory, MembershipFactory
from tests.groups.lifecycle.factories import ActivityFactory, attend, days_ago

TITLE = "It has been a while: here is what is coming up in your groups"


def took_part(member, group, days):
    """``member`` attended an activity of ``group`` ``days`` ago (local noon)."""
    attend(ActivityFactory(group=group, starts_at=days_ago(days)), member)


def lapsed(group, *, days=31, joined=90, **kwargs):
    """A member of ``group`` (joined ``joined`` days ago) who last took part ``days`` ago (never, with None)."""
    member = MemberFactory(**kwargs)
    MembershipFactory(group=group, member=member, joined_at=days_ago(joined))
    if days is not None:
        took_part(member, group, days)
    return member


def selected():
    return set(winback.lapsed_members(timezone.now()).values_list("pk", flat=True))


def run_win_back(django_capture_on_commit_callbacks):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("win_back", stdout=out)
    return out.getvalue()


@pytest.fixture
def group(db):
    return CommunityGroupFactory(name="园林读书会")


@pytest.fixture
def coming_up(group):
    """Something to tell the group's members: an activity in three days."""
    return ActivityFactory(group=group, title="周六共读《长物志》", starts_at=timezone.now() + timedelta(days=3))


# Who


def test_a_member_away_for_31_days_is_selected(group):
    member = lapsed(group, days=31)

    assert member.pk in selected()


def test_a_member_who_took_part_10_days_ago_is_not(group):
    member = lapsed(group, days=10)

    assert member.pk not in selected()


def test_a_member_hosting_an_activity_next_week_is_not_away(group):
    member = lapsed(group, days=40)
    ActivityFactory(group=group, created_by=member, starts_at=timezone.now() + timedelta(days=6))

    assert member.pk not in selected()


def test_a_member_in_no_group_is_not_selected(group):
    stranger = MemberFactory()
    took_part(stranger, group, 40)  # took part once, then left
    left = lapsed(group, days=40)
    Membership.objects.filter(member=left).update(state=Membership.State.LEFT)

    assert not {stranger.pk, left.pk} & selected()


def test_a_newcomer_who_joined_this_month_is_not_selected_yet(group):
    newcomer = lapsed(group, days=None, joined=5)
    old_hand = lapsed(group, days=None, joined=45)

    assert selected() & {newcomer.pk, old_hand.pk} == {old_hand.pk}


def test_staff_and_deactivated_accounts_are_not_selected(group):
    staff = StaffUserFactory()
    MembershipFactory(group=group, member=staff, joined_at=days_ago(90))
    gone = lapsed(group, days=40, is_active=False)

    assert not {staff.pk, gone.pk} & selected()


def test_a_member_sent_one_20_days_ago_waits_and_one_sent_31_days_ago_does_not(group):
    recent = lapsed(group, days=60)
    earlier = lapsed(group, days=60)
    WinBackMessage.objects.create(member=recent, sent_at=days_ago(20))
    WinBackMessage.objects.create(member=earlier, sent_at=days_ago(31))

    assert selected() & {recent.pk, earlier.pk} == {earlier.pk}


# What


def test_the_digest_lists_only_their_groups_upcoming_activities_and_readable_featured_posts(
    group, django_capture_on_commit_callbacks
):
    private = CommunityGroupFactory(name="闭门茶会")
    BoardSettings.objects.create(group=private, visibility=BoardSettings.Visibility.MEMBERS)
    left_private = CommunityGroupFactory(name="旧日棋社")
    BoardSettings.objects.create(group=left_private, visibility=BoardSettings.Visibility.MEMBERS)
    other = CommunityGroupFactory(name="别家摄影社")
    member = lapsed(group, days=35)
    MembershipFactory(group=private, member=member, joined_at=days_ago(90))
    MembershipFactory(group=left_private, member=member, joined_at=days_ago(90), state=Membership.State.LEFT)

    ActivityFactory(group=group, title="周六共读", starts_at=timezone.now() + timedelta(days=2))
    ActivityFactory(group=private, title="闭门品茶", starts_at=timezone.now() + timedelta(days=5))
    ActivityFactory(
        group=group, title="取消的共读", starts_at=timezone.now() + timedelta(days=3), status=Activity.Status.CANCELLED
    )
    ActivityFactory(group=group, title="下个月的共读", starts_at=timezone.now() + timedelta(days=20))
    ActivityFactory(group=other, title="别家外拍", starts_at=timezone.now() + timedelta(days=2))
    ActivityFactory(group=left_private, title="旧日对弈", starts_at=timezone.now() + timedelta(days=2))
    PostFactory(group=group, title="精华：读书笔记", featured_at=days_ago(3))
    PostFactory(group=private, title="精华：茶单", featured_at=days_ago(4))
    PostFactory(group=group, title="普通帖子")
    PostFactory(group=group, title="去年的精华", featured_at=days_ago(40))
    PostFactory(group=group, title="被隐藏的精华", featured_at=days_ago(2), hidden_at=days_ago(1))
    PostFactory(group=other, title="别家精华", featured_at=days_ago(2))
    PostFactory(group=left_private, title="棋社精华", featured_at=days_ago(2))

    run_win_back(django_capture_on_commit_callbacks)

    body = Notification.objects.get(recipient=member, kind="insights.win_back").body
    for shown in ("周六共读", "闭门品茶", "精华：读书笔记", "精华：茶单", "园林读书会 · ", "闭门茶会 · "):
        assert shown in body
    for hidden in ("取消的共读", "下个月的共读", "别家外拍", "旧日对弈", "普通帖子", "去年的精华", "被隐藏的精华"):
        assert hidden not in body
    assert "别家精华" not in body and "棋社精华" not in body
    assert body.index("周六共读") < body.index("闭门品茶")  # soonest first


def test_at_most_five_of_each_the_soonest_activities_and_the_newest_posts(group, django_capture_on_commit_callbacks):
    member = lapsed(group, days=35)
    for day in range(1, 8):
        ActivityFactory(group=group, title=f"第{day}天的活动", starts_at=timezone.now() + timedelta(days=day))
        PostFactory(group=group, title=f"{day}天前的精华", featured_at=days_ago(day))

    run_win_back(django_capture_on_commit_callbacks)

    body = Notification.objects.get(recipient=member).body
    assert [f"第{day}天的活动" in body for day in range(1, 8)] == [True] * 5 + [False] * 2
    assert [f"{day}天前的精华" in body for day in range(1, 8)] == [True] * 5 + [False] * 2


def test_a_member_whose_groups_have_nothing_coming_up_gets_nothing(group, django_capture_on_commit_callbacks):
    member = lapsed(group, days=35)

    output = run_win_back(django_capture_on_commit_callbacks)

    assert "0 sent, 1 with nothing coming up" in output
    assert not WinBackMessage.objects.filter(member=member).exists()
    assert not Notification.objects.filter(recipient=member).exists()
    assert mail.outbox == []


# How


def test_the_email_is_in_the_members_language(group, coming_up, django_capture_on_commit_callbacks):
    english = lapsed(group, days=35, email="en@example.com", language="en")
    chinese = lapsed(group, days=35, email="zh@example.com", language="zh-hans")

    run_win_back(django_capture_on_commit_callbacks)

    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {english.email, chinese.email}
    assert by_address[english.email].subject == TITLE
    with translation.override("zh-hans"):
        assert by_address[chinese.email].subject == gettext(TITLE)
    for message in by_address.values():
        assert "周六共读《长物志》" in message.body
    assert f"/en/portal/groups/{group.slug}/" in by_address[english.email].body
    assert f"/portal/groups/{group.slug}/" in by_address[chinese.email].body
    assert "/en/portal/" not in by_address[chinese.email].body
    for message in by_address.values():
        assert message.extra_headers["List-Unsubscribe"].startswith("<http")
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_one_click_unsubscribe_from_the_email_stops_the_next_ones(
    client, group, coming_up, django_capture_on_commit_callbacks
):
    member = lapsed(group, days=35)
    run_win_back(django_capture_on_commit_callbacks)
    link = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")

    response = client.post(urlsplit(link).path, {"List-Unsubscribe": "One-Click"})

    assert response.status_code < 400
    assert Preference.objects.get(member=member, kind="insights.win_back").channel == "off"
    WinBackMessage.objects.filter(member=member).update(sent_at=days_ago(31))
    Notification.objects.filter(recipient=member).delete()
    run_win_back(django_capture_on_commit_callbacks)
    assert WinBackMessage.objects.filter(member=member).count() == 1
    assert len(mail.outbox) == 1


def test_a_member_who_turned_the_type_off_hears_nothing_and_no_send_is_recorded(
    group, coming_up, django_capture_on_commit_callbacks
):
    quiet = lapsed(group, days=35)
    Preference.objects.create(member=quiet, kind="insights.win_back", channel="off")
    on_site = lapsed(group, days=35)
    Preference.objects.create(member=on_site, kind="insights.win_back", channel="site")

    run_win_back(django_capture_on_commit_callbacks)

    assert not WinBackMessage.objects.filter(member=quiet).exists()
    assert not Notification.objects.filter(recipient=quiet).exists()
    assert WinBackMessage.objects.filter(member=on_site).count() == 1
    assert Notification.objects.get(recipient=on_site).email == Notification.Email.NONE
    assert mail.outbox == []


def test_running_twice_sends_once_and_the_next_month_again(group, coming_up, django_capture_on_commit_callbacks):
    member = lapsed(group, days=35)

    run_win_back(django_capture_on_commit_callbacks)
    second = run_win_back(django_capture_on_commit_callbacks)

    assert WinBackMessage.objects.filter(member=member).count() == 1
    assert len(mail.outbox) == 1
    assert "0 sent" in second

    WinBackMessage.objects.filter(member=member).update(sent_at=days_ago(31))
    Notification.objects.filter(recipient=member).delete()  # the key is the local date: same day in this test
    run_win_back(django_capture_on_commit_callbacks)

    assert WinBackMessage.objects.filter(member=member).count() == 2
    assert len(mail.outbox) == 2


def test_members_are_read_in_batches_with_the_same_queries_for_more_members(group, coming_up):
    def queries(count):
        WinBackMessage.objects.all().delete()
        Notification.objects.all().delete()
        for _ in range(count - len(selected())):
            lapsed(group, days=35)
        with CaptureQueriesContext(connection) as captured:
            report = winback.send(batch_size=10)  # the fan-out waits for a commit that never comes here
        assert report.sent == count
        return len(captured)

    assert queries(2) == queries(7)


def test_keyset_batches_reach_every_member(group, coming_up):
    members = [lapsed(group, days=35) for _ in range(5)]

    report = winback.send(batch_size=2)

    assert report.sent == 5
    assert set(WinBackMessage.objects.values_list("member_id", flat=True)) == {m.pk for m in members}


# Came back


def test_a_send_is_marked_returned_when_its_member_took_part_within_14_days(group):
    back = lapsed(group, days=60)
    late = lapsed(group, days=60)
    still_away = lapsed(group, days=60)
    returned_send = WinBackMessage.objects.create(member=back, sent_at=days_ago(10))
    late_send = WinBackMessage.objects.create(member=late, sent_at=days_ago(18))
    away_send = WinBackMessage.objects.create(member=still_away, sent_at=days_ago(10))
    activity = ActivityFactory(group=group, starts_at=days_ago(5))
    attend(activity, back)
    took_part(late, group, 2)  # 16 days after its send

    assert winback.mark_returned() == 1

    returned_send.refresh_from_db()
    late_send.refresh_from_db()
    away_send.refresh_from_db()
    assert returned_send.returned_at == activity.starts_at
    assert late_send.returned_at is None and away_send.returned_at is None
    assert winback.mark_returned() == 0  # idempotent


def test_posting_on_the_board_counts_as_coming_back(group):
    member = lapsed(group, days=60)
    send = WinBackMessage.objects.create(member=member, sent_at=days_ago(6))
    post = PostFactory(group=group, author=member, created_at=days_ago(3))

    call_command("win_back", stdout=io.StringIO())

    send.refresh_from_db()
    assert send.returned_at == post.created_at


# On the dashboard


def test_the_dashboard_shows_sends_and_returns_of_the_last_90_days(client, group, team_member):
    for days, returned in ((5, False), (20, True), (40, False), (80, False), (100, True)):
        WinBackMessage.objects.create(
            member=MemberFactory(), sent_at=days_ago(days), returned_at=days_ago(days - 2) if returned else None
        )
    client.force_login(team_member)

    response = client.get("/admin/insights/")

    assert response.context["win_back"] == {
        "days": 90,
        "return_days": 14,
        "sent": 4,
        "returned": 1,
        "returned_share": 25,
    }
    assert "<strong>25%</strong>" in response.content.decode()
