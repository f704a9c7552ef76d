"""Notifications in the browser, in Chinese: a member asks to join an approval group; the leader's bell shows one
unread notification, which leads to the request queue, where the leader approves; the member's bell then shows one,
and their list reads the decision. axe-core checks the notification list.

The `chromium` fixture comes from tests/e2e/conftest.py: it skips with a clear message when the browser is missing,
and fails instead when CI=true.
"""

import os
import re

import pytest
from django.urls import reverse
from django.utils import translation

from portal.groups.models import CommunityGroup, JoinRequest, Membership
from portal.groups.services import leaders
from portal.notifications.models import Notification
from tests.e2e.conftest import check_a11y, signed_in_page
from tests.groups.factories import CommunityGroupFactory, MemberFactory

# Playwright's sync API runs an event loop in the test thread; Django's ORM would otherwise refuse to run there.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# The live server runs in another thread, so the data must be committed (a transactional test).
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ANSWER = "我每周末都在家烤面包，想认识同好。"


def _signed_in(chromium, live_server, user):
    return signed_in_page(chromium, live_server, user)


def _bell(page):
    return page.locator("header a.notification-bell")


def _bell_count(page):
    """The figure on the bell, or "" when nothing is unread."""
    count = _bell(page).locator(".notification-bell__count")
    return count.inner_text().strip() if count.count() else ""


def test_a_join_request_and_its_approval_reach_both_bells(chromium, live_server):
    leader = MemberFactory(email="leader@example.com", display_name="组长阿青")
    group = CommunityGroupFactory(
        leader=leader,
        name="周末烘焙社",
        slug="weekend-baking",
        join_policy=CommunityGroup.JoinPolicy.APPROVAL,
        join_questions=["你为什么想加入？"],
    )
    leaders.sync_leader_group(leader)
    joiner = MemberFactory(email="joiner@example.com", display_name="新来的小北")
    with translation.override("zh-hans"):
        group_url = live_server.url + group.get_absolute_url()

    # The member asks to join and answers the question.
    member_page = _signed_in(chromium, live_server, joiner)
    assert _bell_count(member_page) == ""
    member_page.goto(group_url)
    member_page.locator("#join a[href$='/join/']").click()
    member_page.wait_for_url("**/join/")
    member_page.locator("textarea[name='answer_0']").fill(ANSWER)
    member_page.locator("main form[method='post'] button[type='submit']").click()
    member_page.wait_for_url(group_url)
    request = JoinRequest.objects.get(group=group, member=joiner)
    assert request.status == JoinRequest.Status.PENDING

    # The leader's bell shows one unread notification; the list names the applicant and the group.
    leader_page = _signed_in(chromium, live_server, leader)
    assert _bell_count(leader_page) == "1"
    assert "1" in _bell(leader_page).get_attribute("aria-label")
    _bell(leader_page).click()
    leader_page.wait_for_url("**/portal/notifications/")
    check_a11y(leader_page, "the leader's notification list")
    notice = leader_page.locator(".notification--unread a.notification__title")
    assert notice.count() == 1
    assert "新来的小北" in notice.inner_text() and "周末烘焙社" in notice.inner_text()

    # Opening it marks it read and leads to the request queue, where the leader approves.
    notice.click()
    leader_page.wait_for_url(re.compile(r".*/portal/groups/weekend-baking/manage/requests/$"))
    assert Notification.objects.get(recipient=leader).read_at is not None
    assert leader_page.get_by_text(ANSWER).is_visible()
    leader_page.locator(f"input[name='requests'][value='{request.pk}']").check()
    leader_page.locator("button[name='action'][value='approve']").click()
    leader_page.wait_for_load_state()
    assert Membership.objects.get(group=group, member=joiner).is_active
    assert _bell_count(leader_page) == ""

    # The member's bell shows one; their list reads the decision, in Chinese.
    member_page.goto(live_server.url + reverse("notifications:list"))
    assert _bell_count(member_page) == "1"
    check_a11y(member_page, "the member's notification list")
    decision = member_page.locator(".notification--unread a.notification__title")
    assert decision.inner_text().strip() == "欢迎加入“周末烘焙社”"
    decision.click()
    member_page.wait_for_url(group_url)
    assert _bell_count(member_page) == ""
