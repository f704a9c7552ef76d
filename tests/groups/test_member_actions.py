"""What a member does on the public site: found a group, ask to join, withdraw, leave, and see it on the dashboard."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal.groups.models import CommunityGroup, GroupApplication, GroupRules, JoinRequest, Membership
from tests.factories import UserFactory
from tests.groups.factories import (
    CommunityGroupFactory,
    GroupApplicationFactory,
    JoinRequestFactory,
    MemberFactory,
    MembershipFactory,
)

FOUND = "/en/portal/groups/found/"
# What the group page's join button posts: only its CSRF token (the test client does not check it).
BUTTON = {"csrfmiddlewaretoken": "token"}


def _application_data(topic, **overrides):
    return {
        "name": "城西夜跑团",
        "topic": topic.pk,
        "city": "杭州",
        "purpose": "给下班后想跑步的人找个伴。",
        "planned_activities": "每周三晚上西湖边夜跑。",
        "expected_size": "30",
        **overrides,
    }


# --- Founding -------------------------------------------------------------------------------------------------------


def test_founding_form_shows_the_admission_rules(client, rules):
    client.force_login(MemberFactory())
    response = client.get(FOUND)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Verified e-mail address" in html and "Account at least 7 days old" in html
    assert "your group goes live as soon as you submit" in html


def test_founding_requires_login(client, db):
    response = client.get(FOUND)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_founding_auto_approves_redirects_to_the_new_group_and_mails_the_founder(
    client, rules, topic, django_capture_on_commit_callbacks
):
    founder = MemberFactory(email="founder@example.com", language="en")
    client.force_login(founder)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(FOUND, _application_data(topic))
    group = CommunityGroup.objects.get(name="城西夜跑团")
    assert response.status_code == 302
    assert response["Location"] == group.get_absolute_url()
    assert Membership.objects.get(group=group, member=founder).role == Membership.Role.LEADER
    assert [m.to for m in mail.outbox] == [["founder@example.com"]]
    assert "城西夜跑团" in mail.outbox[0].subject and "is live" in mail.outbox[0].subject
    followed = client.get(response["Location"])
    assert followed.status_code == 200 and "You lead this group" in followed.content.decode()


def test_similar_groups_must_be_looked_at_and_confirmed_first(client, rules, topic):
    existing = CommunityGroupFactory(name="城西跑步俱乐部", topic=topic, city="杭州")
    client.force_login(MemberFactory())
    response = client.post(FOUND, _application_data(topic))
    assert response.status_code == 200
    assert "confirm_distinct" in response.context["form"].errors
    html = response.content.decode()
    assert "Similar groups already exist" in html and existing.name in html
    assert not GroupApplication.objects.exists()

    response = client.post(FOUND, _application_data(topic, confirm_distinct="on"))
    assert response.status_code == 302
    assert CommunityGroup.objects.filter(name="城西夜跑团").exists()


def test_founding_blocked_by_a_rule_says_which_rule(client, rules, topic):
    newcomer = MemberFactory(date_joined=timezone.now() - timedelta(days=1))
    client.force_login(newcomer)
    response = client.post(FOUND, _application_data(topic))
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert any("admission rules" in error and "7 days" in error for error in errors)
    assert "Account at least 7 days old" in response.content.decode()
    assert not GroupApplication.objects.exists() and not CommunityGroup.objects.exists()


def test_unverified_member_cannot_found_a_group(client, rules, topic):
    member = UserFactory(date_joined=timezone.now() - timedelta(days=30))
    client.force_login(member)
    response = client.post(FOUND, _application_data(topic))
    assert response.status_code == 200
    assert any("Verified e-mail" in error for error in response.context["form"].non_field_errors())
    assert not CommunityGroup.objects.exists()


def test_founding_in_review_mode_shows_the_application(client, rules, topic):
    rules.approval_mode = GroupRules.Mode.REVIEW
    rules.save()
    client.force_login(MemberFactory())
    response = client.post(FOUND, _application_data(topic))
    application = GroupApplication.objects.get()
    assert response["Location"] == reverse("groups:application", args=[application.pk])
    assert application.status == GroupApplication.Status.SUBMITTED
    page = client.get(response["Location"])
    assert "城西夜跑团" in page.content.decode() and "Submitted" in page.content.decode()


def test_returned_application_is_edited_and_submitted_again(client, rules, topic):
    rules.approval_mode = GroupRules.Mode.REVIEW
    rules.save()
    application = GroupApplicationFactory(
        topic=topic, status=GroupApplication.Status.RETURNED, reviewer_note="名字再具体些"
    )
    client.force_login(application.applicant)
    edit_url = f"/en/portal/groups/applications/{application.pk}/edit/"
    page = client.get(edit_url)
    assert page.status_code == 200 and "名字再具体些" in page.content.decode()
    response = client.post(edit_url, _application_data(topic, name="城西周三夜跑团"))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == GroupApplication.Status.SUBMITTED and application.name == "城西周三夜跑团"


def test_an_application_not_returned_cannot_be_edited(client, rules, topic):
    application = GroupApplicationFactory(topic=topic)
    client.force_login(application.applicant)
    response = client.post(
        f"/en/portal/groups/applications/{application.pk}/edit/", _application_data(topic, name="偷改名字")
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.name != "偷改名字"


def test_members_see_only_their_own_applications(client, db):
    application = GroupApplicationFactory()
    client.force_login(MemberFactory())
    assert client.get(f"/en/portal/groups/applications/{application.pk}/").status_code == 404
    assert client.get(f"/en/portal/groups/applications/{application.pk}/edit/").status_code == 404


# --- Joining --------------------------------------------------------------------------------------------------------


def test_joining_an_open_group_from_its_page(client, group, outsider):
    client.force_login(outsider)
    response = client.post(reverse("groups:join", args=[group.slug]), BUTTON)
    assert response.status_code == 302 and response["Location"] == group.get_absolute_url()
    assert Membership.objects.get(group=group, member=outsider).is_active


def test_join_post_without_form_fields_joins_an_open_group(client, group, outsider):
    """A POST whose CSRF token travels in the X-CSRFToken header (fetch) has an empty body; it must still join."""
    client.force_login(outsider)
    response = client.post(reverse("groups:join", args=[group.slug]))
    assert response.status_code == 302
    assert Membership.objects.get(group=group, member=outsider).is_active


def test_join_page_asks_the_groups_questions(client, approval_group, outsider):
    client.force_login(outsider)
    response = client.get(f"/en/portal/groups/{approval_group.slug}/join/")
    assert response.status_code == 200
    assert "你为什么想加入？" in response.content.decode()


def test_join_request_needs_every_answer(client, leader, outsider):
    group = CommunityGroupFactory(
        leader=leader, join_policy=CommunityGroup.JoinPolicy.APPROVAL, join_questions=["你住哪个区？", "会做什么菜？"]
    )
    client.force_login(outsider)
    url = f"/en/portal/groups/{group.slug}/join/"
    response = client.post(url, {"answer_0": "西湖区", "answer_1": "   "})
    assert response.status_code == 200
    assert "answer_1" in response.context["form"].errors
    assert not JoinRequest.objects.exists()

    response = client.post(url, {"answer_0": "西湖区", "answer_1": "红烧肉"})
    assert response.status_code == 302
    request = JoinRequest.objects.get(member=outsider)
    assert request.status == JoinRequest.Status.PENDING
    assert [a["answer"] for a in request.answers] == ["西湖区", "红烧肉"]


def test_joining_a_full_open_group_says_you_are_on_the_waitlist(client, leader, outsider):
    full = CommunityGroupFactory(leader=leader, capacity=2, members=1)
    client.force_login(outsider)
    response = client.post(f"/en/portal/groups/{full.slug}/join/", BUTTON, follow=True)
    assert "You are on the waitlist" in response.content.decode()
    assert JoinRequest.objects.get(member=outsider).status == JoinRequest.Status.WAITLISTED


def test_join_needs_login(client, group):
    response = client.post(reverse("groups:join", args=[group.slug]), BUTTON)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Membership.objects.exclude(role=Membership.Role.LEADER).exists()


def test_withdrawing_a_request(client, approval_group, outsider):
    request = JoinRequestFactory(group=approval_group, member=outsider)
    client.force_login(outsider)
    url = f"/en/portal/groups/{approval_group.slug}/withdraw/"
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.WITHDRAWN
    assert "Your request has been withdrawn." in response.content.decode()
    response = client.post(url, follow=True)
    assert "You have no open request for this group." in response.content.decode()


def test_withdrawing_while_the_leader_decides_is_a_message_not_a_500(
    client, approval_group, leader, outsider, monkeypatch
):
    """The leader approves between the page loading the open request and the withdrawal landing."""
    from portal.groups import services

    request = JoinRequestFactory(group=approval_group, member=outsider)
    original = services.withdraw_request

    def leader_decides_first(join_request, member):
        services.approve_requests(approval_group, leader, [join_request])
        return original(join_request, member)

    monkeypatch.setattr(services, "withdraw_request", leader_decides_first)
    client.force_login(outsider)
    response = client.post(f"/en/portal/groups/{approval_group.slug}/withdraw/", follow=True)
    assert response.status_code == 200
    assert "This request is no longer open." in response.content.decode()
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.APPROVED


def test_leaving_a_group(client, group, outsider):
    MembershipFactory(group=group, member=outsider)
    client.force_login(outsider)
    response = client.post(f"/en/portal/groups/{group.slug}/leave/", follow=True)
    assert "You have left" in response.content.decode()
    assert Membership.objects.get(group=group, member=outsider).state == Membership.State.LEFT
    group.refresh_from_db()
    assert group.member_count == 1


def test_leader_leaving_is_told_to_hand_over_first(client, group, leader):
    client.force_login(leader)
    response = client.post(f"/en/portal/groups/{group.slug}/leave/", follow=True)
    assert "Hand the group over" in response.content.decode()
    assert Membership.objects.get(group=group, member=leader).is_leader


def test_offered_member_accepts_leadership_on_the_group_page(client, group, leader, outsider):
    from portal.groups.services import offer_leadership

    MembershipFactory(group=group, member=outsider)
    transfer = offer_leadership(group, Membership.objects.get(group=group, member=leader), outsider.pk)
    client.force_login(outsider)
    assert "invites you to lead this group" in client.get(f"/en/groups/{group.slug}/").content.decode()
    response = client.post(f"/en/portal/groups/transfers/{transfer.pk}/answer/", {"answer": "accept"})
    assert response.status_code == 302
    assert Membership.objects.get(group=group, member=outsider).is_leader
    client.force_login(leader)
    assert client.post(f"/en/portal/groups/transfers/{transfer.pk}/answer/", {"answer": "accept"}).status_code == 404


# --- Dashboard and my groups ----------------------------------------------------------------------------------------


@pytest.fixture
def busy_member(group, approval_group, leader):
    member = MemberFactory(display_name="忙碌的成员")
    MembershipFactory(group=group, member=member)
    JoinRequestFactory(group=approval_group, member=member)
    full = CommunityGroupFactory(name="满员的社群", leader=MemberFactory(), capacity=2, members=1)
    JoinRequestFactory(group=full, member=member, status=JoinRequest.Status.WAITLISTED)
    rejected = CommunityGroupFactory(name="拒绝过我的社群", join_policy=CommunityGroup.JoinPolicy.APPROVAL)
    JoinRequestFactory(group=rejected, member=member, status=JoinRequest.Status.REJECTED, reason="只收本地人")
    GroupApplicationFactory(applicant=member, name="我想发起的社群")
    return member


def test_dashboard_lists_my_groups_open_requests_and_applications(client, busy_member):
    client.force_login(busy_member)
    response = client.get("/en/portal/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "西湖读书会",
        "周末烘焙社",
        "Pending",
        "满员的社群",
        "On the waitlist",
        "我想发起的社群",
        "Submitted",
    ):
        assert text in html
    assert "拒绝过我的社群" not in html  # the dashboard shows open requests only


def test_my_groups_page_lists_every_request_with_its_state(client, busy_member):
    client.force_login(busy_member)
    html = client.get("/en/portal/groups/").content.decode()
    for text in ("西湖读书会", "Member", "Pending", "On the waitlist", "拒绝过我的社群", "Rejected", "只收本地人"):
        assert text in html


def test_leader_dashboard_links_to_the_manage_area(client, group, leader):
    client.force_login(leader)
    html = client.get("/en/portal/").content.decode()
    assert reverse("groups:manage", args=[group.slug]) in html
