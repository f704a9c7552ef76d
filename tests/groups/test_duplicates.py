"""A second request, membership, application or name gets a clear message, never a 500 (also when a race skips the
friendly pre-check and the database constraint has to catch it)."""

import pytest

from portal.groups import services
from portal.groups.models import CommunityGroup, GroupApplication, GroupRules, JoinRequest, Membership
from portal.groups.services import GroupActionError, JoinState, founding, request_to_join, submit_application
from portal.groups.services import membership as membership_services
from tests.groups.factories import CommunityGroupFactory, GroupApplicationFactory, MemberFactory

# What the page's join button posts: only its CSRF token (the test client does not check it).
BUTTON = {"csrfmiddlewaretoken": "token"}


def _application(topic, name):
    return {
        "name": name,
        "topic": topic,
        "city": "杭州",
        "purpose": "一起做点有意思的事。",
        "planned_activities": "每月一次聚会。",
        "expected_size": 30,
    }


@pytest.fixture
def review_mode(rules):
    rules.approval_mode = GroupRules.Mode.REVIEW
    rules.save()
    return rules


@pytest.fixture
def skip_state_check(monkeypatch):
    """Make join_state answer as if nothing existed yet: what two simultaneous requests both see."""

    def fake(group, user):
        if group.join_policy == CommunityGroup.JoinPolicy.OPEN:
            return JoinState("join")
        return JoinState("request")

    monkeypatch.setattr(membership_services, "join_state", fake)


# --- Join requests and memberships ----------------------------------------------------------------------------------


def test_second_join_request_is_refused_with_a_message(approval_group, outsider):
    request_to_join(approval_group, outsider, ["第一次"])
    with pytest.raises(GroupActionError, match="already asked"):
        request_to_join(approval_group, outsider, ["第二次"])
    assert JoinRequest.objects.filter(member=outsider).count() == 1


def test_second_join_request_racing_past_the_check_hits_the_constraint_and_gets_a_message(
    approval_group, outsider, skip_state_check
):
    request_to_join(approval_group, outsider, ["第一次"])
    with pytest.raises(GroupActionError, match="already asked"):
        request_to_join(approval_group, outsider, ["第二次"])
    assert JoinRequest.objects.filter(member=outsider).count() == 1


def test_second_join_request_from_the_page_is_a_message_not_a_500(client, approval_group, outsider):
    client.force_login(outsider)
    url = f"/en/portal/groups/{approval_group.slug}/join/"
    client.post(url, {"answer_0": "第一次"})
    response = client.post(url, {"answer_0": "第二次"}, follow=True)
    assert response.status_code == 200
    assert "You have already asked to join this group." in response.content.decode()
    assert JoinRequest.objects.filter(member=outsider).count() == 1


def test_second_membership_is_refused_with_a_message(group, outsider):
    request_to_join(group, outsider)
    with pytest.raises(GroupActionError, match="already a member"):
        request_to_join(group, outsider)
    group.refresh_from_db()
    assert group.member_count == 2 and Membership.objects.filter(member=outsider).count() == 1


def test_second_membership_racing_past_the_check_keeps_one_seat(group, outsider, skip_state_check):
    request_to_join(group, outsider)
    with pytest.raises(GroupActionError, match="already a member"):
        request_to_join(group, outsider)
    group.refresh_from_db()
    assert group.member_count == 2 == group.memberships.active().count()


def test_joining_twice_from_the_page_is_a_message_not_a_500(client, group, outsider):
    client.force_login(outsider)
    client.post(f"/en/portal/groups/{group.slug}/join/", BUTTON)
    response = client.post(f"/en/portal/groups/{group.slug}/join/", BUTTON, follow=True)
    assert response.status_code == 200
    assert "You are already a member of this group." in response.content.decode()
    group.refresh_from_db()
    assert group.member_count == 2


def test_a_membership_row_for_the_same_pair_cannot_exist_twice(group, leader):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(group=group, member=leader)


# --- Applications and names -----------------------------------------------------------------------------------------


def test_second_open_application_with_the_same_name_is_refused(review_mode, topic):
    member = MemberFactory()
    submit_application(member, **_application(topic, "Night Runners"))
    with pytest.raises(GroupActionError, match="already have an open application"):
        submit_application(member, **_application(topic, "night RUNNERS"))
    assert GroupApplication.objects.count() == 1


def test_second_open_application_from_the_form_is_a_form_error(client, review_mode, topic):
    member = MemberFactory()
    GroupApplicationFactory(applicant=member, name="Night Runners", topic=topic)
    client.force_login(member)
    response = client.post(
        "/en/portal/groups/found/",
        {**_application(topic, "night runners"), "topic": topic.pk, "confirm_distinct": "on"},
    )
    assert response.status_code == 200
    assert any("already have an open application" in e for e in response.context["form"].non_field_errors())
    assert GroupApplication.objects.count() == 1


def test_a_decided_application_does_not_block_applying_again_with_the_name(review_mode, topic):
    member = MemberFactory()
    GroupApplicationFactory(applicant=member, name="Night Runners", status=GroupApplication.Status.REJECTED)
    submit_application(member, **_application(topic, "Night Runners"))
    assert GroupApplication.objects.filter(status=GroupApplication.Status.SUBMITTED).count() == 1


@pytest.mark.parametrize(
    "name", ["West Lake Readers", "west lake readers", "WEST LAKE READERS", " West  Lake Readers "]
)
def test_founding_with_an_existing_groups_name_in_any_case_is_a_form_error(client, rules, topic, name):
    CommunityGroupFactory(name="West Lake Readers")
    client.force_login(MemberFactory())
    response = client.post(
        "/en/portal/groups/found/", {**_application(topic, name), "topic": topic.pk, "confirm_distinct": "on"}
    )
    assert response.status_code == 200
    assert any("The name is not taken" in e for e in response.context["form"].non_field_errors())
    assert CommunityGroup.objects.count() == 1


def test_approving_an_application_whose_name_was_taken_meanwhile_is_a_message(
    client, review_mode, topic, community_team_member
):
    application = GroupApplicationFactory(name="West Lake Readers", topic=topic)
    CommunityGroupFactory(name="WEST LAKE readers")
    client.force_login(community_team_member)
    response = client.post(f"/admin/community/applications/{application.pk}/decide/", {"decision": "approve"})
    assert response.status_code == 200
    assert "A group with this name exists already." in response.content.decode()
    application.refresh_from_db()
    assert application.status == GroupApplication.Status.SUBMITTED
    assert CommunityGroup.objects.count() == 1


def test_name_race_past_the_check_hits_the_case_insensitive_constraint(review_mode, topic, monkeypatch):
    application = GroupApplicationFactory(name="West Lake Readers", topic=topic)
    CommunityGroupFactory(name="west lake readers")
    monkeypatch.setattr(founding, "name_taken", lambda name, exclude_group=None: False)
    with pytest.raises(GroupActionError, match="exists already"):
        services.approve_application(application)
    application.refresh_from_db()
    assert application.status == GroupApplication.Status.SUBMITTED
    assert not Membership.objects.filter(member=application.applicant).exists()
