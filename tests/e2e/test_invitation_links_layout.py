"""The invite-links page in a browser, in Chinese and in English, on a phone (390 px) and a laptop (1366 px): it never
scrolls sideways, the links table keeps its headers and cells for screen readers, and on a phone each link is a card
whose values carry their column's name. Playwright drives Debian's Chromium (tests/e2e/conftest.py).

Screenshots only when asked for: INVITE_LINKS_SHOTS_DIR=<directory>."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from portal.groups.models import CommunityGroup, Invitation
from portal.groups.services import invitations as service
from portal.groups.services import leaders
from tests.e2e.conftest import LAPTOP, PHONE, check_fits, signed_in_page
from tests.groups.factories import CommunityGroupFactory, MemberFactory, MembershipFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ["INVITE_LINKS_SHOTS_DIR"]) if os.environ.get("INVITE_LINKS_SHOTS_DIR") else None


def _group_with_links():
    """An approval group whose leader and one member made links: one skipping approval and used by people with long
    names, one waiting, one revoked and one expired."""
    leader = MemberFactory(email="leader@example.com", display_name="城南周末烘焙社的组长阿青")
    group = CommunityGroupFactory(
        name="城南周末烘焙与手作面包研究社",
        slug="weekend-bakers",
        leader=leader,
        join_policy=CommunityGroup.JoinPolicy.APPROVAL,
        members_can_invite=True,
    )
    leaders.sync_leader_group(leader)
    member = MembershipFactory(group=group, member=MemberFactory(display_name="喜欢做欧包的社员小林同学")).member
    skipping = service.create_invitation(group, leader, days=30, max_uses=100, skip_approval=True)
    for name in ("第一位通过链接加入的新朋友", "Alexandra Konstantinopoulou-Whitfield", "小满"):
        service.accept_invitation(skipping, MemberFactory(display_name=name))
    plain = service.create_invitation(group, member, days=7, max_uses=5)
    service.accept_invitation(plain, MemberFactory(display_name="等待审核的阿梅"))
    revoked = service.create_invitation(group, leader, days=1, max_uses=1)
    service.revoke_invitation(revoked, leader)
    expired = service.create_invitation(group, member, days=1, max_uses=3)
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    return group, leader, member


def _signed_in(chromium, live_server, user, locale):
    return signed_in_page(chromium, live_server, user, locale=locale, viewport=LAPTOP)


@pytest.mark.parametrize(("locale", "prefix"), [("zh-CN", ""), ("en-GB", "/en")])
def test_the_links_page_fits_a_phone_and_a_laptop(chromium, live_server, locale, prefix):
    group, leader, member = _group_with_links()
    language = "zh" if prefix == "" else "en"

    page = _signed_in(chromium, live_server, leader, locale)
    page.goto(f"{live_server.url}{prefix}/portal/groups/{group.slug}/invitations/")
    table = page.get_by_role("table")
    assert table.get_by_role("columnheader").count() == 7
    assert table.get_by_role("row").count() == 5  # the header row and four links
    check_fits(page, f"invite-links-leader-{language}", shots=SHOTS, scrolling_boxes=True)

    # On a phone each value says which column it is; on a laptop the headers do.
    page.set_viewport_size(PHONE)
    labels = page.locator("table tbody td[data-label]").evaluate_all(
        "cells => cells.map(cell => getComputedStyle(cell, '::before').content)"
    )
    assert len(labels) == 4 * 6 and all(label not in ("none", "normal", '""') for label in labels), labels
    page.set_viewport_size(LAPTOP)
    assert page.locator("table thead").is_visible()
    page.context.close()

    page = _signed_in(chromium, live_server, member, locale)
    page.goto(f"{live_server.url}{prefix}/portal/groups/{group.slug}/invitations/")
    assert page.get_by_role("table").get_by_role("columnheader").count() == 6
    check_fits(page, f"invite-links-member-{language}", shots=SHOTS, scrolling_boxes=True)
    page.context.close()
