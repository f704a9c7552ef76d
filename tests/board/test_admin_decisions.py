"""The community team decides a board report in the admin: the screen shows the content, its author, the group, the
reason, the wait and the other reports on the same content; hiding or dismissing closes every open report on it, is
logged (group log and the report's admin history), and a second decision is refused saying who decided first, also
when two people decide at the same moment (PostgreSQL)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from portal.board.models import ModerationAction, Report
from portal.board.services.admin_queue import DISMISS, UPHOLD, decide
from portal.board.services.common import BoardError, viewer_for
from portal.board.services.reports import dismiss_report
from tests.concurrency import requires_postgresql, run_concurrently
from tests.factories import StaffUserFactory
from website.core.permissions import COMMUNITY_TEAM

pytestmark = pytest.mark.django_db

ZH = {"accept-language": "zh-hans"}
Action = ModerationAction.Action


@pytest.fixture
def reported(board_group, make_post, make_comment):
    """Bob's comment: reported by alice 50 hours ago and by the co-leader since, once dismissed before; and a report
    on the post itself, which is other content."""
    g = board_group
    comment = make_comment(make_post(g.group, g.bob, title="普通讨论帖"), g.bob, body="这条评论有点过分")

    def file(reporter, hours, **kwargs):
        return Report.objects.create(
            group=g.group,
            reporter=reporter,
            post=comment.post,
            comment=kwargs.pop("comment", comment),
            reason=kwargs.pop("reason", "abuse"),
            created_at=timezone.now() - timedelta(hours=hours),
            **kwargs,
        )

    return {
        "comment": comment,
        "first": file(g.alice, 50, detail="骂人"),
        "second": file(g.co_leader, 3, reason="spam"),
        "earlier": file(g.outsider, 200, status="dismissed", note="当时是正常讨论", handled_by=g.leader),
        "on_post": file(g.alice, 60, comment=None),
    }


def url(report):
    return reverse("board_admin:handle_report", args=[report.pk])


def test_the_decision_screen_shows_what_the_decision_needs(client, team_member, reported):
    client.force_login(team_member)
    response = client.get(url(reported["first"]), headers=ZH)
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "周末读书会",
        "这条评论有点过分",
        "普通讨论帖",
        "小波",
        "骚扰或人身攻击",
        "骂人",
        "阿丽",
        "超过 48 小时未处理",
    ):
        assert text in html, text
    assert [row.pk for row in response.context["open_others"]] == [reported["second"].pk]
    assert [row.pk for row in response.context["decided"]] == [reported["earlier"].pk]
    assert "当时是正常讨论" in html and "组长阿青" in html
    assert reported["on_post"] not in response.context["open_others"] + response.context["decided"]
    assert response.context["waited"].startswith("2")  # 2 日，2 小时
    for english in ("Reported by", "Hide the content", "Open in the board"):
        assert english not in html, english


def test_hiding_closes_every_open_report_on_the_content_and_is_logged(client, team_member, reported):
    client.force_login(team_member)
    response = client.post(url(reported["second"]), {"decision": UPHOLD, "reason": "人身攻击"}, headers=ZH)
    assert response.status_code == 302
    assert response["Location"] == reverse("board_report_modeladmin_index")
    reported["comment"].refresh_from_db()
    assert reported["comment"].is_hidden and reported["comment"].hidden_reason == "人身攻击"
    closed = Report.objects.filter(pk__in=[reported["first"].pk, reported["second"].pk])
    assert set(closed.values_list("status", "handled_by", "note")) == {("upheld", team_member.pk, "人身攻击")}
    assert Report.objects.get(pk=reported["on_post"].pk).is_open
    hide = ModerationAction.objects.get()
    assert (hide.action, hide.actor, hide.comment, hide.reason) == (
        Action.HIDE,
        team_member,
        reported["comment"],
        "人身攻击",
    )
    assert (
        ModelLogEntry.objects.filter(object_id=str(reported["second"].pk), action="board.report.uphold").count() == 1
    )


def test_dismissing_closes_the_reports_and_leaves_the_content(client, team_member, reported):
    client.force_login(team_member)
    client.post(url(reported["first"]), {"decision": DISMISS, "reason": "正常讨论"})
    assert set(Report.objects.filter(comment=reported["comment"]).values_list("status", flat=True)) == {"dismissed"}
    reported["comment"].refresh_from_db()
    assert not reported["comment"].is_hidden
    assert list(ModerationAction.objects.values_list("action", "actor", "reason")) == [
        (Action.DISMISS_REPORT, team_member.pk, "正常讨论")
    ]


def test_a_report_decided_first_by_someone_else_is_refused_saying_who(client, team_member, board_group, reported):
    other = StaffUserFactory(display_name="运营小叶", groups=[COMMUNITY_TEAM])
    decide(other, reported["first"], DISMISS, "")
    client.force_login(team_member)
    # The second person had the page open on the other report of the same comment.
    response = client.post(url(reported["second"]), {"decision": UPHOLD, "reason": "人身攻击"}, headers=ZH)
    assert response.status_code == 200
    html = response.content.decode()
    assert "这条举报已经处理过了。" in html and "运营小叶" in html and "已驳回" in html
    assert 'name="decision"' not in html
    reported["comment"].refresh_from_db()
    assert not reported["comment"].is_hidden
    assert ModerationAction.objects.count() == 1


def test_hiding_needs_a_reason(client, team_member, reported):
    client.force_login(team_member)
    response = client.post(url(reported["first"]), {"decision": UPHOLD, "reason": " "}, headers=ZH)
    assert response.status_code == 200
    assert "请填写原因，成员会看到。" in response.content.decode()
    assert Report.objects.get(pk=reported["first"].pk).is_open
    assert not ModerationAction.objects.exists()


@pytest.mark.parametrize("same_report", [True, False])
@pytest.mark.django_db(transaction=True)
@requires_postgresql
def test_two_people_deciding_the_same_content_at_once_decide_it_once(
    board_group, make_post, make_comment, same_report
):
    """Eight rounds, each on fresh content reported twice: one person hides it, the other dismisses it, both at once
    (on one report, or each on one of its two reports). Each round one wins, the other is refused; nobody deadlocks."""
    people = [StaffUserFactory(groups=[COMMUNITY_TEAM]) for _ in range(2)]
    g = board_group
    for round_ in range(8):
        comment = make_comment(make_post(g.group, g.bob), g.bob, body=f"第{round_}条")
        pair = [
            Report.objects.create(group=g.group, reporter=reporter, post=comment.post, comment=comment, reason="abuse")
            for reporter in (g.alice, g.co_leader)
        ]
        rows = [pair[0], pair[0] if same_report else pair[1]]
        decisions = [(UPHOLD, "人身攻击"), (DISMISS, "")]

        def work(i, rows=rows, decisions=decisions):
            row = Report.objects.select_related("group").get(pk=rows[i].pk)
            return decide(people[i], row, *decisions[i])

        results, unexpected = run_concurrently(2, work, expected=(BoardError,))
        assert unexpected == [], "no deadlock, no other error"
        assert sum(isinstance(result, BoardError) for result in results) == 1
        winner = next(i for i, result in enumerate(results) if isinstance(result, Report))
        statuses = set(Report.objects.filter(comment=comment).values_list("status", "handled_by"))
        assert statuses == {("upheld" if winner == 0 else "dismissed", people[winner].pk)}
        assert ModerationAction.objects.filter(post=comment.post).count() == 1
    assert ModelLogEntry.objects.filter(action__startswith="board.report.").count() == 8


@pytest.mark.django_db(transaction=True)
@requires_postgresql
def test_a_leader_on_the_board_and_staff_in_the_admin_deciding_at_once_decide_it_once(
    board_group, make_post, make_comment
):
    """The same race across the two queues: the leader dismisses one report from the board's reports tab while staff
    hide the content through the other report in the admin. Both paths lock the content's reports in one order, so
    one wins and the other is refused; without that, each held the row the other's closing UPDATE needed."""
    staff = StaffUserFactory(groups=[COMMUNITY_TEAM])
    g = board_group
    for round_ in range(8):
        comment = make_comment(make_post(g.group, g.bob), g.bob, body=f"第{round_}条")
        pair = [
            Report.objects.create(group=g.group, reporter=reporter, post=comment.post, comment=comment, reason="abuse")
            for reporter in (g.alice, g.co_leader)
        ]

        def work(i, pair=pair):
            row = Report.objects.select_related("group").get(pk=pair[i].pk)
            if i == 0:
                return dismiss_report(viewer_for(g.group, g.leader), row, note="正常讨论")
            return decide(staff, row, UPHOLD, "人身攻击")

        results, unexpected = run_concurrently(2, work, expected=(BoardError,))
        assert unexpected == [], "no deadlock, no other error"
        assert sum(isinstance(result, BoardError) for result in results) == 1
        assert Report.objects.filter(comment=comment, status="open").count() == 0
