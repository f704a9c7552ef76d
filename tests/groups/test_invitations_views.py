"""Invite links through the pages: the leaders' list and form, members where the group allows it, revoking, the
landing page in each state, and a visitor who signs up from it landing in the group."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from portal.groups.models import CommunityGroup, Invitation, JoinRequest, Membership
from portal.groups.services import invitations as service
from portal.groups.services import membership as membership_service
from tests.factories import DEFAULT_PASSWORD
from tests.groups.factories import CommunityGroupFactory, MemberFactory, MembershipFactory
from tests.utils import confirmation_path


@pytest.fixture
def invite_only(leader, topic):
    return CommunityGroupFactory(
        name="夜读会",
        slug="night-reading",
        topic=topic,
        leader=leader,
        join_policy=CommunityGroup.JoinPolicy.INVITATION,
    )


def _list_url(group):
    return f"/en/portal/groups/{group.slug}/invitations/"


def _link(group, maker, **kwargs):
    return service.create_invitation(group, maker, **{"days": 7, "max_uses": 10, **kwargs})


def _landing(link, lang="/en"):
    return f"{lang}/portal/groups/invite/{link.code}/"


# --- Making and listing links ---------------------------------------------------------------------------------------


def test_leader_creates_a_link_and_sees_it_with_its_uses_and_expiry(client, invite_only, leader):
    client.force_login(leader)
    response = client.post(_list_url(invite_only), {"days": "30", "max_uses": "5"})
    assert response.status_code == 302
    link = Invitation.objects.get(group=invite_only)
    assert (link.created_by, link.max_uses, link.uses) == (leader, 5, 0)
    assert timedelta(days=29, hours=23) < link.expires_at - timezone.now() <= timedelta(days=30)

    page = client.get(_list_url(invite_only))
    assert page.status_code == 200
    body = page.content.decode()
    # The link is shared in the default language: no /en/ prefix.
    assert f"http://testserver/portal/groups/invite/{link.code}/" in body
    assert "0 / 5" in body
    assert 'aria-current="page">Invite links' in body


def test_the_list_names_who_joined_through_each_link(client, invite_only, leader):
    link = _link(invite_only, leader)
    service.accept_invitation(link, MemberFactory(display_name="读书的猫"))
    service.accept_invitation(link, MemberFactory(display_name="藏起来的人", profile_visibility="private"))
    client.force_login(leader)
    body = client.get(_list_url(invite_only)).content.decode()
    assert "读书的猫" in body
    # The leader is in charge of their group: they see the name they act on, as in the member list.
    assert "藏起来的人" in body
    assert "2 / 10" in body


def test_a_member_cannot_make_links_unless_the_group_allows_it(client, invite_only):
    member = MembershipFactory(group=invite_only).member
    client.force_login(member)
    assert client.get(_list_url(invite_only)).status_code == 403
    assert client.post(_list_url(invite_only), {"days": "7", "max_uses": "3"}).status_code == 403
    assert not Invitation.objects.exists()

    invite_only.members_can_invite = True
    invite_only.save(update_fields=["members_can_invite"])
    assert client.post(_list_url(invite_only), {"days": "7", "max_uses": "3"}).status_code == 302
    assert Invitation.objects.get().created_by == member


def test_a_member_sees_only_their_own_links_and_cannot_skip_approval(client, approval_group, leader):
    approval_group.members_can_invite = True
    approval_group.save(update_fields=["members_can_invite"])
    member = MembershipFactory(group=approval_group).member
    leaders_link = _link(approval_group, leader)
    client.force_login(member)
    client.post(_list_url(approval_group), {"days": "7", "max_uses": "3", "skip_approval": "on"})
    own = Invitation.objects.get(created_by=member)
    assert own.skip_approval is False

    page = client.get(_list_url(approval_group))
    body = page.content.decode()
    assert own.code in body and leaders_link.code not in body
    assert "skip_approval" not in page.context["form"].fields
    assert "Join requests" not in body  # no manage navigation for a member


def test_an_outsider_or_another_groups_leader_cannot_reach_the_links(
    client, invite_only, outsider, other_group_leader
):
    for user in (outsider, other_group_leader):
        client.force_login(user)
        assert client.get(_list_url(invite_only)).status_code == 403
    client.logout()
    assert client.get(_list_url(invite_only)).status_code == 302  # to sign in


def test_members_can_invite_is_a_group_setting(client, group, leader):
    client.force_login(leader)
    response = client.post(
        f"/en/portal/groups/{group.slug}/manage/settings/",
        {"join_policy": "invitation", "members_can_invite": "on", "capacity": "50"},
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.members_can_invite is True and group.join_policy == CommunityGroup.JoinPolicy.INVITATION


# --- Revoking ------------------------------------------------------------------------------------------------------


def test_leader_revokes_a_members_link_and_the_maker_revokes_their_own(client, invite_only, leader):
    invite_only.members_can_invite = True
    invite_only.save(update_fields=["members_can_invite"])
    member = MembershipFactory(group=invite_only).member
    first, second = _link(invite_only, member), _link(invite_only, member)

    client.force_login(leader)
    assert client.post(f"{_list_url(invite_only)}{first.pk}/revoke/").status_code == 302
    client.force_login(member)
    assert client.post(f"{_list_url(invite_only)}{second.pk}/revoke/").status_code == 302
    assert Invitation.objects.filter(revoked_at__isnull=False).count() == 2


def test_only_a_link_that_still_works_offers_revoke(client, invite_only, leader):
    live, expired, used_up = _link(invite_only, leader), _link(invite_only, leader), _link(invite_only, leader)
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    Invitation.objects.filter(pk=used_up.pk).update(uses=10)
    client.force_login(leader)
    body = client.get(_list_url(invite_only)).content.decode()
    assert f"{live.pk}/revoke/" in body
    assert f"{expired.pk}/revoke/" not in body
    assert f"{used_up.pk}/revoke/" not in body


def test_another_groups_leader_or_another_member_cannot_revoke(client, invite_only, leader, other_group_leader):
    link = _link(invite_only, leader)
    other_group = CommunityGroup.objects.get(slug="other-group")
    client.force_login(other_group_leader)
    # Through their own group's address or this group's: the link is not theirs to see.
    assert client.post(f"{_list_url(other_group)}{link.pk}/revoke/").status_code == 404
    assert client.post(f"{_list_url(invite_only)}{link.pk}/revoke/").status_code == 404
    invite_only.members_can_invite = True
    invite_only.save(update_fields=["members_can_invite"])
    client.force_login(MembershipFactory(group=invite_only).member)
    assert client.post(f"{_list_url(invite_only)}{link.pk}/revoke/").status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None


# --- The landing page ------------------------------------------------------------------------------------------------


def test_a_member_accepts_and_lands_on_the_group_page_as_a_member(client, invite_only, leader):
    link = _link(invite_only, leader)
    newcomer = MemberFactory()
    client.force_login(newcomer)
    page = client.get(_landing(link))
    assert page.status_code == 200
    assert "Accept the invitation" in page.content.decode()
    assert "组长阿青" in page.content.decode()

    response = client.post(_landing(link), follow=True)
    assert response.redirect_chain[-1][0].endswith(f"/groups/{invite_only.slug}/")
    assert Membership.objects.get(group=invite_only, member=newcomer).is_active
    assert "Welcome to 夜读会!" in response.content.decode()


def test_an_approval_groups_plain_link_sends_a_request(client, approval_group, leader):
    link = _link(approval_group, leader)
    asker = MemberFactory()
    client.force_login(asker)
    assert "review new members" in client.get(_landing(link)).content.decode()
    client.post(_landing(link))
    assert JoinRequest.objects.get(group=approval_group, member=asker).status == JoinRequest.Status.PENDING
    page = client.get(_landing(link))
    assert "already asked to join" in page.content.decode()


def test_the_list_names_a_requester_only_once_their_request_is_approved(client, approval_group, leader):
    link = _link(approval_group, leader)
    asker = MemberFactory(display_name="排队的鹅")
    request = service.accept_invitation(link, asker)
    client.force_login(leader)
    body = client.get(f"/en/portal/groups/{approval_group.slug}/invitations/").content.decode()
    assert "1 / 10" in body  # the request spent one use of the link...
    assert "排队的鹅" not in body  # ...but nobody has joined through it yet
    membership_service.approve_requests(approval_group, leader, [request])
    assert "排队的鹅" in client.get(f"/en/portal/groups/{approval_group.slug}/invitations/").content.decode()


@pytest.mark.parametrize(
    ("change", "status", "text"),
    [
        ({"revoked_at": timezone.now()}, 410, "withdrawn"),
        ({"expires_at": timezone.now() - timedelta(minutes=1)}, 410, "expired"),
        ({"uses": 3, "max_uses": 3}, 410, "as many times as it allows"),
    ],
)
def test_dead_links_answer_gone(client, invite_only, leader, change, status, text):
    link = _link(invite_only, leader)
    Invitation.objects.filter(pk=link.pk).update(**change)
    client.force_login(MemberFactory())
    page = client.get(_landing(link))
    assert page.status_code == status
    assert text in page.content.decode()
    response = client.post(_landing(link), follow=True)
    assert text in response.content.decode()
    assert Membership.objects.filter(group=invite_only).count() == 1


def test_landing_states_for_members_banned_archived_and_full(client, invite_only, leader):
    link = _link(invite_only, leader)
    client.force_login(leader)
    assert "already a member" in client.get(_landing(link)).content.decode()

    banned = MembershipFactory(group=invite_only, state=Membership.State.BANNED).member
    client.force_login(banned)
    assert "cannot join this group" in client.get(_landing(link)).content.decode()

    client.force_login(MemberFactory())
    CommunityGroup.objects.filter(pk=invite_only.pk).update(capacity=1)
    page = client.get(_landing(link))
    assert page.status_code == 200 and "This group is full." in page.content.decode()

    CommunityGroup.objects.filter(pk=invite_only.pk).update(status=CommunityGroup.Status.ARCHIVED)
    assert "archived" in client.get(_landing(link)).content.decode()


@pytest.mark.parametrize(
    "code", ["nope", "x" * 64, "'%3Bselect", "%00", "a/b", "x" * 65, "%E4%BD%A0%E5%A5%BD", "..%2F..%2Fetc"]
)
def test_garbage_codes_are_a_plain_not_found(client, db, code):
    response = client.get(f"/en/portal/groups/invite/{code}/")
    assert response.status_code in (400, 404)  # 400: a NUL byte in the address is refused before any view runs
    response = client.post(f"/en/portal/groups/invite/{code}/")
    assert response.status_code in (400, 403, 404)  # 403: the CSRF check of an anonymous POST comes first


def test_the_landing_page_in_chinese_explains_signing_up(client, invite_only, leader):
    link = _link(invite_only, leader)
    page = client.get(_landing(link, lang=""))
    assert page.status_code == 200
    assert page.context["state"].needs_login
    assert 'name="then" value="signup"' in page.content.decode()


def test_a_visitor_signs_up_from_the_link_and_is_in_the_group_after_verifying(client, invite_only, leader):
    link = _link(invite_only, leader)
    response = client.post(_landing(link), {"then": "signup"})
    assert response.status_code == 302 and response["Location"].startswith("/en/accounts/signup/")

    client.post(
        "/en/accounts/signup/",
        {
            "email": "newcomer@example.com",
            "display_name": "新来的",
            "password1": DEFAULT_PASSWORD,
            "password2": DEFAULT_PASSWORD,
        },
    )
    client.post(confirmation_path(mail.outbox[-1]))
    newcomer = Membership.objects.get(group=invite_only, member__email="newcomer@example.com")
    assert newcomer.is_active
    link.refresh_from_db()
    assert link.uses == 1
    # A second sign-in in the same session accepts nothing again.
    client.logout()
    client.login(email="newcomer@example.com", password=DEFAULT_PASSWORD)
    link.refresh_from_db()
    assert link.uses == 1


def test_a_visitor_who_signs_in_from_the_link_joins(client, invite_only, leader):
    link = _link(invite_only, leader)
    returning = MemberFactory(email="back@example.com")
    client.post(_landing(link), {"then": "login"})
    response = client.post("/en/accounts/login/", {"login": "back@example.com", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert Membership.objects.get(group=invite_only, member=returning).is_active


def test_a_visitor_learns_a_dormant_group_takes_nobody_before_signing_up(client, invite_only, leader):
    link = _link(invite_only, leader)
    CommunityGroup.objects.filter(pk=invite_only.pk).update(dormant=True)

    page = client.get(_landing(link)).content.decode()

    assert "takes no new members until it does" in page
    assert "Sign up and accept" not in page
