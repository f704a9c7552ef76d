"""The community team's board lists in the admin, read in the admin's Chinese: the report queue (one row per reported
post or comment, its states, filters by group, reason and date, search) and the moderation log, both paged in SQL at
a constant number of queries; who may open them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.board.models import ModerationAction, Report
from tests.board.factories import CommentFactory, PostFactory
from tests.groups.factories import CommunityGroupFactory, MemberFactory

pytestmark = pytest.mark.django_db

QUEUE = "board_report_modeladmin_index"
LOG = "board_moderationaction_modeladmin_index"
ZH = {"accept-language": "zh-hans"}


def _report(group, post, *, comment=None, hours=49, **kwargs):
    kwargs.setdefault("reason", "spam")
    kwargs.setdefault("reporter", MemberFactory())
    return Report.objects.create(
        group=group, post=post, comment=comment, created_at=timezone.now() - timedelta(hours=hours), **kwargs
    )


@pytest.fixture
def queue(board_group, make_post, make_comment):
    """The leader's post reported twice (to the team); bob's comment reported 50 and 49 hours ago, with one earlier
    dismissed report; a fresh report still with the leaders; a post of another group, overdue."""
    g = board_group
    leader_post = make_post(g.group, g.leader, title="组长的公告")
    comment = make_comment(make_post(g.group, g.bob, title="普通讨论帖"), g.bob, body="这条评论有点过分")
    other_group = CommunityGroupFactory(name="广州茶与书法")
    return {
        "leader_post": [_report(g.group, leader_post, hours=1, to_team=True, reporter=m) for m in (g.alice, g.bob)],
        "comment": [
            _report(g.group, comment.post, comment=comment, hours=50, reporter=g.alice, reason="abuse"),
            _report(g.group, comment.post, comment=comment, hours=49, reporter=g.co_leader, detail="人身攻击"),
        ],
        "dismissed": _report(
            g.group, comment.post, comment=comment, hours=100, reporter=g.outsider, status="dismissed", note="正常讨论"
        ),
        "fresh": _report(g.group, comment.post, hours=2, reporter=g.alice),
        "other_group": _report(other_group, PostFactory(group=other_group, title="茶席布置"), hours=60),
        "other": other_group,
    }


def _listed(response):
    assert response.status_code == 200
    return list(response.context["object_list"])


def test_the_queue_lists_one_row_per_reported_content_with_what_a_moderator_needs(client, team_member, queue):
    client.force_login(team_member)
    response = client.get(reverse(QUEUE), headers=ZH)
    rows = _listed(response)
    # The earliest open report of each content the team decides, oldest first.
    assert rows == [queue["other_group"], queue["comment"][0], queue["leader_post"][0]]
    html = response.content.decode()
    for text in (
        "讨论区举报",
        "被举报内容",
        "群主本人的内容",
        "超过 48 小时未处理",
        "组长的公告",
        "组长阿青",
    ):
        assert text in html, text
    assert "这条评论有点过分" in html and "小波" in html and "周末读书会" in html and "广州茶与书法" in html
    comment_row = rows[1]
    assert (comment_row.open_on_content, comment_row.decided_on_content) == (2, 1)
    assert rows[2].open_on_content == 2
    assert reverse("board_admin:handle_report", args=[comment_row.pk]) in html
    assert f'href="?group={queue["other"].pk}"' in html
    for english in ("Board reports", "reported content", "A leader's own content", "Open for over 48 hours"):
        assert english not in html, english


@pytest.mark.parametrize(
    ("state", "expected"),
    [("leaders", ["fresh"]), ("dismissed", ["dismissed"]), ("upheld", []), ("nonsense", ["other_group", "comment"])],
)
def test_the_state_filter(client, team_member, queue, state, expected):
    client.force_login(team_member)
    rows = _listed(client.get(reverse(QUEUE), {"state": state}, headers=ZH))
    wanted = [queue[name] if name != "comment" else queue["comment"][0] for name in expected]
    if state == "nonsense":
        wanted.append(queue["leader_post"][0])
    assert rows == wanted


def test_a_decided_report_has_no_decide_button(client, team_member, queue):
    client.force_login(team_member)
    html = client.get(reverse(QUEUE), {"state": "dismissed"}, headers=ZH).content.decode()
    assert reverse("board_admin:handle_report", args=[queue["dismissed"].pk]) not in html
    assert "已驳回" in html


def test_the_group_filter_shows_the_chosen_group_only(client, team_member, queue, board_group):
    client.force_login(team_member)
    response = client.get(reverse(QUEUE), {"group": queue["other"].pk}, headers=ZH)
    assert _listed(response) == [queue["other_group"]]
    spec = next(spec for spec in response.context["view"].filter_specs if spec.parameter_name == "group")
    assert spec.lookup_choices == [(queue["other"].pk, "广州茶与书法")]
    assert _listed(client.get(reverse(QUEUE), {"group": "x"})) == []
    assert _listed(client.get(reverse(QUEUE), {"group": "999999"})) == []
    unfiltered = client.get(reverse(QUEUE))
    names = [getattr(spec, "parameter_name", None) for spec in unfiltered.context["view"].filter_specs]
    assert "group" not in names, "no list of every group"


def test_the_reason_and_date_filters_and_search(client, team_member, queue):
    client.force_login(team_member)
    assert _listed(client.get(reverse(QUEUE), {"reason": "abuse"})) == [queue["comment"][0]]
    since = timezone.localtime(timezone.now() - timedelta(hours=55)).strftime("%Y-%m-%d %H:%M:%S")
    recent = _listed(client.get(reverse(QUEUE), {"created_at__gte": since}))
    assert queue["other_group"] not in recent and queue["leader_post"][0] in recent
    assert _listed(client.get(reverse(QUEUE), {"q": "有点过分"})) == [queue["comment"][0]]
    assert _listed(client.get(reverse(QUEUE), {"q": "茶与书法"})) == [queue["other_group"]]
    assert _listed(client.get(reverse(QUEUE), {"q": "组长阿青"})) == [queue["leader_post"][0]]


def _many_reports(count):
    """``count`` reported contents across ten groups (a post or a comment each, two reports on every third)."""
    groups = [CommunityGroupFactory() for _ in range(10)]
    for i in range(count):
        group = groups[i % 10]
        post = PostFactory(group=group)
        comment = CommentFactory(post=post) if i % 2 else None
        _report(group, post, comment=comment, hours=49 + i % 30)
        if i % 3 == 0:
            _report(group, post, comment=comment, hours=49)
    return groups


def _actions(count, groups):
    for i in range(count):
        post = PostFactory(group=groups[i % 10])
        ModerationAction.objects.create(
            group=post.group, actor=MemberFactory(), member=post.author, post=post, action="hide", reason=f"原因{i}"
        )


@pytest.mark.parametrize("count", [5, 200])
def test_the_lists_cost_the_same_queries_for_5_and_200_rows(client, team_member, django_assert_max_num_queries, count):
    groups = _many_reports(count)
    _actions(count, groups)
    client.force_login(team_member)
    client.get(reverse(QUEUE))  # the session and the menu's first reads
    urls = [
        (reverse(QUEUE), {}),
        (reverse(QUEUE), {"group": groups[0].pk, "q": "讨论帖"}),
        (reverse(QUEUE), {"state": "leaders", "reason": "spam"}),
        (reverse(LOG), {}),
        (reverse(LOG), {"group": groups[0].pk, "action": "hide", "q": "原因"}),
    ]
    for url, params in urls:
        with django_assert_max_num_queries(16):
            response = client.get(url, params, headers=ZH)
        assert response.status_code == 200
        if not params:
            assert len(response.context["object_list"]) == min(count, 50)


def test_the_queue_pages_in_sql(client, team_member):
    _many_reports(120)
    client.force_login(team_member)
    page3 = client.get(reverse(QUEUE), {"p": 3})
    assert len(page3.context["object_list"]) == 20
    assert page3.context["paginator"].count == 120


def test_the_log_filters_by_group_action_and_date_and_searches_people(client, team_member, board_group, make_post):
    g = board_group
    post = make_post(g.group, g.bob, title="被隐藏的帖子")
    ModerationAction.objects.create(
        group=g.group, actor=g.leader, action="hide", post=post, member=g.bob, reason="广告"
    )
    old = ModerationAction.objects.create(
        group=g.group, actor=g.co_leader, action="pin", post=post, created_at=timezone.now() - timedelta(days=40)
    )
    other = ModerationAction.objects.create(group=CommunityGroupFactory(), actor=g.outsider, action="mute")
    client.force_login(team_member)
    response = client.get(reverse(LOG), headers=ZH)
    html = response.content.decode()
    assert len(_listed(response)) == 3
    for text in ("讨论区管理记录", "被隐藏的帖子", "隐藏", "组长阿青", "小波", "广告"):
        assert text in html, text
    assert len(_listed(client.get(reverse(LOG), {"group": g.group.pk}))) == 2
    assert _listed(client.get(reverse(LOG), {"group": other.group.pk})) == [other]
    assert _listed(client.get(reverse(LOG), {"q": "副组长小雨"})) == [old]
    since = timezone.localdate(timezone.now() - timedelta(days=7)).isoformat()
    assert old not in _listed(client.get(reverse(LOG), {"created_at__gte": since}))


# --- Who sees the lists ----------------------------------------------------------------------------------------------


def test_a_leader_without_staff_rights_is_sent_away(client, board_group, queue):
    client.force_login(board_group.leader)
    for url in (reverse(QUEUE), reverse(LOG), reverse("board_admin:handle_report", args=[queue["comment"][0].pk])):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url


def test_staff_outside_the_community_team_cannot_open_the_queue(client, editor, queue):
    client.force_login(editor)
    assert client.get(reverse(QUEUE)).status_code == 302
    assert client.get(reverse(LOG)).status_code == 302
    url = reverse("board_admin:handle_report", args=[queue["comment"][0].pk])
    assert client.post(url, {"decision": "dismiss"}).status_code == 302
    assert Report.objects.get(pk=queue["comment"][0].pk).is_open


@pytest.mark.parametrize(
    "query",
    [
        {"state": "nonsense"},
        {"state": "team'--"},
        {"reason": "<script>"},
        {"created_at__gte": "not a date"},
        {"created_at__lt": "2026-13-45"},
        {"group": "-1"},
        {"group": "1e9"},
        {"q": "\x00"},
        {"o": "99"},
        {"p": "-3"},
    ],
)
def test_crafted_filters_never_break_the_queue_or_the_log(client, team_member, queue, query):
    """Whatever a query string holds, the lists answer (a list, or Wagtail's redirect for a bad lookup), never 500."""
    client.force_login(team_member)
    for name in (QUEUE, LOG):
        response = client.get(reverse(name), query)
        assert response.status_code in (200, 302, 400), (name, query, response.status_code)
