"""Posting, commenting and checking in are taking part in the group: the lifecycle metrics, the leaders' checklist
and the insights dashboard (live and from its snapshots) count them, through the one registry in groups."""

import io
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from portal.board.models import CheckIn, CheckInTopic, Post
from portal.groups.metrics import PARTICIPATION_SOURCES, group_metrics
from portal.groups.services.lifecycle.stages import progress_for
from portal.insights import metrics as insights
from portal.insights import snapshots
from portal.insights.models import DailySnapshot
from tests.factories import StaffUserFactory
from tests.groups.factories import CommunityGroupFactory, MembershipFactory
from tests.groups.lifecycle.factories import days_ago


def active_in(group):
    return group_metrics([group.pk])[group.pk].active_members


def test_the_board_registers_its_sources_once_each():
    names = [source.name for source in PARTICIPATION_SOURCES]
    assert {"attended", "hosted", "posted", "commented", "checked_in"} <= set(names)
    assert len(names) == len(set(names))


def test_a_member_who_only_posted_is_active_in_that_group_and_no_other(board_group, make_post):
    other = CommunityGroupFactory()
    MembershipFactory(group=other, member=board_group.alice)
    make_post(board_group.group, board_group.alice, created_at=days_ago(2))

    assert active_in(board_group.group) == 1
    assert active_in(other) == 0
    assert progress_for(board_group.group).metrics.active_members == 1


def test_a_member_who_only_commented_is_active_in_the_post_s_group(board_group, make_post, make_comment):
    post = make_post(board_group.group, board_group.alice, created_at=days_ago(20))
    make_comment(post, board_group.bob, created_at=days_ago(1))

    metrics = group_metrics([board_group.group.pk])[board_group.group.pk]
    assert metrics.active_members == 2  # alice posted, bob commented


def test_a_check_in_is_taking_part(board_group, make_post):
    post = make_post(board_group.group, board_group.leader, kind=Post.Kind.CHECK_IN, created_at=days_ago(40))
    topic = CheckInTopic.objects.create(
        post=post, starts_on=timezone.localdate() - timedelta(days=40), ends_on=timezone.localdate()
    )
    CheckIn.objects.create(topic=topic, member=board_group.bob, period=timezone.localdate(), body="打卡第一天")

    assert active_in(board_group.group) == 1  # the topic is older than the window; bob's check-in is not


def test_deleted_and_hidden_content_and_old_posts_are_not_taking_part(board_group, make_post, make_comment):
    make_post(board_group.group, board_group.alice, created_at=days_ago(2), deleted_at=timezone.now())
    make_post(board_group.group, board_group.bob, created_at=days_ago(2), hidden_at=timezone.now())
    old = make_post(board_group.group, board_group.leader, created_at=days_ago(31))
    make_comment(old, board_group.co_leader, created_at=days_ago(1), hidden_at=timezone.now())

    assert active_in(board_group.group) == 0


def test_staff_posting_are_not_counted(board_group, make_post):
    staff = StaffUserFactory()
    MembershipFactory(group=board_group.group, member=staff)
    make_post(board_group.group, staff, created_at=days_ago(1))

    assert active_in(board_group.group) == 0


def test_the_insights_dashboard_counts_a_member_who_only_posted_or_commented(board_group, make_post, make_comment):
    post = make_post(board_group.group, board_group.alice, created_at=days_ago(1))
    make_comment(post, board_group.bob, created_at=days_ago(1))
    now = timezone.now()

    assert insights.active_members(now, 7) == 2
    assert insights.churn(now)[1] == 2

    call_command("snapshot_insights", stdout=io.StringIO())
    today = timezone.localdate()
    assert snapshots.active_members(today, 7) == 2
    assert DailySnapshot.objects.get(date=today).data["active_7d"] == 2
