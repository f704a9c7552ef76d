"""Through the pages: a member asks to join an approval group from a plain invite link, a leader approves (or rejects)
the request in the manage area's queue, and the inviter is paid (or not); the links page then lists the newcomer."""

import pytest
from django.db.models import Sum

from portal.groups.models import InvitationUse, JoinRequest, Membership
from portal.groups.services import invitations as service
from portal.points.models import PointEntry
from tests.groups.factories import MemberFactory, MembershipFactory


def _requests_url(group):
    return f"/en/portal/groups/{group.slug}/manage/requests/"


def _landing(link):
    return f"/en/portal/groups/invite/{link.code}/"


def _invite_points(member):
    entries = PointEntry.objects.filter(member=member, rule__code="group_invite")
    return entries.aggregate(total=Sum("amount"))["total"] or 0


@pytest.fixture
def asked_through_a_link(client, approval_group):
    """A member of the group made a plain link; a newcomer accepted it on the landing page: a pending request."""
    approval_group.members_can_invite = True
    approval_group.save(update_fields=["members_can_invite"])
    inviter = MembershipFactory(group=approval_group, member=MemberFactory(display_name="邀请人小林")).member
    link = service.create_invitation(approval_group, inviter, days=7, max_uses=5)
    newcomer = MemberFactory(display_name="新来的阿梅")
    client.force_login(newcomer)
    response = client.post(_landing(link))
    assert response.status_code == 302
    request = JoinRequest.objects.get(group=approval_group, member=newcomer, status=JoinRequest.Status.PENDING)
    client.logout()
    return inviter, link, newcomer, request


def test_a_leader_approving_on_the_manage_page_pays_the_inviter(
    client, approval_group, leader, asked_through_a_link, django_capture_on_commit_callbacks
):
    inviter, link, newcomer, request = asked_through_a_link
    client.force_login(leader)
    queue = client.get(_requests_url(approval_group))
    assert "新来的阿梅" in queue.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_requests_url(approval_group), {"action": "approve", "requests": [request.pk]})
    assert response.status_code == 302

    assert Membership.objects.get(group=approval_group, member=newcomer).is_active
    assert InvitationUse.objects.get(invitation=link, member=newcomer).admitted is True
    assert _invite_points(inviter) == 10
    # The same form sent again (a double submit) pays nothing more.
    client.post(_requests_url(approval_group), {"action": "approve", "requests": [request.pk]})
    assert _invite_points(inviter) == 10

    links_page = client.get(f"/en/portal/groups/{approval_group.slug}/invitations/")
    assert links_page.status_code == 200
    assert "新来的阿梅" in links_page.content.decode()


def test_a_leader_rejecting_on_the_manage_page_pays_nothing(client, approval_group, leader, asked_through_a_link):
    inviter, link, newcomer, request = asked_through_a_link
    client.force_login(leader)

    client.post(_requests_url(approval_group), {"action": "reject", "requests": [request.pk], "reason": "名额已满"})
    client.post(_requests_url(approval_group), {"action": "approve", "requests": [request.pk]})

    request.refresh_from_db()
    assert request.status == JoinRequest.Status.REJECTED
    assert not Membership.objects.filter(group=approval_group, member=newcomer).exists()
    assert InvitationUse.objects.get(invitation=link, member=newcomer).admitted is False
    assert _invite_points(inviter) == 0
