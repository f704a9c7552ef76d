"""Under the real Content-Security-Policy the browser blocks nothing: public pages, a member's pages, and the Wagtail
admin's page editor with its image chooser and live preview (a blocked script or style would break them silently)."""

import io
import os

import pytest
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from wagtail.images.models import Image

from tests.e2e.conftest import check_a11y
from tests.factories import DEFAULT_PASSWORD, StaffUserFactory
from tests.groups.factories import CommunityGroupFactory, MemberFactory
from website.home.models import HomePage

# Playwright's sync API runs an event loop in the test thread; Django's ORM would otherwise refuse to run there.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# The live server runs in another thread, so the data must be committed; the flush after each transactional test
# is followed by setup_site (post_migrate), which puts the pages, staff groups and default rows back.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Runs before any page script, outside the page's CSP: records every violation the browser reports.
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " blocked " + e.blockedURI + " in " + e.sourceFile + ":" + e.lineNumber);
});
"""


def _context(chromium, live_server, user=None):
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    if user is not None:
        page.goto(f"{live_server.url}/accounts/login/")
        check_a11y(page)
        form = page.locator("form:has(input[name='password'])")
        form.locator("input[name='login']").fill(user.email)
        form.locator("input[name='password']").fill(DEFAULT_PASSWORD)
        form.locator("button[type='submit']").click()
        page.wait_for_load_state("networkidle")
    return context, page


def _violations(page):
    return [entry for frame in page.frames for entry in frame.evaluate("window.__csp || []")]


def _visit(page, url):
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert _violations(page) == [], url
    # After the CSP check: axe arrives through the DevTools protocol, which the policy does not cover.
    check_a11y(page)


def test_the_site_and_the_admin_work_under_the_csp(chromium, live_server, settings, tmp_path):
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    member = MemberFactory(email="member@example.com", display_name="成员小林")
    group = CommunityGroupFactory(name="西湖读书会", slug="xihu-books", leader=member, members=3)
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), (200, 80, 40)).save(buffer, "PNG")
    Image.objects.create(title="测试图", file=ContentFile(buffer.getvalue(), name="cover.png"))
    editor = StaffUserFactory(email="admin@example.com", is_superuser=True)
    home = HomePage.objects.get(depth=2)

    context, page = _context(chromium, live_server)
    for path in ("/", "/groups/", f"/groups/{group.slug}/", "/accounts/login/"):
        _visit(page, live_server.url + path)
    # The seat meter's width comes from a data attribute now that inline styles are refused.
    page.goto(f"{live_server.url}/groups/{group.slug}/")
    assert page.locator(".progress__bar").first.evaluate("el => el.style.width") == "4%"
    # The recorder itself works: an off-site image and an inline style are both reported.
    injected = '<img src="https://evil.example/x.png"><p style="color: red">x</p>'
    page.evaluate("html => document.body.insertAdjacentHTML('beforeend', html)", injected)
    page.wait_for_timeout(500)
    assert len(_violations(page)) == 2
    context.close()

    context, page = _context(chromium, live_server, member)
    for path in ("/portal/", f"/groups/{group.slug}/", f"/portal/groups/{group.slug}/manage/", "/portal/points/"):
        _visit(page, live_server.url + path)
    context.close()

    context, page = _context(chromium, live_server, editor)
    _visit(page, live_server.url + "/")  # the editors' userbar on a public page
    for path in ("/admin/", "/admin/pages/", "/admin/images/", "/admin/images/multiple/add/"):
        _visit(page, live_server.url + path)
    _visit(page, f"{live_server.url}/admin/pages/{home.pk}/edit/")
    page.locator("button.c-sf-add-button").first.click()
    page.get_by_text("首屏横幅", exact=True).first.click()
    page.locator("input[name$='-value-title']").first.fill("预览标题")
    page.locator("button.chooser__choose-button").first.click()
    page.locator(".modal-content a[data-chooser-modal-choice]").first.click()
    page.wait_for_selector(".modal-content", state="detached")
    page.locator("button[data-side-panel-toggle='preview']").click()
    page.frame_locator("iframe.w-preview__iframe").last.get_by_text("预览标题").first.wait_for()
    page.wait_for_load_state("networkidle")
    assert _violations(page) == []
    context.close()
