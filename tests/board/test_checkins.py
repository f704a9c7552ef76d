"""Check-in topics (打卡) through the services: who opens them, which dates, once per period, streaks, points."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from portal.board.models import CheckIn, CheckInTopic, Mute, Post
from portal.board.services.checkins import check_in, completion_table, open_topic, streaks
from portal.board.services.common import RULE_CHECK_IN, BoardError
from portal.groups.models import Membership
from portal.points.models import PointEntry

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 3, 2)


def topic_of(board_group, viewer, *, cadence="daily", starts_on=MONDAY, days=30, **kwargs):
    """A topic opened by the leader, starting on ``starts_on`` (opened that day)."""
    post = open_topic(
        viewer(board_group.group, board_group.leader),
        title=kwargs.pop("title", "每日阅读打卡"),
        body=kwargs.pop("body", "<p>每天读十页。</p>"),
        cadence=cadence,
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=days),
        today=starts_on,
        **kwargs,
    )
    return post.check_in_topic


def check_in_as(board_group, viewer, topic, member, day, body="读完了第三章"):
    return check_in(viewer(board_group.group, member), topic, body=body, today=day)


def points_of(member, rule=RULE_CHECK_IN):
    return PointEntry.objects.filter(member=member, rule__code=rule).count()


# --- Opening a topic --------------------------------------------------------------------------------------------


def test_a_leader_opens_a_check_in_topic_as_a_post_of_kind_check_in(board_group, viewer):
    topic = topic_of(board_group, viewer, body="<p>每天读<b>十页</b><script>alert(1)</script></p>")
    post = topic.post
    assert post.is_check_in and post.kind == Post.Kind.CHECK_IN
    assert post.group == board_group.group and post.author == board_group.leader
    assert post.body == "<p>每天读<strong>十页</strong></p>"
    assert post.excerpt == "每天读十页"
    assert (topic.cadence, topic.starts_on, topic.ends_on) == ("daily", MONDAY, MONDAY + timedelta(days=30))
    assert not topic.is_assignment and topic.check_in_count == 0


def test_a_co_leader_opens_a_weekly_assignment(board_group, viewer):
    post = open_topic(
        viewer(board_group.group, board_group.co_leader),
        title="第一周作业",
        body="",
        cadence="weekly",
        ends_on=timezone.localdate() + timedelta(days=27),
        is_assignment=True,
    )
    assert post.check_in_topic.is_assignment and post.check_in_topic.is_weekly
    assert post.check_in_topic.starts_on == timezone.localdate()


@pytest.mark.parametrize("who", ["alice", "outsider"])
def test_members_and_outsiders_cannot_open_a_topic(board_group, viewer, who):
    with pytest.raises(BoardError, match="Only the group's leaders"):
        open_topic(
            viewer(board_group.group, getattr(board_group, who)),
            title="我的打卡",
            body="",
            cadence="daily",
            ends_on=timezone.localdate() + timedelta(days=7),
        )
    assert not CheckInTopic.objects.exists() and not Post.objects.exists()


@pytest.mark.parametrize(
    ("starts", "ends", "message"),
    [
        (-1, 10, "cannot start in the past"),
        (0, -1, "on or after the start date"),
        (0, 366, "at most 366 days"),
    ],
)
def test_topic_dates_are_checked(board_group, viewer, starts, ends, message):
    today = timezone.localdate()
    with pytest.raises(BoardError, match=message):
        open_topic(
            viewer(board_group.group, board_group.leader),
            title="打卡",
            body="",
            cadence="daily",
            starts_on=today + timedelta(days=starts),
            ends_on=today + timedelta(days=ends),
        )
    assert not Post.objects.exists()


def test_a_topic_may_run_a_year(board_group, viewer):
    today = timezone.localdate()
    post = open_topic(
        viewer(board_group.group, board_group.leader),
        title="一年打卡",
        body="",
        cadence="daily",
        ends_on=today + timedelta(days=365),
    )
    assert post.check_in_topic.ends_on == today + timedelta(days=365)


@pytest.mark.parametrize(("title", "cadence"), [("  ", "daily"), ("打卡", "monthly"), ("长" * 81, "daily")])
def test_a_topic_needs_a_title_and_a_known_cadence(board_group, viewer, title, cadence):
    with pytest.raises(BoardError):
        open_topic(
            viewer(board_group.group, board_group.leader),
            title=title,
            body="",
            cadence=cadence,
            ends_on=timezone.localdate() + timedelta(days=3),
        )
    assert not Post.objects.exists()


# --- Checking in ------------------------------------------------------------------------------------------------


def test_three_members_check_in_on_two_days_and_their_streaks_show(board_group, viewer):
    topic = topic_of(board_group, viewer)
    tuesday = MONDAY + timedelta(days=1)
    for member in (board_group.alice, board_group.bob, board_group.co_leader):
        check_in_as(board_group, viewer, topic, member, MONDAY)
    for member in (board_group.alice, board_group.bob):
        check_in_as(board_group, viewer, topic, member, tuesday)
    topic.refresh_from_db()
    assert topic.check_in_count == 5
    expected = {board_group.alice.pk: 2, board_group.bob.pk: 2, board_group.co_leader.pk: 1}
    assert streaks(topic, today=tuesday) == expected
    table = completion_table(topic, today=tuesday)
    assert table.periods == [MONDAY, tuesday]
    by_member = {row.member: row for row in table.rows}
    assert by_member[board_group.alice].marks == [(MONDAY, True), (tuesday, True)]
    assert by_member[board_group.co_leader].marks == [(MONDAY, True), (tuesday, False)]
    assert [row.total for row in table.rows] == [2, 2, 1]


def test_a_second_check_in_in_the_same_period_is_refused_and_changes_nothing(board_group, viewer):
    topic = topic_of(board_group, viewer)
    first = check_in_as(board_group, viewer, topic, board_group.alice, MONDAY)
    with pytest.raises(BoardError, match="already checked in today"):
        check_in_as(board_group, viewer, topic, board_group.alice, MONDAY, body="再来一次")
    assert list(CheckIn.objects.values_list("pk", "body")) == [(first.pk, "读完了第三章")]
    topic.refresh_from_db()
    assert topic.check_in_count == 1 and points_of(board_group.alice) == 1


def test_a_weekly_topic_takes_one_check_in_per_week(board_group, viewer):
    topic = topic_of(board_group, viewer, cadence="weekly", days=60)
    check_in_as(board_group, viewer, topic, board_group.alice, MONDAY + timedelta(days=2))
    with pytest.raises(BoardError, match="already checked in this week"):
        check_in_as(board_group, viewer, topic, board_group.alice, MONDAY + timedelta(days=6))
    entry = check_in_as(board_group, viewer, topic, board_group.alice, MONDAY + timedelta(days=7))
    assert entry.period == MONDAY + timedelta(days=7)


def test_daily_streaks_break_on_a_gap_and_today_not_yet_keeps_yesterdays(board_group, viewer):
    topic = topic_of(board_group, viewer)
    alice, bob = board_group.alice, board_group.bob
    for offset in (0, 1, 3, 4):
        check_in_as(board_group, viewer, topic, alice, MONDAY + timedelta(days=offset))
    for offset in (0, 1, 2):
        check_in_as(board_group, viewer, topic, bob, MONDAY + timedelta(days=offset))
    friday = MONDAY + timedelta(days=4)
    # Alice missed Wednesday, so only Thursday and Friday count.
    assert streaks(topic, today=friday)[alice.pk] == 2
    # Bob checked in up to Wednesday: on Thursday (not yet checked in) he keeps 3; on Friday it is broken.
    assert streaks(topic, today=friday - timedelta(days=1))[bob.pk] == 3
    assert streaks(topic, today=friday)[bob.pk] == 0


def test_weekly_streaks_count_weeks(board_group, viewer):
    topic = topic_of(board_group, viewer, cadence="weekly", days=90)
    for week in (0, 1, 2, 4):
        check_in_as(board_group, viewer, topic, board_group.alice, MONDAY + timedelta(weeks=week, days=3))
    assert streaks(topic, today=MONDAY + timedelta(weeks=2, days=6)) == {board_group.alice.pk: 3}
    assert streaks(topic, today=MONDAY + timedelta(weeks=3, days=1)) == {board_group.alice.pk: 3}
    assert streaks(topic, today=MONDAY + timedelta(weeks=4)) == {board_group.alice.pk: 1}


def test_check_ins_are_refused_before_the_start_and_after_the_end(board_group, viewer):
    topic = topic_of(board_group, viewer, starts_on=MONDAY, days=6)
    with pytest.raises(BoardError, match="open on"):
        check_in_as(board_group, viewer, topic, board_group.alice, MONDAY - timedelta(days=1))
    with pytest.raises(BoardError, match="ended"):
        check_in_as(board_group, viewer, topic, board_group.alice, MONDAY + timedelta(days=7))
    check_in_as(board_group, viewer, topic, board_group.alice, MONDAY + timedelta(days=6))
    assert CheckIn.objects.count() == 1


def test_a_muted_member_cannot_check_in(board_group, viewer):
    topic = topic_of(board_group, viewer)
    Mute.objects.create(
        group=board_group.group,
        member=board_group.alice,
        until=timezone.now() + timedelta(days=3),
        reason="刷屏",
        created_by=board_group.leader,
    )
    with pytest.raises(BoardError, match="muted you"):
        check_in_as(board_group, viewer, topic, board_group.alice, MONDAY)
    assert not CheckIn.objects.exists() and points_of(board_group.alice) == 0


def test_a_non_member_cannot_check_in(board_group, viewer):
    topic = topic_of(board_group, viewer)
    with pytest.raises(BoardError, match="Only members"):
        check_in_as(board_group, viewer, topic, board_group.outsider, MONDAY)
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize(("body", "message"), [("   ", "Write a few words"), ("字" * 1001, "at most 1000")])
def test_a_check_in_needs_some_text_within_the_limit(board_group, viewer, body, message):
    topic = topic_of(board_group, viewer)
    with pytest.raises(BoardError, match=message):
        check_in_as(board_group, viewer, topic, board_group.alice, MONDAY, body=body)
    assert not CheckIn.objects.exists()


def test_a_topic_of_another_group_is_refused(board_group, viewer, make_leader):
    topic = topic_of(board_group, viewer)
    other_leader = make_leader(display_name="别组组长")
    other_group = Membership.objects.get(member=other_leader).group
    with pytest.raises(BoardError, match="another group"):
        check_in(viewer(other_group, other_leader), topic, body="串门", today=MONDAY)


def test_each_check_in_earns_points_once_and_the_daily_cap_holds(board_group, viewer):
    today = timezone.localdate()
    topics = [topic_of(board_group, viewer, title=f"打卡{n}", starts_on=today) for n in range(4)]
    for topic in topics:
        check_in(viewer(board_group.group, board_group.alice), topic, body="完成", today=today)
    entries = PointEntry.objects.filter(member=board_group.alice, rule__code=RULE_CHECK_IN)
    # The rule pays 2 points, at most 3 times a day; each entry's source is its check-in.
    assert entries.count() == 3
    assert {entry.scope_id for entry in entries} == {board_group.group.pk}
    assert len({(entry.source_type_id, entry.source_id) for entry in entries}) == 3


def test_hidden_check_ins_do_not_count_but_still_use_their_period(board_group, viewer):
    from portal.board.services.checkins import hide_check_in

    topic = topic_of(board_group, viewer)
    entry = check_in_as(board_group, viewer, topic, board_group.alice, MONDAY)
    hide_check_in(viewer(board_group.group, board_group.leader), entry, "广告")
    assert streaks(topic, today=MONDAY) == {}
    assert completion_table(topic, today=MONDAY).rows == []
    with pytest.raises(BoardError, match="already checked in"):
        check_in_as(board_group, viewer, topic, board_group.alice, MONDAY)


def test_the_completion_table_shows_the_last_fourteen_days_with_full_totals(board_group, viewer):
    topic = topic_of(board_group, viewer, days=40)
    for offset in range(20):
        check_in_as(board_group, viewer, topic, board_group.alice, MONDAY + timedelta(days=offset))
    today = MONDAY + timedelta(days=19)
    table = completion_table(topic, today=today)
    assert len(table.periods) == 14 and table.periods[-1] == today and table.total_periods == 20
    assert table.is_truncated
    (row,) = table.rows
    assert row.total == 20 and row.streak == 20 and all(done for _day, done in row.marks)


def test_the_completion_table_can_list_every_active_member(board_group, viewer):
    topic = topic_of(board_group, viewer)
    check_in_as(board_group, viewer, topic, board_group.alice, MONDAY)
    table = completion_table(topic, today=MONDAY, with_members=True)
    assert {row.member for row in table.rows} == set(board_group.members)
    assert table.rows[0].member == board_group.alice
    assert [row.total for row in table.rows] == [1, 0, 0, 0]
