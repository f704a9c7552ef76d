"""Members report posts and comments; the group's leaders handle them, or the community team for a leader's own
content and for reports left open 48 hours."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.board.models import ModerationAction, Report
from portal.board.services.reports import AlreadyReported, dismiss_report, report, uphold_report
from tests.concurrency import race, requires_postgresql
from tests.utils import flashed

pytestmark = pytest.mark.django_db

Action = ModerationAction.Action


def report_post(client, board_group, post, reason="spam", detail=""):
    return client.post(board_group.url("report_post", post.pk), {"reason": reason, "detail": detail})


def report_comment(client, board_group, comment, reason="abuse", detail=""):
    return client.post(board_group.url("report_comment", comment.pk), {"reason": reason, "detail": detail})


def handle(client, board_group, row, action, reason=""):
    return client.post(board_group.url("handle_report", row.pk), {"action": action, "reason": reason})


# --- Reporting -------------------------------------------------------------------------------------------------------


def test_a_member_reports_a_post_with_a_reason(client, board_group, make_post):
    post = make_post(board_group.group, board_group.bob)
    client.force_login(board_group.alice)
    form = client.get(board_group.url("report_post", post.pk))
    assert form.status_code == 200
    assert "Spam or advertising" in form.content.decode()
    response = report_post(client, board_group, post, detail="外链广告")
    assert response.status_code == 302
    assert response["Location"] == post.get_absolute_url()
    assert "Thank you. The group's leaders will look at your report." in flashed(response)
    row = Report.objects.get()
    assert (row.reporter, row.post, row.comment, row.reason, row.detail) == (
        board_group.alice,
        post,
        None,
        "spam",
        "外链广告",
    )
    assert row.is_open and not row.to_team


def test_a_member_reports_a_comment(client, board_group, make_post, make_comment):
    comment = make_comment(make_post(board_group.group, board_group.alice), board_group.bob)
    client.force_login(board_group.alice)
    assert client.get(board_group.url("report_comment", comment.pk)).status_code == 200
    report_comment(client, board_group, comment)
    row = Report.objects.get()
    assert (row.post, row.comment, row.reason) == (comment.post, comment, "abuse")


@pytest.mark.parametrize("data", [{"reason": "nonsense"}, {"reason": ""}, {"reason": "spam", "detail": "x" * 301}, {}])
def test_a_bad_report_form_changes_nothing(client, board_group, make_post, data):
    post = make_post(board_group.group, board_group.bob)
    client.force_login(board_group.alice)
    response = client.post(board_group.url("report_post", post.pk), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Report.objects.exists()


def test_a_second_report_by_the_same_member_is_a_no_op_with_a_message(client, board_group, make_post):
    post = make_post(board_group.group, board_group.bob)
    client.force_login(board_group.alice)
    report_post(client, board_group, post)
    response = report_post(client, board_group, post, reason="abuse")
    assert "You have already reported this; it is waiting to be looked at." in flashed(response)
    assert Report.objects.count() == 1
    assert Report.objects.get().reason == "spam"


def test_a_member_cannot_report_their_own_content(client, board_group, make_post, make_comment):
    post = make_post(board_group.group, board_group.alice)
    comment = make_comment(post, board_group.alice)
    client.force_login(board_group.alice)
    assert "You cannot report what you wrote yourself." in flashed(report_post(client, board_group, post))
    assert "You cannot report what you wrote yourself." in flashed(report_comment(client, board_group, comment))
    assert not Report.objects.exists()


def test_only_members_report(client, board_group, make_post):
    post = make_post(board_group.group, board_group.bob)
    client.force_login(board_group.outsider)
    assert "Only members of this group can do that." in flashed(report_post(client, board_group, post))
    client.logout()
    response = report_post(client, board_group, post)
    assert response.status_code == 302 and "login" in response["Location"]
    assert not Report.objects.exists()


def test_hidden_content_cannot_be_reported(client, board_group, make_post):
    post = make_post(board_group.group, board_group.bob, hidden_at=timezone.now(), hidden_reason="x")
    client.force_login(board_group.alice)
    assert report_post(client, board_group, post).status_code == 404
    assert not Report.objects.exists()


def test_reporting_is_rate_limited(client, board_group, make_post, settings):
    settings.COMMUNITY_RATE_LIMITS = {"board_report": "2/h/user"}
    posts = [make_post(board_group.group, board_group.bob) for _ in range(3)]
    client.force_login(board_group.alice)
    responses = [report_post(client, board_group, post) for post in posts]
    assert [response.status_code for response in responses] == [302, 302, 429]
    assert Report.objects.count() == 2


# --- The leaders' queue ----------------------------------------------------------------------------------------------


def test_the_leader_upholds_a_report_the_comment_is_hidden_and_every_report_on_it_closed(
    client, board_group, make_post, make_comment
):
    comment = make_comment(make_post(board_group.group, board_group.leader), board_group.bob)
    for reporter in (board_group.alice, board_group.co_leader):
        client.force_login(reporter)
        report_comment(client, board_group, comment)
    client.force_login(board_group.leader)
    queue = client.get(board_group.url("reports"))
    assert queue.status_code == 200
    assert len(queue.context["reports"].object_list) == 2
    assert comment.body in queue.content.decode()
    first = Report.objects.first()
    response = handle(client, board_group, first, "uphold", reason="请文明讨论")
    assert "The content is hidden and the author sees your reason." in flashed(response)
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_reason == "请文明讨论"
    assert set(Report.objects.values_list("status", "handled_by", "note")) == {
        (Report.Status.UPHELD, board_group.leader.pk, "请文明讨论")
    }
    hide = ModerationAction.objects.get(action=Action.HIDE)
    assert (hide.actor, hide.comment, hide.reason) == (board_group.leader, comment, "请文明讨论")
    queue = client.get(board_group.url("reports"))
    assert list(queue.context["reports"]) == []
    assert len(queue.context["handled"]) == 2


def test_upholding_needs_a_reason(client, board_group, make_post):
    post = make_post(board_group.group, board_group.bob)
    client.force_login(board_group.alice)
    report_post(client, board_group, post)
    client.force_login(board_group.leader)
    response = handle(client, board_group, Report.objects.get(), "uphold")
    assert "Give a reason: the member sees it." in flashed(response)
    post.refresh_from_db()
    assert not post.is_hidden and Report.objects.get().is_open


def test_a_co_leader_dismisses_a_report(client, board_group, make_post):
    post = make_post(board_group.group, board_group.bob)
    client.force_login(board_group.alice)
    report_post(client, board_group, post)
    client.force_login(board_group.co_leader)
    response = handle(client, board_group, Report.objects.get(), "dismiss", reason="正常讨论")
    assert "The report is dismissed." in flashed(response)
    row = Report.objects.get()
    assert (row.status, row.handled_by, row.note) == (Report.Status.DISMISSED, board_group.co_leader, "正常讨论")
    post.refresh_from_db()
    assert not post.is_hidden
    logged = ModerationAction.objects.get(action=Action.DISMISS_REPORT)
    assert (logged.actor, logged.post, logged.reason) == (board_group.co_leader, post, "正常讨论")
    # Handled once: a second decision is refused.
    response = handle(client, board_group, row, "uphold", reason="x")
    assert "This report has already been handled." in flashed(response)
    post.refresh_from_db()
    assert not post.is_hidden


def test_after_a_dismissal_the_member_may_report_again(client, board_group, make_post):
    post = make_post(board_group.group, board_group.bob)
    client.force_login(board_group.alice)
    report_post(client, board_group, post)
    client.force_login(board_group.leader)
    handle(client, board_group, Report.objects.get(), "dismiss")
    client.force_login(board_group.alice)
    report_post(client, board_group, post)
    assert Report.objects.open().count() == 1


@pytest.mark.parametrize("who", ["alice", "outsider"])
def test_members_and_outsiders_cannot_see_or_handle_the_queue(client, board_group, make_post, who):
    post = make_post(board_group.group, board_group.leader)
    row = Report.objects.create(group=board_group.group, reporter=board_group.bob, post=post, reason="spam")
    client.force_login(getattr(board_group, who))
    assert client.get(board_group.url("reports")).status_code == 403
    assert handle(client, board_group, row, "uphold", reason="x").status_code == 403
    row.refresh_from_db()
    assert row.is_open


def test_a_leader_cannot_handle_another_group_s_report(client, board_group, make_post, make_leader):
    post = make_post(board_group.group, board_group.bob)
    row = Report.objects.create(group=board_group.group, reporter=board_group.alice, post=post, reason="spam")
    other_leader = make_leader()
    client.force_login(other_leader)
    other_group = other_leader.memberships.get().group
    response = client.post(reverse("board:handle_report", args=[other_group.slug, row.pk]), {"action": "dismiss"})
    assert response.status_code == 404
    assert Report.objects.get().is_open


# --- A leader's own content goes to the team -------------------------------------------------------------------------


def test_a_report_on_a_leader_s_post_goes_to_the_team_only(client, board_group, make_post, staff_user):
    post = make_post(board_group.group, board_group.co_leader)
    client.force_login(board_group.alice)
    report_post(client, board_group, post, reason="abuse")
    row = Report.objects.get()
    assert row.to_team
    assert list(Report.objects.for_team()) == [row]
    for leader in (board_group.leader, board_group.co_leader):
        client.force_login(leader)
        assert list(client.get(board_group.url("reports")).context["reports"]) == []
        response = handle(client, board_group, row, "uphold", reason="自己人也要守规矩")
        assert "The community team handles this report." in flashed(response)
    post.refresh_from_db()
    assert not post.is_hidden and Report.objects.get().is_open
    client.force_login(staff_user)
    assert list(client.get(board_group.url("reports")).context["reports"]) == [row]
    handle(client, board_group, row, "uphold", reason="违反社群公约")
    post.refresh_from_db()
    assert post.is_hidden and post.hidden_reason == "违反社群公约"
    assert not Report.objects.for_team().exists()


def test_a_report_left_open_48_hours_joins_the_team_s_queue(board_group, make_post):
    post = make_post(board_group.group, board_group.bob)
    old = Report.objects.create(
        group=board_group.group,
        reporter=board_group.alice,
        post=post,
        reason="spam",
        created_at=timezone.now() - timedelta(hours=48, minutes=1),
    )
    Report.objects.create(
        group=board_group.group,
        reporter=board_group.co_leader,
        post=post,
        reason="spam",
        created_at=timezone.now() - timedelta(hours=47),
    )
    assert list(Report.objects.for_team()) == [old]


# --- Races -----------------------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@requires_postgresql
def test_two_simultaneous_reports_by_the_same_member_leave_one(board_group, make_post, viewer):
    post = make_post(board_group.group, board_group.bob)

    def work():
        return report(viewer(board_group.group, board_group.alice), post=post, reason="spam")

    results = race(work, [(), (), ()])
    assert Report.objects.count() == 1
    assert sum(isinstance(result, AlreadyReported) for result in results) == 2
    assert sum(isinstance(result, Report) for result in results) == 1


@pytest.mark.django_db(transaction=True)
@requires_postgresql
def test_two_leaders_handling_the_same_report_at_once_decide_it_once(board_group, make_post, viewer):
    post = make_post(board_group.group, board_group.bob)
    row = Report.objects.create(group=board_group.group, reporter=board_group.alice, post=post, reason="spam")
    results = race(
        lambda call, user: call(viewer(board_group.group, user), row),
        [
            (lambda v, r: uphold_report(v, r, reason="广告"), board_group.leader),
            (lambda v, r: dismiss_report(v, r), board_group.co_leader),
        ],
    )
    assert sum(isinstance(result, Report) for result in results) == 1
    assert ModerationAction.objects.count() == 1


def test_a_comment_under_a_hidden_post_cannot_be_reported_or_read_through_the_form(
    client, board_group, make_post, make_comment
):
    post = make_post(board_group.group, board_group.bob, hidden_at=timezone.now(), hidden_reason="x")
    comment = make_comment(post, board_group.co_leader, body="藏在隐藏帖下的评论")
    client.force_login(board_group.alice)
    assert client.get(board_group.url("report_comment", comment.pk)).status_code == 404
    assert report_comment(client, board_group, comment).status_code == 404
    assert not Report.objects.exists()
