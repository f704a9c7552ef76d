"""The community team's board screens in the Wagtail admin: the queue of reports the leaders cannot or did not
handle, the decision on one (through the board's services, recorded in its history), and the moderation log."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import resolve, reverse
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from portal.board.models import ModerationAction, Report
from tests.board.factories import CommentFactory, PostFactory
from tests.factories import StaffUserFactory
from tests.groups.factories import CommunityGroupFactory, MemberFactory, MembershipFactory

pytestmark = pytest.mark.django_db

QUEUE = "board_report_modeladmin_index"
LOG = "board_moderationaction_modeladmin_index"


@pytest.fixture
def board(db):
    """A group with a leader and two members; one post by the leader, one by a member with a comment."""
    leader, alice, bob = MemberFactory(display_name="组长阿青"), MemberFactory(), MemberFactory()
    group = CommunityGroupFactory(leader=leader, name="周末读书会")
    for member in (alice, bob):
        MembershipFactory(group=group, member=member)
    leader_post = PostFactory(group=group, author=leader, title="组长的公告")
    member_post = PostFactory(group=group, author=bob, title="普通讨论帖")
    comment = CommentFactory(post=member_post, author=bob, body="这条评论有点过分")
    return {"group": group, "leader": leader, "alice": alice, "leader_post": leader_post, "comment": comment}


@pytest.fixture
def reports(board):
    """For the team: one on a leader's post, one left open 49 hours. Not for the team: a fresh one, a handled one."""
    now, group, alice = timezone.now(), board["group"], board["alice"]
    return {
        "to_team": Report.objects.create(
            group=group, reporter=alice, post=board["leader_post"], reason="abuse", to_team=True
        ),
        "old": Report.objects.create(
            group=group,
            reporter=alice,
            post=board["comment"].post,
            comment=board["comment"],
            reason="abuse",
            created_at=now - timedelta(hours=49),
        ),
        "fresh": Report.objects.create(group=group, reporter=alice, post=board["comment"].post, reason="spam"),
        "handled": Report.objects.create(
            group=group,
            reporter=board["leader"],
            post=board["comment"].post,
            reason="spam",
            status=Report.Status.DISMISSED,
            created_at=now - timedelta(days=5),
        ),
    }


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_team_s_queue_lists_leader_content_and_reports_open_48_hours(client, team_member, reports, language):
    client.force_login(team_member)
    with translation.override(language):
        url = reverse(QUEUE)
    response = client.get(url, headers={"accept-language": language})
    assert response.status_code == 200
    listed = set(response.context["object_list"])
    assert listed == {reports["to_team"], reports["old"]}
    html = response.content.decode()
    assert "组长的公告" in html and "这条评论有点过分" in html and "周末读书会" in html
    assert reverse("board_admin:handle_report", args=[reports["old"].pk]) in html


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_decision_screen_renders(client, team_member, reports, language):
    client.force_login(team_member)
    response = client.get(
        reverse("board_admin:handle_report", args=[reports["to_team"].pk]), headers={"accept-language": language}
    )
    assert response.status_code == 200
    assert "组长的公告" in response.content.decode()


def test_the_team_hides_a_leader_s_post_and_the_decision_is_recorded(client, team_member, board, reports):
    client.force_login(team_member)
    row = reports["to_team"]
    response = client.post(
        reverse("board_admin:handle_report", args=[row.pk]), {"decision": "uphold", "reason": "违反社群公约"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(QUEUE)
    post = board["leader_post"]
    post.refresh_from_db()
    assert post.is_hidden and post.hidden_reason == "违反社群公约"
    row.refresh_from_db()
    assert (row.status, row.handled_by) == (Report.Status.UPHELD, team_member)
    hide = ModerationAction.objects.get(action=ModerationAction.Action.HIDE)
    assert (hide.actor, hide.group, hide.post) == (team_member, board["group"], post)
    entries = ModelLogEntry.objects.filter(object_id=str(row.pk), action="board.report.uphold")
    assert list(entries.values_list("user", flat=True)) == [team_member.pk]


def test_the_team_dismisses_an_old_report_with_every_open_report_on_the_same_comment(
    client, team_member, board, reports
):
    client.force_login(team_member)
    row = reports["old"]
    same = Report.objects.create(
        group=board["group"], reporter=board["leader"], post=row.post, comment=row.comment, reason="other"
    )
    client.post(reverse("board_admin:handle_report", args=[row.pk]), {"decision": "dismiss", "reason": "正常讨论"})
    assert set(Report.objects.filter(pk__in=[row.pk, same.pk]).values_list("status", flat=True)) == {
        Report.Status.DISMISSED
    }
    assert Report.objects.get(pk=reports["fresh"].pk).is_open, "a report on the post is not one on its comment"
    board["comment"].refresh_from_db()
    assert not board["comment"].is_hidden
    assert ModerationAction.objects.get().action == ModerationAction.Action.DISMISS_REPORT
    assert ModelLogEntry.objects.filter(object_id=str(row.pk), action="board.report.dismiss").count() == 1


def test_hiding_without_a_reason_is_refused_and_changes_nothing(client, team_member, reports):
    client.force_login(team_member)
    response = client.post(reverse("board_admin:handle_report", args=[reports["to_team"].pk]), {"decision": "uphold"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Report.objects.get(pk=reports["to_team"].pk).is_open


@pytest.mark.parametrize("data", [{}, {"decision": "burn"}, {"decision": "dismiss", "reason": "x" * 201}])
def test_a_bad_decision_form_changes_nothing(client, team_member, reports, data):
    client.force_login(team_member)
    response = client.post(reverse("board_admin:handle_report", args=[reports["old"].pk]), data)
    assert response.status_code == 200
    assert Report.objects.get(pk=reports["old"].pk).is_open


def test_a_handled_report_cannot_be_decided_again(client, team_member, reports):
    client.force_login(team_member)
    url = reverse("board_admin:handle_report", args=[reports["handled"].pk])
    response = client.post(url, {"decision": "uphold", "reason": "x"})
    assert response.status_code == 200
    assert "这条举报已经处理过了。" in response.content.decode()  # the admin speaks Chinese by default


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_moderation_log_lists_actions_and_filters_by_action(client, team_member, board, language):
    group = board["group"]
    ModerationAction.objects.create(group=group, actor=board["leader"], action="pin", post=board["leader_post"])
    ModerationAction.objects.create(
        group=group, actor=board["leader"], action="hide", reason="广告", post=board["leader_post"]
    )
    client.force_login(team_member)
    response = client.get(reverse(LOG), headers={"accept-language": language})
    assert response.status_code == 200
    assert len(response.context["object_list"]) == 2
    filtered = client.get(reverse(LOG), {"action": "hide"})
    assert [row.action for row in filtered.context["object_list"]] == ["hide"]
    searched = client.get(reverse(LOG), {"q": "周末读书会"})
    assert len(searched.context["object_list"]) == 2


def test_the_log_is_read_only(client, team_member):
    client.force_login(team_member)
    assert client.get("/admin/board/moderationaction/create/").status_code in (302, 403, 404)


# --- Permissions, as tests/staff/test_permissions.py checks every staff view -----------------------------------------


@pytest.fixture
def admin_only(db):
    user = StaffUserFactory(groups=[])
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


def test_the_decision_view_is_guarded_by_the_permission_decorator():
    url = reverse("board_admin:handle_report", args=[999_999])
    assert resolve(url).func.staff_permission == "board.change_report"


def test_visitors_members_and_staff_without_the_permission_cannot_decide(client, admin_only, reports):
    url = reverse("board_admin:handle_report", args=[reports["old"].pk])
    assert "login" in client.get(url)["Location"]
    client.force_login(MemberFactory())
    assert client.post(url, {"decision": "dismiss"}).status_code == 302
    client.force_login(admin_only)
    response = client.post(url, {"decision": "dismiss"})
    assert response["Location"] == reverse("wagtailadmin_home")
    assert Report.objects.get(pk=reports["old"].pk).is_open
    admin_only.user_permissions.add(Permission.objects.get(content_type__app_label="board", codename="change_report"))
    client.force_login(type(admin_only).objects.get(pk=admin_only.pk))
    assert client.get(reverse("board_admin:handle_report", args=[999_999])).status_code == 404


def test_an_editor_has_no_board_queue(client, editor):
    client.force_login(editor)
    assert client.get(reverse(QUEUE)).status_code == 302


def test_the_community_team_holds_the_board_permissions(team_member):
    for permission in [
        "board.view_report",
        "board.change_report",
        "board.view_moderationaction",
        "board.view_post",
        "board.change_post",
        "board.view_comment",
        "board.change_comment",
    ]:
        assert team_member.has_perm(permission), permission


# --- The group's manage menu links to the board's leader pages -------------------------------------------------------


def test_the_group_manage_menu_links_to_the_board_pages_with_the_open_reports(client, board, reports):
    client.force_login(board["leader"])
    response = client.get(reverse("groups:manage", args=[board["group"].slug]))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("reports", "mutes", "log", "settings"):
        assert reverse(f"board:{name}", args=[board["group"].slug]) in html
    # The leaders' queue: the old and the fresh report (the one on the leader's own post is the team's).
    assert '<span class="badge badge--accent">2</span>' in html
