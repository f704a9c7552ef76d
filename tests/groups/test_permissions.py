"""Who may reach what: one test per manage endpoint and visitor kind, and the staff screens in the Wagtail admin."""

import pytest

from portal.groups.models import CommunityGroup, GroupApplication, JoinRequest, Membership
from tests.groups.factories import GroupApplicationFactory, JoinRequestFactory, MemberFactory, MembershipFactory

# (url name, method): what each manage endpoint is sent; the POST bodies would change something if allowed.
ENDPOINTS = [
    ("manage", "get"),
    ("manage", "post"),
    ("manage_requests", "get"),
    ("manage_requests", "post"),
    ("manage_members", "get"),
    ("manage_members", "post"),
    ("manage_settings", "get"),
    ("manage_settings", "post"),
    ("manage_archive", "post"),
]
ENDPOINT_IDS = [f"{name}-{method}" for name, method in ENDPOINTS]
PATHS = {
    "manage": "manage/",
    "manage_requests": "manage/requests/",
    "manage_members": "manage/members/",
    "manage_settings": "manage/settings/",
    "manage_archive": "manage/archive/",
}


@pytest.fixture
def target(approval_group, leader):
    """The group under attack, with a pending request and an ordinary member, and the bodies to post."""
    request = JoinRequestFactory(group=approval_group)
    victim = MembershipFactory(group=approval_group, member=MemberFactory(display_name="被踢的人"))
    bodies = {
        "manage": {"name": "被改掉的名字", "summary": "x", "topic": approval_group.topic_id, "city": "x"},
        "manage_requests": {"action": "approve", "requests": [request.pk]},
        "manage_members": {"action": "ban", "member": victim.member_id},
        "manage_settings": {"join_policy": "open", "capacity": "50", "meeting_place": "被改掉的地点"},
        "manage_archive": {"confirm": approval_group.name},
    }
    return approval_group, request, victim, bodies


def _hit(client, group, name, method, bodies):
    url = f"/en/portal/groups/{group.slug}/{PATHS[name]}"
    if method == "get":
        return client.get(url)
    return client.post(url, bodies[name])


def _assert_unchanged(group, request, victim):
    group.refresh_from_db()
    request.refresh_from_db()
    victim.refresh_from_db()
    assert group.name == "周末烘焙社" and group.is_active
    assert group.join_policy == CommunityGroup.JoinPolicy.APPROVAL and group.capacity == 100
    assert group.meeting_place == ""
    assert request.status == JoinRequest.Status.PENDING
    assert victim.state == Membership.State.ACTIVE


def test_manage_urls_are_what_the_tests_hit(target, client, leader):
    group, _request, _victim, bodies = target
    client.force_login(leader)
    for name, method in ENDPOINTS:
        if method == "get":
            assert _hit(client, group, name, method, bodies).status_code == 200, name


@pytest.mark.parametrize(("name", "method"), ENDPOINTS, ids=ENDPOINT_IDS)
def test_anonymous_visitor_is_sent_to_log_in(client, target, name, method):
    group, request, victim, bodies = target
    response = _hit(client, group, name, method, bodies)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=/en/portal/groups/")
    _assert_unchanged(group, request, victim)


@pytest.mark.parametrize(("name", "method"), ENDPOINTS, ids=ENDPOINT_IDS)
def test_plain_member_is_forbidden(client, target, plain_member, name, method):
    group, request, victim, bodies = target
    client.force_login(plain_member)
    assert _hit(client, group, name, method, bodies).status_code == 403
    _assert_unchanged(group, request, victim)


@pytest.mark.parametrize(("name", "method"), ENDPOINTS, ids=ENDPOINT_IDS)
def test_leader_of_another_group_is_forbidden(client, target, other_group_leader, name, method):
    group, request, victim, bodies = target
    client.force_login(other_group_leader)
    assert _hit(client, group, name, method, bodies).status_code == 403
    _assert_unchanged(group, request, victim)


@pytest.mark.parametrize(("name", "method"), ENDPOINTS, ids=ENDPOINT_IDS)
def test_former_leader_who_left_is_forbidden(client, target, name, method):
    group, request, victim, bodies = target
    former = MembershipFactory(group=group, role=Membership.Role.CO_LEADER)
    Membership.objects.filter(pk=former.pk).update(state=Membership.State.LEFT)
    client.force_login(former.member)
    assert _hit(client, group, name, method, bodies).status_code == 403
    _assert_unchanged(group, request, victim)


def test_co_leader_cannot_archive(client, target):
    group, request, victim, bodies = target
    co_leader = MembershipFactory(group=group, role=Membership.Role.CO_LEADER).member
    client.force_login(co_leader)
    assert _hit(client, group, "manage_archive", "post", bodies).status_code == 403
    _assert_unchanged(group, request, victim)
    settings_page = _hit(client, group, "manage_settings", "get", bodies).content.decode()
    assert "Archive the group" not in settings_page


def test_co_leader_can_approve_requests(client, target):
    group, request, _victim, bodies = target
    client.force_login(MembershipFactory(group=group, role=Membership.Role.CO_LEADER).member)
    assert _hit(client, group, "manage_requests", "post", bodies).status_code == 302
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.APPROVED


# --- Staff screens in the Wagtail admin -----------------------------------------------------------------------------

QUEUE = "/admin/groups/groupapplication/"


def _decide_url(application):
    return f"/admin/community/applications/{application.pk}/decide/"


def test_community_team_member_opens_the_application_queue(client, community_team_member, rules):
    application = GroupApplicationFactory(name="等待审核的社群")
    client.force_login(community_team_member)
    response = client.get(QUEUE)
    assert response.status_code == 200
    assert "等待审核的社群" in response.content.decode()
    assert _decide_url(application) in response.content.decode()
    assert client.get(QUEUE, {"status": "submitted"}).status_code == 200


@pytest.mark.parametrize("model", ["communitygroup", "membership", "joinrequest", "groupprofilechange"])
def test_community_team_member_opens_the_other_group_screens(client, community_team_member, group, model):
    client.force_login(community_team_member)
    assert client.get(f"/admin/groups/{model}/").status_code == 200


def test_community_team_member_exports_groups_as_csv(client, community_team_member, group):
    client.force_login(community_team_member)
    response = client.get("/admin/groups/communitygroup/", {"export": "csv"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    lines = content.decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and group.slug in lines[1]


def test_community_team_member_approves_an_application(client, community_team_member, rules):
    application = GroupApplicationFactory(name="审核通过的社群")
    client.force_login(community_team_member)
    assert client.get(_decide_url(application)).status_code == 200
    response = client.post(_decide_url(application), {"decision": "approve", "note": "欢迎"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == GroupApplication.Status.APPROVED and application.reviewer == community_team_member
    assert application.group.memberships.get().member == application.applicant


@pytest.mark.parametrize(("decision", "status"), [("reject", "rejected"), ("return", "returned")])
def test_community_team_member_rejects_or_returns_with_a_note(client, community_team_member, decision, status):
    application = GroupApplicationFactory()
    client.force_login(community_team_member)
    response = client.post(_decide_url(application), {"decision": decision, "note": ""})
    assert response.status_code == 200  # a note is required: the form comes back with the message
    assert "Write a note" in response.content.decode()
    client.post(_decide_url(application), {"decision": decision, "note": "请补充活动计划"})
    application.refresh_from_db()
    assert application.status == status and application.reviewer_note == "请补充活动计划"


def test_staff_decisions_go_into_wagtails_log(client, community_team_member):
    from wagtail.models import ModelLogEntry

    application = GroupApplicationFactory()
    client.force_login(community_team_member)
    client.post(_decide_url(application), {"decision": "reject", "note": "重复的社群"})
    entry = ModelLogEntry.objects.get(action="groups.application.reject")
    assert entry.user == community_team_member and entry.object_id == str(application.pk)


def test_community_team_member_archives_a_group(client, community_team_member, group):
    client.force_login(community_team_member)
    response = client.post(f"/admin/community/groups/{group.pk}/archive/")
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.status == CommunityGroup.Status.ARCHIVED


def test_editor_without_group_permissions_cannot_decide(client, staff_user):
    application = GroupApplicationFactory()
    client.force_login(staff_user)
    for response in (
        client.get(_decide_url(application)),
        client.post(_decide_url(application), {"decision": "approve"}),
    ):
        # Wagtail turns a PermissionDenied inside the admin into a redirect to the dashboard with a message.
        assert response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")
    application.refresh_from_db()
    assert application.status == GroupApplication.Status.SUBMITTED


@pytest.mark.parametrize(
    "url",
    ["/admin/", QUEUE, "/admin/groups/communitygroup/", "decide", "archive"],
)
def test_plain_member_gets_no_admin_access(client, group, leader, url):
    application = GroupApplicationFactory()
    url = {"decide": _decide_url(application), "archive": f"/admin/community/groups/{group.pk}/archive/"}.get(url, url)
    client.force_login(leader)
    for response in (client.get(url), client.post(url, {"decision": "approve"})):
        # Wagtail sends a signed-in member without admin access to the login page, never into the admin.
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=/admin/")
    application.refresh_from_db()
    group.refresh_from_db()
    assert application.status == GroupApplication.Status.SUBMITTED and group.is_active
