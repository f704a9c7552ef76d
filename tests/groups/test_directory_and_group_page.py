"""The /groups/ directory (filters, search, sort, pagination) and a group's page as each kind of visitor sees it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.groups.models import CommunityGroup, JoinRequest, Membership
from tests.groups.factories import (
    CommunityGroupFactory,
    JoinRequestFactory,
    MemberFactory,
    MembershipFactory,
    TopicFactory,
)

DIRECTORY = "/en/groups/"


def _listed(client, **params):
    response = client.get(DIRECTORY, params)
    assert response.status_code == 200
    return [group.name for group in response.context["groups"].object_list]


def _page(client, group):
    """The group's page in English, so the assertions read the labels' source text."""
    response = client.get(f"/en/groups/{group.slug}/")
    assert response.status_code == 200
    return response.content.decode()


# --- Directory ------------------------------------------------------------------------------------------------------


def test_directory_lists_active_groups_only(client, db):
    CommunityGroupFactory(name="活跃的社群")
    CommunityGroupFactory(name="已归档社群", status=CommunityGroup.Status.ARCHIVED)
    assert _listed(client) == ["活跃的社群"]


def test_directory_filters_by_topic(client, db):
    hiking, film = TopicFactory(slug="hiking-test"), TopicFactory(slug="film-test")
    CommunityGroupFactory(name="周末徒步", topic=hiking)
    CommunityGroupFactory(name="周五电影夜", topic=film)
    assert _listed(client, topic="hiking-test") == ["周末徒步"]


def test_directory_filters_by_city(client, db):
    CommunityGroupFactory(name="杭州夜跑", city="杭州")
    CommunityGroupFactory(name="成都夜跑", city="成都")
    assert _listed(client, city="成都") == ["成都夜跑"]


def test_directory_filters_by_stage(client, db):
    CommunityGroupFactory(name="新社群", stage=CommunityGroup.Stage.NEW)
    CommunityGroupFactory(name="核心社群", stage=CommunityGroup.Stage.CORE)
    assert _listed(client, stage="core") == ["核心社群"]
    assert len(_listed(client, stage="no-such-stage")) == 2


def test_directory_filters_groups_with_room(client, db):
    CommunityGroupFactory(name="还有空位", capacity=5, members=4)
    CommunityGroupFactory(name="已经满员", capacity=2, members=2)
    assert _listed(client, room="1") == ["还有空位"]


def test_directory_searches_name_summary_and_city(client, db):
    CommunityGroupFactory(name="胶片摄影", summary="一起扫街", city="上海")
    CommunityGroupFactory(name="手作陶艺", summary="周末拉坯", city="苏州")
    assert _listed(client, q="胶片") == ["胶片摄影"]
    assert _listed(client, q="拉坯") == ["手作陶艺"]
    assert _listed(client, q="苏州") == ["手作陶艺"]
    assert _listed(client, q="没有这个") == []


def test_directory_sorts_by_members_or_newest(client, db):
    now = timezone.now()
    CommunityGroupFactory(name="老而大", members=5, founded_at=now - timedelta(days=100))
    CommunityGroupFactory(name="新而小", members=1, founded_at=now - timedelta(days=1))
    CommunityGroupFactory(name="中间", members=3, founded_at=now - timedelta(days=50))
    assert _listed(client) == ["老而大", "中间", "新而小"]
    assert _listed(client, sort="new") == ["新而小", "中间", "老而大"]


def test_directory_paginates_24_a_page_and_keeps_filters_in_page_links(client, db):
    topic = TopicFactory(slug="paged")
    for _ in range(30):
        CommunityGroupFactory(topic=topic)
    response = client.get(DIRECTORY, {"topic": "paged"})
    page = response.context["groups"]
    assert len(page.object_list) == 24 and page.paginator.count == 30 and page.has_next()
    assert "topic=paged&amp;page=2" in response.content.decode()
    assert len(_listed(client, topic="paged", page="2")) == 6
    assert len(_listed(client, topic="paged", page="999")) == 6  # out of range: the last page, not an error


# --- Join control ---------------------------------------------------------------------------------------------------


def test_anonymous_visitor_is_asked_to_log_in_to_join(client, group):
    html = _page(client, group)
    assert "Log in to join" in html
    assert "/accounts/login/?next=" in html


def test_member_of_nothing_sees_join_on_an_open_group(client, group, outsider):
    client.force_login(outsider)
    html = _page(client, group)
    assert ">Join</button>" in html and "Log in to join" not in html


def test_approval_group_offers_request_to_join(client, approval_group, outsider):
    client.force_login(outsider)
    html = _page(client, approval_group)
    assert "Request to join" in html
    assert "The leaders ask 1 question." in html


def test_member_who_asked_sees_requested_and_can_withdraw(client, approval_group, outsider):
    JoinRequestFactory(group=approval_group, member=outsider)
    client.force_login(outsider)
    html = _page(client, approval_group)
    assert "Requested" in html and "Withdraw my request" in html
    assert "Request to join" not in html


def test_member_sees_member_and_can_leave(client, group, outsider):
    MembershipFactory(group=group, member=outsider)
    client.force_login(outsider)
    html = _page(client, group)
    assert ">Member</p>" in html and "Leave the group" in html


def test_leader_sees_manage_link_and_no_leave_button(client, group, leader):
    client.force_login(leader)
    html = _page(client, group)
    assert "You lead this group" in html and "Manage the group" in html
    assert "Leave the group" not in html


def test_full_open_group_offers_the_waitlist(client, leader, outsider):
    full = CommunityGroupFactory(leader=leader, capacity=2, members=1)
    client.force_login(outsider)
    assert "Full: join the waitlist" in _page(client, full)


def test_full_approval_group_warns_requests_go_on_the_waitlist(client, leader, outsider):
    full = CommunityGroupFactory(leader=leader, capacity=2, members=1, join_policy=CommunityGroup.JoinPolicy.APPROVAL)
    client.force_login(outsider)
    html = _page(client, full)
    assert "Request to join" in html and "you go on the waitlist" in html


def test_waitlisted_member_sees_on_the_waitlist(client, group, outsider):
    JoinRequestFactory(group=group, member=outsider, status=JoinRequest.Status.WAITLISTED)
    client.force_login(outsider)
    assert "On the waitlist" in _page(client, group)


def test_invitation_only_group_says_so(client, leader, outsider):
    closed = CommunityGroupFactory(leader=leader, join_policy=CommunityGroup.JoinPolicy.INVITATION)
    client.force_login(outsider)
    html = _page(client, closed)
    assert "Invitation only" in html and "Request to join" not in html and ">Join</button>" not in html


def test_banned_member_gets_no_join_control(client, group, outsider):
    MembershipFactory(group=group, member=outsider, state=Membership.State.BANNED)
    client.force_login(outsider)
    html = _page(client, group)
    assert "You cannot join this group." in html and ">Join</button>" not in html


def test_archived_group_shows_archived(client, group, outsider):
    CommunityGroup.objects.filter(pk=group.pk).update(status=CommunityGroup.Status.ARCHIVED)
    client.force_login(outsider)
    html = _page(client, group)
    assert "This group is archived" in html and ">Join</button>" not in html


def test_unknown_group_is_404(client, db):
    assert client.get("/en/groups/no-such-group/").status_code == 404


# --- Members-only information ---------------------------------------------------------------------------------------


@pytest.fixture
def group_with_secrets(group):
    group.chat_qr = "groups/qr/xihu-chat.png"
    group.chat_instructions = "扫码后请备注昵称"
    group.meeting_place = "孤山路 8 号茶馆"
    group.save()
    MembershipFactory(group=group, member=MemberFactory(display_name="安静的成员"))
    return group


SECRETS = ("/groups/qr/xihu-chat.png", "扫码后请备注昵称", "孤山路 8 号茶馆", "安静的成员")


def test_members_see_the_chat_qr_instructions_and_member_list(client, group_with_secrets, outsider):
    MembershipFactory(group=group_with_secrets, member=outsider)
    client.force_login(outsider)
    html = _page(client, group_with_secrets)
    for secret in SECRETS:
        assert secret in html


def test_leaders_see_the_members_only_information(client, group_with_secrets, leader):
    client.force_login(leader)
    html = _page(client, group_with_secrets)
    for secret in SECRETS:
        assert secret in html


def test_members_of_an_archived_group_keep_the_members_only_information(client, group_with_secrets, outsider):
    """Archiving keeps memberships ("its members keep their memberships"), so members keep the chat details too."""
    MembershipFactory(group=group_with_secrets, member=outsider)
    CommunityGroup.objects.filter(pk=group_with_secrets.pk).update(status=CommunityGroup.Status.ARCHIVED)
    client.force_login(outsider)
    html = _page(client, group_with_secrets)
    assert "This group is archived" in html
    for secret in SECRETS:
        assert secret in html


@pytest.mark.parametrize("visitor", ["anonymous", "outsider", "requested", "waitlisted", "left", "banned"])
def test_non_members_never_see_members_only_information(client, group_with_secrets, visitor):
    group = group_with_secrets
    if visitor != "anonymous":
        user = MemberFactory()
        if visitor in ("requested", "waitlisted"):
            status = JoinRequest.Status.PENDING if visitor == "requested" else JoinRequest.Status.WAITLISTED
            JoinRequestFactory(group=group, member=user, status=status)
        elif visitor in ("left", "banned"):
            state = Membership.State.LEFT if visitor == "left" else Membership.State.BANNED
            MembershipFactory(group=group, member=user, state=state)
        client.force_login(user)
    html = _page(client, group)
    for secret in SECRETS:
        assert secret not in html
    # The leader's name is public; the group's basics are too.
    assert "组长阿青" in html and group.summary in html
