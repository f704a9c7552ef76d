"""A newcomer signs up, verifies the address from the e-mail, sees the dashboard and switches to English."""

import pytest
from django.core import mail

from portal.accounts.models import User
from tests.e2e.conftest import check_a11y
from tests.factories import DEFAULT_PASSWORD
from tests.utils import confirmation_path

# The live server runs in another thread, so the data must be committed; the flush after each transactional test
# is followed by setup_site (post_migrate), which puts the pages, staff groups and default rows back.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_signup_verify_dashboard_and_switch_language(live_server, page):
    page.goto(f"{live_server.url}/accounts/signup/")
    check_a11y(page)
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    signup_form = page.locator("form:has(input[name='password1'])")
    signup_form.locator("input[name='email']").fill("walker@example.com")
    signup_form.locator("input[name='display_name']").fill("散步的人")
    signup_form.locator("input[name='password1']").fill(DEFAULT_PASSWORD)
    signup_form.locator("input[name='password2']").fill(DEFAULT_PASSWORD)
    signup_form.locator("button[type='submit']").click()
    page.wait_for_url("**/accounts/confirm-email/")
    check_a11y(page)

    assert User.objects.filter(email="walker@example.com").exists()
    assert len(mail.outbox) == 1
    page.goto(f"{live_server.url}{confirmation_path(mail.outbox[0])}")
    check_a11y(page)
    page.locator("main form[method='post'] button[type='submit']").first.click()
    page.wait_for_load_state()
    check_a11y(page)

    if "/portal/" not in page.url:  # not logged in on confirmation: sign in like a returning member
        page.goto(f"{live_server.url}/accounts/login/")
        check_a11y(page)
        page.locator("input[name='login']").fill("walker@example.com")
        page.locator("input[name='password']").fill(DEFAULT_PASSWORD)
        page.locator("form:has(input[name='password']) button[type='submit']").click()
    page.wait_for_url(f"{live_server.url}/portal/")
    check_a11y(page)
    assert page.get_by_text("散步的人").first.is_visible()

    page.get_by_role("link", name="English").first.click()
    page.wait_for_url(f"{live_server.url}/en/portal/")
    check_a11y(page)
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="Sign out").first.is_visible()
    assert page.get_by_text("散步的人").first.is_visible()
