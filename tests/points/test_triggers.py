"""Every trigger that exists is wired: verifying an e-mail, completing the profile, founding, joining, handling
requests. Each goes through the real views, and each pays once however often the member repeats the action.
"""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from portal.accounts.models import User
from portal.groups.models import CommunityGroup, GroupApplication, GroupRules, JoinRequest
from portal.points.models import PointEntry
from tests.factories import DEFAULT_PASSWORD, StaffUserFactory
from tests.groups.factories import CommunityGroupFactory, GroupApplicationFactory, MemberFactory, TopicFactory
from tests.points.conftest import cached
from tests.utils import confirmation_path, upload
from website.core.permissions import COMMUNITY_TEAM

pytestmark = pytest.mark.django_db


def post(client, url, data=None):
    """POST as a browser does: its forms always carry the CSRF token, so the body is never empty."""
    return client.post(url, {"csrfmiddlewaretoken": "browser-token", **(data or {})})


def earned(member, code):
    return list(PointEntry.objects.filter(member=member, rule__code=code).values_list("kind", "amount"))


# --- e-mail verified ------------------------------------------------------------------------------------------------


def test_verifying_the_email_address_earns_points_once(client, mailoutbox):
    response = client.post(
        "/accounts/signup/",
        {"email": "newcomer@example.com", "password1": DEFAULT_PASSWORD, "password2": DEFAULT_PASSWORD},
    )
    assert response.status_code == 302
    member = User.objects.get(email="newcomer@example.com")
    assert earned(member, "email_verified") == []
    link = confirmation_path(mailoutbox[0])

    assert client.post(link).status_code == 302
    assert EmailAddress.objects.get(user=member).verified
    assert earned(member, "email_verified") == [("earn", 10)]

    client.post(link)  # the link again: already verified
    assert earned(member, "email_verified") == [("earn", 10)]
    assert cached(member) == (10, 10)


def test_verifying_a_second_address_earns_nothing_more(client, mailoutbox):
    client.post(
        "/accounts/signup/",
        {"email": "first@example.com", "password1": DEFAULT_PASSWORD, "password2": DEFAULT_PASSWORD},
    )
    client.post(confirmation_path(mailoutbox[0]))  # verifies and signs in
    member = User.objects.get(email="first@example.com")
    # Adding an address asks for the password again first.
    client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})

    client.post(reverse("account_email"), {"email": "second@example.com", "action_add": ""})
    second = EmailAddress.objects.get(email="second@example.com")
    assert mailoutbox[-1].to == ["second@example.com"]
    client.post(confirmation_path(mailoutbox[-1]))
    second.refresh_from_db()
    assert second.verified

    assert earned(member, "email_verified") == [("earn", 10)]


# --- profile completed ----------------------------------------------------------------------------------------------


def _profile(png_bytes, **changes):
    data = {
        "display_name": "林小满",
        "avatar": upload("me.png", png_bytes((48, 48))),
        "city": "成都",
        "interests": "读书，徒步",
        "bio": "周末在公园跑步。",
        "profile_visibility": "members",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_completing_the_profile_earns_points_once(client_logged_in, member, png_bytes):
    response = client_logged_in.post("/portal/profile/", _profile(png_bytes, avatar=None))
    assert response.status_code == 302
    assert earned(member, "profile_completed") == []  # four fields out of five is not complete

    client_logged_in.post("/portal/profile/", _profile(png_bytes))
    member.refresh_from_db()
    assert member.profile_completeness == 100
    assert earned(member, "profile_completed") == [("earn", 20)]

    client_logged_in.post("/portal/profile/", _profile(png_bytes, bio="换了一句简介。", avatar=None))
    client_logged_in.post("/portal/profile/", _profile(png_bytes, city=""))  # emptied...
    client_logged_in.post("/portal/profile/", _profile(png_bytes))  # ...and completed again
    assert earned(member, "profile_completed") == [("earn", 20)]


# --- groups ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def community_team(db):
    return StaffUserFactory(email="reviewer@example.com", groups=[COMMUNITY_TEAM])


def test_a_group_founded_by_staff_approval_earns_its_founder_points_once(client, community_team):
    rules = GroupRules.load()
    rules.approval_mode = GroupRules.Mode.REVIEW
    rules.save()
    application = GroupApplicationFactory(name="钱塘江夜跑团")
    client.force_login(community_team)
    url = reverse("groups_admin:decide_application", args=[application.pk])

    response = client.post(url, {"decision": "approve", "note": "欢迎"})
    assert response.status_code == 302
    client.post(url, {"decision": "approve", "note": "再批一次"})

    group = CommunityGroup.objects.get(name="钱塘江夜跑团")
    entries = PointEntry.objects.filter(member=application.applicant, rule__code="group_founded")
    assert [(entry.amount, entry.source) for entry in entries] == [(50, group)]


def test_a_group_founded_automatically_earns_its_founder_points(client, db):
    founder = MemberFactory()
    topic = TopicFactory(name="夜跑", slug="night-running")
    client.force_login(founder)

    response = client.post(
        reverse("groups:found"),
        {
            "name": "西溪夜跑团",
            "topic": topic.pk,
            "city": "杭州",
            "purpose": "下班后一起慢跑五公里。",
            "planned_activities": "每周二、四晚上在西溪湿地集合。",
            "expected_size": 30,
        },
    )

    assert response.status_code == 302
    assert GroupApplication.objects.get(applicant=founder).status == GroupApplication.Status.APPROVED
    assert earned(founder, "group_founded") == [("earn", 50)]


def test_joining_a_group_earns_points_once_per_group_even_after_leaving_and_rejoining(client, db):
    joiner = MemberFactory()
    books = CommunityGroupFactory(name="西湖读书会", slug="xihu-books", leader=MemberFactory())
    hiking = CommunityGroupFactory(name="周末徒步", slug="weekend-hiking", leader=MemberFactory())
    client.force_login(joiner)

    for _ in range(2):
        post(client, reverse("groups:join", kwargs={"slug": books.slug}))
        post(client, reverse("groups:leave", kwargs={"slug": books.slug}))
    post(client, reverse("groups:join", kwargs={"slug": books.slug}))
    post(client, reverse("groups:join", kwargs={"slug": hiking.slug}))

    entries = PointEntry.objects.filter(member=joiner, rule__code="group_joined")
    assert sorted((entry.amount, entry.source.name) for entry in entries) == [(5, "周末徒步"), (5, "西湖读书会")]
    assert cached(joiner) == (10, 10)


def test_a_leader_earns_points_for_each_request_they_handle(client, db):
    leader = MemberFactory(display_name="组长阿青")
    group = CommunityGroupFactory(
        name="周末烘焙社", slug="weekend-baking", leader=leader, join_policy=CommunityGroup.JoinPolicy.APPROVAL
    )
    applicants = [MemberFactory() for _ in range(3)]
    for applicant in applicants:
        client.force_login(applicant)
        post(client, reverse("groups:join", kwargs={"slug": group.slug}))
    requests = list(JoinRequest.objects.filter(group=group).order_by("pk"))
    assert len(requests) == 3

    client.force_login(leader)
    url = reverse("groups:manage_requests", kwargs={"slug": group.slug})
    client.post(url, {"action": "approve", "requests": [requests[0].pk, requests[1].pk]})
    client.post(url, {"action": "reject", "requests": [requests[2].pk], "reason": "名额已满"})
    client.post(url, {"action": "approve", "requests": [requests[2].pk]})  # already handled: nothing more

    entries = PointEntry.objects.filter(member=leader, rule__code="join_request_handled")
    assert sorted((entry.amount, entry.source.pk) for entry in entries) == [(2, request.pk) for request in requests]
    assert cached(leader) == (6, 6)
    for applicant in applicants[:2]:
        assert earned(applicant, "group_joined") == [("earn", 5)]
