"""A leader makes an invite link for an invitation-only group; a visitor opens it, signs up, verifies the address
and is in the group; the leader earns the invite points once. Playwright drives Debian's Chromium."""

import os

import pytest
from django.core import mail
from django.db.models import Sum

from portal.groups.models import CommunityGroup, Invitation, Membership
from portal.groups.services import GroupActionError
from portal.groups.services import invitations as service
from portal.points.models import PointEntry, PointRule
from tests.e2e.conftest import check_a11y
from tests.factories import DEFAULT_PASSWORD
from tests.groups.factories import CommunityGroupFactory, MemberFactory
from tests.utils import confirmation_path

# Playwright's sync API runs an event loop in the test thread; Django's ORM would otherwise refuse to run there.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _group_points(member, group):
    entries = PointEntry.objects.filter(member=member, scope_id=group.pk)
    return entries.aggregate(total=Sum("amount"))["total"] or 0


def test_leader_invites_a_visitor_who_signs_up_and_lands_in_the_group(chromium, live_server):
    leader = MemberFactory(email="leader@example.com", display_name="夜读会群主")
    group = CommunityGroupFactory(
        name="城南夜读会", slug="night-readers", leader=leader, join_policy=CommunityGroup.JoinPolicy.INVITATION
    )
    points_before = _group_points(leader, group)
    rule_points = PointRule.objects.get(code="group_invite").points

    # The leader signs in and makes a link on the manage area's invite-links page.
    leader_context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    leader_context.set_default_timeout(15_000)
    leader_page = leader_context.new_page()
    leader_page.goto(f"{live_server.url}/accounts/login/")
    form = leader_page.locator("form:has(input[name='password'])")
    form.locator("input[name='login']").fill(leader.email)
    form.locator("input[name='password']").fill(DEFAULT_PASSWORD)
    form.locator("button[type='submit']").click()
    leader_page.wait_for_url("**/portal/")
    leader_page.goto(f"{live_server.url}/portal/groups/{group.slug}/manage/")
    leader_page.locator(f"nav.side-nav a[href$='/groups/{group.slug}/invitations/']").click()
    leader_page.wait_for_url(f"**/groups/{group.slug}/invitations/")
    check_a11y(leader_page, "invite links page")
    leader_page.locator("form.form button[type='submit']").click()
    leader_page.wait_for_url(f"**/groups/{group.slug}/invitations/")
    check_a11y(leader_page, "invite links page with a link")
    link = Invitation.objects.get(group=group)
    url = leader_page.locator(f"#invite-{link.pk}").input_value()
    assert url.endswith(f"/portal/groups/invite/{link.code}/")
    leader_context.close()

    # A visitor opens it, in a browser of their own.
    visitor_context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    visitor_context.set_default_timeout(15_000)
    page = visitor_context.new_page()
    page.goto(url)
    check_a11y(page, "invite landing page")
    assert page.get_by_text("城南夜读会").first.is_visible()
    assert page.get_by_text("夜读会群主").first.is_visible()
    page.locator("button[name='then'][value='signup']").click()
    page.wait_for_url("**/accounts/signup/**")
    signup = page.locator("form:has(input[name='password1'])")
    signup.locator("input[name='email']").fill("guest@example.com")
    signup.locator("input[name='display_name']").fill("受邀的小满")
    signup.locator("input[name='password1']").fill(DEFAULT_PASSWORD)
    signup.locator("input[name='password2']").fill(DEFAULT_PASSWORD)
    signup.locator("button[type='submit']").click()
    page.wait_for_url("**/accounts/confirm-email/")

    # Verification is mandatory: the link in the e-mail, then the confirm button, signs them in.
    page.goto(f"{live_server.url}{confirmation_path(mail.outbox[-1])}")
    page.locator("main form[method='post'] button[type='submit']").first.click()
    page.wait_for_load_state()
    if "/portal/" not in page.url:  # not signed in on confirmation: sign in like a returning member
        page.goto(f"{live_server.url}/accounts/login/")
        page.locator("input[name='login']").fill("guest@example.com")
        page.locator("input[name='password']").fill(DEFAULT_PASSWORD)
        page.locator("form:has(input[name='password']) button[type='submit']").click()
        page.wait_for_load_state()

    guest = Membership.objects.get(group=group, member__email="guest@example.com")
    assert guest.is_active
    page.goto(f"{live_server.url}{group.get_absolute_url()}")
    check_a11y(page, "the group page, as a new member")
    assert page.locator("#join .badge--success").is_visible()
    assert page.locator(".member-list").get_by_text("受邀的小满").first.is_visible()

    assert _group_points(leader, group) == points_before + rule_points

    # Opening the link again offers nothing; accepting again changes nothing.
    page.goto(url)
    assert page.locator("section[aria-labelledby='invite-action'] form").count() == 0
    with pytest.raises(GroupActionError):
        service.accept_invitation(link, guest.member)
    link.refresh_from_db()
    assert link.uses == 1
    assert _group_points(leader, group) == points_before + rule_points
    visitor_context.close()
