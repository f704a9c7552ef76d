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
from tests.e2e.conftest import check_a11y, signed_in_page
from tests.groups.factories import CommunityGroupFactory, MemberFactory, MembershipFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ["INVITE_LINKS_SHOTS_DIR"]) if os.environ.get("INVITE_LINKS_SHOTS_DIR") else None
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}


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


def _sideways(page):
    """How far the page, or an element in main, reaches past the viewport or scrolls inside its own box: (px, the
    element), px <= 0 when nothing does."""
    return page.evaluate(
        """() => {
            const width = window.innerWidth;
            const name = (element) => `${element.tagName.toLowerCase()}.${element.className}`;
            let worst = [document.documentElement.scrollWidth - width, "html"];
            for (const element of document.querySelectorAll("main *")) {
                // What an ancestor clips or scrolls is not past the page (a scrolling box is counted below).
                let right = element.getBoundingClientRect().width ? element.getBoundingClientRect().right : -Infinity;
                for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
                    if (getComputedStyle(box).overflowX !== "visible") {
                        right = Math.min(right, box.getBoundingClientRect().right);
                    }
                }
                if (right - width > worst[0]) worst = [right - width, name(element)];
                if (["auto", "scroll"].includes(getComputedStyle(element).overflowX)) {
                    const inside = element.scrollWidth - element.clientWidth;
                    if (inside > worst[0]) worst = [inside, name(element) + " (inside)"];
                }
            }
            return [Math.ceil(worst[0]), worst[1]];
        }"""
    )


def _check(page, name):
    for label, viewport in (("1366", LAPTOP), ("390", PHONE)):
        page.set_viewport_size(viewport)
        page.wait_for_timeout(150)
        if SHOTS is not None:
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"{name}-{label}.png"), full_page=True)
        overflow, where = _sideways(page)
        assert overflow <= 0, f"{name} at {label} px: {where} reaches {overflow}px past its box"
    check_a11y(page, f"{name} on a phone")


@pytest.mark.parametrize(("locale", "prefix"), [("zh-CN", ""), ("en-GB", "/en")])
def test_the_links_page_fits_a_phone_and_a_laptop(chromium, live_server, locale, prefix):
    group, leader, member = _group_with_links()
    language = "zh" if prefix == "" else "en"

    page = _signed_in(chromium, live_server, leader, locale)
    page.goto(f"{live_server.url}{prefix}/portal/groups/{group.slug}/invitations/")
    table = page.get_by_role("table")
    assert table.get_by_role("columnheader").count() == 7
    assert table.get_by_role("row").count() == 5  # the header row and four links
    _check(page, f"invite-links-leader-{language}")

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
    _check(page, f"invite-links-member-{language}")
    page.context.close()
