"""Once per period under a race: two check-ins sent at the same moment by one member leave one row (PostgreSQL)."""

from datetime import timedelta

from django.utils import timezone, translation

from portal.board.models import CheckIn, CheckInTopic
from portal.board.services.checkins import check_in, open_topic, review_check_in
from portal.board.services.common import RULE_ASSIGNMENT_REVIEWED, RULE_CHECK_IN, BoardError, viewer_for
from portal.points.models import PointEntry
from tests.concurrency import race_test, run_concurrently

pytestmark = race_test


def _topic(board_group, *, is_assignment=False):
    today = timezone.localdate()
    post = open_topic(
        viewer_for(board_group.group, board_group.leader),
        title="每日打卡",
        body="",
        cadence="daily",
        ends_on=today + timedelta(days=10),
        is_assignment=is_assignment,
    )
    return post.check_in_topic


def test_two_simultaneous_check_ins_by_one_member_leave_one_row(board_group):
    topic = _topic(board_group)

    def work(i):
        topic_now = CheckInTopic.objects.select_related("post").get(pk=topic.pk)
        # A thread starts in the default language (Chinese); the assertion reads the English message.
        with translation.override("en"):
            return check_in(viewer_for(board_group.group, board_group.alice), topic_now, body=f"第{i}次")

    results, unexpected = run_concurrently(4, work, expected=(BoardError,))
    assert unexpected == []
    assert sum(isinstance(result, CheckIn) for result in results) == 1
    assert {str(r) for r in results if isinstance(r, BoardError)} == {
        "You have already checked in today. Come back tomorrow!"
    }
    assert CheckIn.objects.count() == 1
    assert CheckInTopic.objects.get().check_in_count == 1
    assert PointEntry.objects.filter(member=board_group.alice, rule__code=RULE_CHECK_IN).count() == 1


def test_two_leaders_reviewing_at_once_review_once_and_pay_once(board_group):
    topic = _topic(board_group, is_assignment=True)
    entry = check_in(viewer_for(board_group.group, board_group.alice), topic, body="作业")
    reviewers = [board_group.leader, board_group.co_leader]

    def work(i):
        fresh = CheckIn.objects.select_related("topic__post", "member").get(pk=entry.pk)
        return review_check_in(viewer_for(board_group.group, reviewers[i]), fresh, comment=f"点评{i}")

    results, unexpected = run_concurrently(2, work, expected=(BoardError,))
    assert unexpected == []
    assert sum(isinstance(result, BoardError) for result in results) == 1
    assert PointEntry.objects.filter(member=board_group.alice, rule__code=RULE_ASSIGNMENT_REVIEWED).count() == 1
