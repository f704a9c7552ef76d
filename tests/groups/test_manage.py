"""The leaders' manage area on the public site: profile, request queue, members, settings, archive."""

import pytest
from django.core import mail

from portal.groups.models import CommunityGroup, GroupProfileChange, JoinRequest, LeadershipTransfer, Membership
from tests.groups.factories import CommunityGroupFactory, JoinRequestFactory, MemberFactory, MembershipFactory


def _url(group, name=""):
    return f"/en/portal/groups/{group.slug}/manage/{name + '/' if name else ''}"


@pytest.fixture
def as_leader(client, leader):
    client.force_login(leader)
    return client


# --- Profile --------------------------------------------------------------------------------------------------------


def test_leader_edits_the_profile_and_the_change_is_recorded(as_leader, group, leader):
    response = as_leader.post(
        _url(group),
        {
            "name": group.name,
            "summary": "每月共读一本书",
            "description": "第一段\n\n第二段",
            "topic": group.topic_id,
            "city": "杭州",
        },
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.summary == "每月共读一本书"
    assert group.description == "<p>第一段</p><p>第二段</p>"
    change = GroupProfileChange.objects.get(group=group)
    assert change.actor == leader
    assert change.changes["summary"]["to"] == "每月共读一本书"
    assert "name" not in change.changes


def test_profile_cannot_take_another_groups_name(as_leader, group):
    CommunityGroupFactory(name="Taken Name")
    response = as_leader.post(
        _url(group), {"name": "taken NAME", "summary": "x", "topic": group.topic_id, "city": "杭州"}
    )
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    group.refresh_from_db()
    assert group.name == "西湖读书会"


# --- Request queue --------------------------------------------------------------------------------------------------


def test_request_queue_shows_answers_and_approves_in_bulk(
    as_leader, approval_group, django_capture_on_commit_callbacks
):
    first = JoinRequestFactory(group=approval_group, answers=[{"question": "为什么？", "answer": "想学做欧包"}])
    second = JoinRequestFactory(group=approval_group)
    untouched = JoinRequestFactory(group=approval_group)
    page = as_leader.get(_url(approval_group, "requests"))
    assert page.status_code == 200 and "想学做欧包" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = as_leader.post(
            _url(approval_group, "requests"), {"action": "approve", "requests": [first.pk, second.pk]}
        )
    assert response.status_code == 302
    statuses = {r.pk: r.status for r in JoinRequest.objects.all()}
    assert statuses == {first.pk: "approved", second.pk: "approved", untouched.pk: "pending"}
    approval_group.refresh_from_db()
    assert approval_group.member_count == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.member.email, second.member.email])


def test_rejecting_in_bulk_keeps_the_reason(as_leader, approval_group):
    requests = [JoinRequestFactory(group=approval_group) for _ in range(2)]
    as_leader.post(
        _url(approval_group, "requests"),
        {"action": "reject", "requests": [r.pk for r in requests], "reason": "本期名额已满"},
    )
    for request in requests:
        request.refresh_from_db()
        assert request.status == JoinRequest.Status.REJECTED and request.reason == "本期名额已满"


def test_decision_without_a_selection_is_a_message_not_an_error(as_leader, approval_group):
    response = as_leader.post(_url(approval_group, "requests"), {"action": "approve"}, follow=True)
    assert response.status_code == 200
    assert "Select at least one request" in response.content.decode()


def test_leader_cannot_approve_requests_of_another_group(as_leader, approval_group):
    other = JoinRequestFactory(group=CommunityGroupFactory(join_policy=CommunityGroup.JoinPolicy.APPROVAL))
    as_leader.post(_url(approval_group, "requests"), {"action": "approve", "requests": [other.pk]})
    other.refresh_from_db()
    assert other.status == JoinRequest.Status.PENDING
    assert not Membership.objects.filter(member=other.member).exists()


def test_waitlist_tab_lists_waitlisted_requests_oldest_first(as_leader, approval_group):
    JoinRequestFactory(group=approval_group, member=MemberFactory(display_name="先来的"), status="waitlisted")
    JoinRequestFactory(group=approval_group, member=MemberFactory(display_name="后到的"), status="waitlisted")
    html = as_leader.get(_url(approval_group, "requests"), {"status": "waitlisted"}).content.decode()
    assert html.index("先来的") < html.index("后到的")


# --- Members --------------------------------------------------------------------------------------------------------


def test_member_list_is_searchable_and_paginated(as_leader, group):
    MembershipFactory(group=group, member=MemberFactory(display_name="张小满"))
    MembershipFactory.create_batch(35, group=group)
    first = as_leader.get(_url(group, "members"))
    assert len(first.context["members"].object_list) == 30 and first.context["members"].has_next()
    found = as_leader.get(_url(group, "members"), {"q": "小满"})
    assert [m.member.display_name for m in found.context["members"].object_list] == ["张小满"]


def test_member_search_does_not_match_e_mail_addresses(as_leader, group):
    MembershipFactory(group=group, member=MemberFactory(display_name="阿青", email="secret.person@example.com"))
    found = as_leader.get(_url(group, "members"), {"q": "secret.person"})
    assert list(found.context["members"].object_list) == []
    assert "阿青" in as_leader.get(_url(group, "members"), {"q": "阿青"}).content.decode()


@pytest.mark.parametrize(
    ("action", "role", "state"),
    [("promote", "co_leader", "active"), ("remove", "member", "removed"), ("ban", "member", "banned")],
)
def test_leader_acts_on_a_member(as_leader, group, outsider, action, role, state):
    MembershipFactory(group=group, member=outsider)
    as_leader.post(_url(group, "members"), {"action": action, "member": outsider.pk})
    membership = Membership.objects.get(group=group, member=outsider)
    assert (membership.role, membership.state) == (role, state)


def test_leader_offers_leadership_from_the_member_list(as_leader, group, outsider):
    MembershipFactory(group=group, member=outsider)
    as_leader.post(_url(group, "members"), {"action": "transfer", "member": outsider.pk})
    assert LeadershipTransfer.objects.get(group=group).to_member == outsider
    html = as_leader.get(_url(group, "members")).content.decode()
    assert "Leadership has been offered to" in html


def test_co_leader_cannot_offer_leadership(client, group, outsider):
    MembershipFactory(group=group, member=outsider, role=Membership.Role.CO_LEADER)
    plain = MembershipFactory(group=group)
    client.force_login(outsider)
    response = client.post(_url(group, "members"), {"action": "transfer", "member": plain.member_id}, follow=True)
    assert "Only the leader can hand over the group." in response.content.decode()
    assert not LeadershipTransfer.objects.exists()


def test_member_action_on_someone_outside_the_group_is_a_message(as_leader, group, outsider):
    response = as_leader.post(_url(group, "members"), {"action": "remove", "member": outsider.pk}, follow=True)
    assert response.status_code == 200
    assert "not a member of the group" in response.content.decode()


# --- Settings and archive -------------------------------------------------------------------------------------------


def test_leader_sets_approval_with_questions_capacity_and_chat_details(as_leader, group):
    response = as_leader.post(
        _url(group, "settings"),
        {
            "join_policy": "approval",
            "join_questions_text": "你在哪个区？\n\n读过最喜欢的书？\n",
            "capacity": "40",
            "chat_instructions": "扫码后备注昵称",
            "meeting_place": "孤山路茶馆",
        },
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.join_policy == CommunityGroup.JoinPolicy.APPROVAL
    assert group.join_questions == ["你在哪个区？", "读过最喜欢的书？"]
    assert group.capacity == 40
    assert (group.chat_instructions, group.meeting_place) == ("扫码后备注昵称", "孤山路茶馆")
    assert GroupProfileChange.objects.filter(group=group).exists()


@pytest.mark.parametrize("capacity", ["101", "1"])
def test_capacity_outside_the_limits_is_a_form_error(as_leader, group, capacity):
    response = as_leader.post(_url(group, "settings"), {"join_policy": "open", "capacity": capacity})
    assert response.status_code == 200
    assert "capacity" in response.context["form"].errors
    group.refresh_from_db()
    assert group.capacity == 100


def test_capacity_below_the_member_count_is_a_form_error(as_leader, leader):
    group = CommunityGroupFactory(leader=leader, members=4)
    response = as_leader.post(_url(group, "settings"), {"join_policy": "open", "capacity": "3"})
    assert "capacity" in response.context["form"].errors
    group.refresh_from_db()
    assert group.capacity == 100


def test_more_than_five_questions_is_a_form_error(as_leader, group):
    questions = "\n".join(f"问题{i}" for i in range(6))
    response = as_leader.post(
        _url(group, "settings"), {"join_policy": "approval", "capacity": "100", "join_questions_text": questions}
    )
    assert "join_questions_text" in response.context["form"].errors


def test_leader_archives_the_group_by_typing_its_name(as_leader, group):
    as_leader.post(_url(group, "archive"), {"confirm": "wrong"})
    group.refresh_from_db()
    assert group.is_active
    response = as_leader.post(_url(group, "archive"), {"confirm": group.name})
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.status == CommunityGroup.Status.ARCHIVED and group.archived_at is not None


def test_archived_group_accepts_no_manage_changes(as_leader, group):
    CommunityGroup.objects.filter(pk=group.pk).update(status=CommunityGroup.Status.ARCHIVED)
    response = as_leader.post(_url(group, "settings"), {"join_policy": "approval", "capacity": "50"})
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.join_policy == CommunityGroup.JoinPolicy.OPEN and group.capacity == 100


def test_settings_refused_at_the_capacity_step_change_nothing_and_record_nothing(as_leader, group, monkeypatch):
    """Members joined between the form's check and the save: the capacity is refused, so the settings saved with it
    roll back and no audit record says they changed."""
    from portal.groups.services import GroupActionError, group_settings

    def members_joined_meanwhile(group, capacity):
        raise GroupActionError("The group has more members than that; the capacity cannot go below its size.")

    monkeypatch.setattr(group_settings, "_set_capacity", members_joined_meanwhile)
    before = CommunityGroup.objects.values("join_policy", "capacity", "meeting_place", "join_questions").get(
        pk=group.pk
    )
    response = as_leader.post(
        _url(group, "settings"),
        {
            "join_policy": "approval",
            "join_questions_text": "你在哪个区？",
            "capacity": "40",
            "meeting_place": "新地点",
        },
        follow=True,
    )
    assert "cannot go below its size" in response.content.decode()
    after = CommunityGroup.objects.values("join_policy", "capacity", "meeting_place", "join_questions").get(
        pk=group.pk
    )
    assert after == before
    assert not GroupProfileChange.objects.filter(group=group).exists()


def test_update_group_settings_saves_settings_capacity_and_record_together(group, leader):
    from portal.groups.services import GroupActionError, update_group_settings

    membership = Membership.objects.get(group=group, member=leader)
    changed = {"meeting_place": {"to": "孤山路茶馆"}}
    with pytest.raises(GroupActionError):
        update_group_settings(
            group,
            membership,
            settings={"meeting_place": "孤山路茶馆"},
            capacity=group.member_count - 1,
            changed=changed,
        )
    group.refresh_from_db()
    assert group.meeting_place != "孤山路茶馆"
    assert not GroupProfileChange.objects.filter(group=group).exists()

    update_group_settings(group, membership, settings={"meeting_place": "孤山路茶馆"}, capacity=40, changed=changed)
    group.refresh_from_db()
    assert (group.meeting_place, group.capacity) == ("孤山路茶馆", 40)
    assert GroupProfileChange.objects.get(group=group).actor == leader
