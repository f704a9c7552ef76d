"""A member completes the profile and joins a group, sees points and level progress on the dashboard and redeems a
reward; a community-team member fulfils it in the admin. Playwright (sync API) drives Debian's Chromium against
pytest-django's live server.

The `chromium` fixture comes from tests/e2e/conftest.py: it skips with a clear message when the browser is missing,
and fails instead when CI=true.
"""

import os
import re
from urllib.parse import unquote, urlsplit

import pytest
from django.core import mail

from portal.points.models import PointEntry, Redemption, Reward
from tests.e2e.conftest import check_a11y, signed_in_page
from tests.factories import StaffUserFactory
from tests.groups.factories import CommunityGroupFactory, MemberFactory
from website.core.permissions import COMMUNITY_TEAM

# Playwright's sync API runs an event loop in the test thread; Django's ORM would otherwise refuse to run there.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# The live server runs in another thread, so the data must be committed; the flush after each transactional test
# is followed by setup_site (post_migrate), which puts the pages, staff groups and default rows back.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ADDRESS = "杭州市西湖区文三路 1 号 3 单元"


def _signed_in_page(chromium, live_server, user):
    return signed_in_page(chromium, live_server, user, locale="en-US", prefix="/en", a11y=True)


def test_earn_points_see_progress_redeem_and_staff_fulfils(chromium, live_server, png_bytes):
    member = MemberFactory(email="walker@example.com", display_name="散步的人")
    group = CommunityGroupFactory(name="城西周末读书会", leader=MemberFactory(display_name="组长阿青"))
    reward = Reward.objects.create(name="社群帆布袋", description="印着社群标志", cost=20, stock=3)
    staff = StaffUserFactory(email="team@example.com", display_name="运营小叶", groups=[COMMUNITY_TEAM])

    page = _signed_in_page(chromium, live_server, member)

    # Complete the profile: +20 points.
    page.goto(f"{live_server.url}/en/portal/profile/")
    check_a11y(page)
    form = page.locator("main form[method='post']")
    form.locator("input[name='avatar']").set_input_files(
        {"name": "me.png", "mimeType": "image/png", "buffer": png_bytes((64, 64))}
    )
    form.locator("input[name='city']").fill("杭州")
    form.locator("input[name='interests']").fill("读书，散步")
    form.locator("textarea[name='bio']").fill("周末在西湖边散步。")
    form.locator("button[type='submit']").click()
    page.wait_for_url("**/portal/")
    check_a11y(page)

    # Join a group from its page: +5 points.
    page.goto(f"{live_server.url}/en{group.get_absolute_url()}")
    check_a11y(page)
    page.locator(f"form[action$='/groups/{group.slug}/join/'] button[type='submit']").click()
    page.wait_for_url(lambda url: unquote(urlsplit(url).path).endswith(f"/groups/{group.slug}/"))
    check_a11y(page)
    page.locator(f"form[action$='/groups/{group.slug}/leave/']").wait_for()

    # The dashboard shows 25 points and the way to the next level (30): 83 %, 5 to go.
    page.goto(f"{live_server.url}/en/portal/")
    check_a11y(page)
    panel = page.locator("section[aria-labelledby='dash-points-heading']")
    assert panel.locator(".stat__value").first.inner_text().strip() == "25"
    progress = panel.get_by_role("progressbar")
    assert progress.get_attribute("aria-valuenow") == "83"
    assert re.search(r"\b5 points to 入门成员", panel.inner_text())
    assert sorted(PointEntry.objects.filter(member=member).values_list("rule__code", "amount")) == [
        ("group_joined", 5),
        ("profile_completed", 20),
    ]

    # Redeem the tote bag with a postal address.
    panel.get_by_role("link", name="Rewards").click()
    page.wait_for_url("**/portal/points/rewards/")
    check_a11y(page)
    page.locator(f"a[href$='/portal/points/rewards/{reward.pk}/redeem/']").click()
    form = page.locator("main form[method='post']")
    form.locator("input[name='recipient_name']").fill("林小满")
    form.locator("input[name='phone']").fill("138 0000 0000")
    form.locator("textarea[name='address']").fill(ADDRESS)
    form.locator("button[type='submit']").click()
    page.wait_for_url("**/portal/points/")
    check_a11y(page)
    redemptions = page.locator("section[aria-labelledby='redemptions-heading']")
    assert "社群帆布袋" in redemptions.inner_text()
    redemption = Redemption.objects.get(member=member)
    assert (redemption.status, redemption.address) == ("requested", ADDRESS)
    assert page.locator(".stat__value").first.inner_text().strip() == "5"

    # A community-team member fulfils it from the admin's redemption list.
    admin = _signed_in_page(chromium, live_server, staff)
    admin.goto(f"{live_server.url}/admin/points/redemption/")
    check_a11y(admin)
    handle = admin.locator(f"a[href$='/admin/points-actions/redemptions/{redemption.pk}/handle/']")
    handle.click()
    admin.wait_for_url(f"**/admin/points-actions/redemptions/{redemption.pk}/handle/")
    check_a11y(admin)
    assert ADDRESS in admin.content()
    admin.locator("input[name='decision'][value='fulfil']").check()
    admin.locator("input[name='note']").fill("顺丰 SF1234567890")
    admin.locator("form:has(input[name='decision']) button[type='submit']").click()
    admin.wait_for_url("**/admin/points/redemption/")
    check_a11y(admin)

    redemption.refresh_from_db()
    assert (redemption.status, redemption.decided_by, redemption.staff_note) == (
        "fulfilled",
        staff,
        "顺丰 SF1234567890",
    )
    assert [message.to for message in mail.outbox if "社群帆布袋" in message.subject] == [[member.email]]

    # The member sees the redemption as fulfilled.
    page.reload()
    check_a11y(page)
    assert page.locator("section[aria-labelledby='redemptions-heading'] .badge--success").count() == 1
    reward.refresh_from_db()
    assert reward.stock == 2
