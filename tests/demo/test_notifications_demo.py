"""The demo's invite links and notifications: the leader of the baking club signs in to a bell with open join
requests behind it, the invitation-only group has links to hand out, and a second build adds nothing."""

import pytest
from django.urls import reverse

from portal.groups.models import CommunityGroup, Invitation, JoinRequest, Membership
from portal.notifications.models import Notification
from website.demo import accounts, board, groups, notifications
from website.demo.core import DemoContext

from .test_board_demo import quick_art  # noqa: F401 - the fixture


def _build(context, capture):
    with capture(execute=True):
        notifications.notifications(context)


@pytest.mark.django_db
@pytest.mark.usefixtures("quick_art")
def test_the_leaders_bell_has_the_open_requests_and_links_wait_to_be_shared(
    client, django_capture_on_commit_callbacks
):

    context = DemoContext(password="demo-password")
    accounts.members(context)
    groups.groups(context)
    with django_capture_on_commit_callbacks(execute=True):
        board.boards(context)
    _build(context, django_capture_on_commit_callbacks)

    baking = CommunityGroup.objects.get(slug="hz-baking")
    leader = Membership.objects.get(group=baking, role=Membership.Role.LEADER).member
    pending = JoinRequest.objects.filter(group=baking, status=JoinRequest.Status.PENDING).count()
    assert pending > 0
    told = Notification.objects.filter(recipient=leader, kind="groups.join_requested")
    assert told.count() == pending
    assert all(n.url == reverse("groups:manage_requests", args=[baking.slug]) for n in told)
    assert Notification.objects.filter(recipient=leader, kind__startswith="board.").exists()

    invitation_only = CommunityGroup.objects.get(slug="sz-old-street")
    assert invitation_only.join_policy == CommunityGroup.JoinPolicy.INVITATION
    assert Invitation.objects.filter(group=invitation_only).usable().count() == 2

    client.force_login(leader)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "杭州周末烘焙社" in page and "notification-bell__count" in page

    before = (Notification.objects.count(), Invitation.objects.count())
    _build(context, django_capture_on_commit_callbacks)
    assert (Notification.objects.count(), Invitation.objects.count()) == before
