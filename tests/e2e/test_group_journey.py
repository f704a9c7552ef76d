"""Member A founds a group, asks a question of joiners and adds the chat QR; member B asks to join and answers;
A approves; B sees the chat QR. Playwright (sync API) drives Debian's Chromium against pytest-django's live server.

The `chromium` fixture comes from tests/e2e/conftest.py: it skips with a clear message when the browser is missing,
and fails instead when CI=true.
"""

import os
from datetime import timedelta
from urllib.parse import unquote, urlsplit

import pytest
from django.utils import timezone

from portal.groups.models import CommunityGroup, JoinRequest, Membership, Topic
from tests.e2e.conftest import check_a11y, signed_in_page
from tests.groups.factories import MemberFactory

# Playwright's sync API runs an event loop in the test thread; Django's ORM would otherwise refuse to run there.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# The live server runs in another thread, so the data must be committed; the flush after each transactional test
# is followed by setup_site (post_migrate), which puts the pages, staff groups and default rows back.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

GROUP_NAME = "城西周末读书会"
QUESTION = "你最近在读什么书？"
ANSWER = "《额尔古纳河右岸》"


def _is_group_page(group):
    """A URL predicate: the group's page (the browser percent-encodes the Chinese slug)."""
    return lambda url: unquote(urlsplit(url).path).endswith(f"/groups/{group.slug}/")


def _signed_in_page(chromium, live_server, member):
    return signed_in_page(chromium, live_server, member, locale="en-US", prefix="/en", a11y=True)


def test_found_ask_approve_and_see_the_chat_qr(chromium, live_server, png_bytes):
    founder = MemberFactory(
        email="a@example.com", display_name="发起人阿澈", date_joined=timezone.now() - timedelta(days=30)
    )
    joiner = MemberFactory(email="b@example.com", display_name="新来的小北")
    topic = Topic.objects.get(slug="reading")

    # A founds the group; the rules pass, so it is approved at once and A lands on its page.
    page_a = _signed_in_page(chromium, live_server, founder)
    page_a.goto(f"{live_server.url}/en/portal/groups/found/")
    check_a11y(page_a)
    form = page_a.locator("main form[method='post']")
    form.locator("input[name='name']").fill(GROUP_NAME)
    form.locator("select[name='topic']").select_option(str(topic.pk))
    form.locator("input[name='city']").fill("杭州")
    form.locator("textarea[name='purpose']").fill("给住在城西、周末想一起读书的人。")
    form.locator("textarea[name='planned_activities']").fill("每两周一次线下共读。")
    form.locator("input[name='expected_size']").fill("30")
    form.locator("button[type='submit']").click()
    group = CommunityGroup.objects.get(name=GROUP_NAME)
    page_a.wait_for_url(_is_group_page(group))
    check_a11y(page_a)
    assert page_a.locator("h1").inner_text() == GROUP_NAME
    assert page_a.get_by_text("You lead this group").is_visible()

    # A writes the description with the editor's toolbar, typing no tag: a bold phrase, then a bulleted list.
    page_a.goto(f"{live_server.url}/en/portal/groups/{group.slug}/manage/")
    editor = page_a.get_by_role("textbox", name="Description", exact=True)
    editor.click()
    page_a.keyboard.press("ControlOrMeta+A")
    page_a.keyboard.press("Delete")
    page_a.keyboard.type("欢迎住在城西的朋友，")
    page_a.get_by_role("button", name="Bold", exact=True).click()
    page_a.keyboard.type("每两周的周六下午")
    page_a.get_by_role("button", name="Bold", exact=True).click()
    page_a.keyboard.type("见。")
    page_a.keyboard.press("Enter")
    page_a.get_by_role("button", name="Bulleted list").click()
    page_a.keyboard.type("带上在读的书")
    page_a.keyboard.press("Enter")
    page_a.keyboard.type("带一个想聊的问题")
    assert page_a.get_by_role("button", name="Bulleted list").get_attribute("aria-pressed") == "true"
    check_a11y(page_a)
    page_a.get_by_role("button", name="Save profile").click()
    page_a.wait_for_load_state()
    assert page_a.get_by_text("The group's profile has been saved.").is_visible()
    page_a.goto(f"{live_server.url}/en/groups/{group.slug}/")
    description = page_a.locator(".prose", has_text="欢迎住在城西的朋友")
    assert description.locator("strong").inner_text() == "每两周的周六下午"
    assert description.locator("li").all_inner_texts() == ["带上在读的书", "带一个想聊的问题"]
    assert "<" not in description.inner_text()

    # A switches the group to approval with a question and uploads the chat QR.
    page_a.goto(f"{live_server.url}/en/portal/groups/{group.slug}/manage/settings/")
    check_a11y(page_a)
    settings_form = page_a.locator("form[enctype='multipart/form-data']")
    settings_form.locator("input[name='join_policy'][value='approval']").check()
    settings_form.locator("textarea[name='join_questions_text']").fill(QUESTION)
    settings_form.locator("input[name='chat_qr']").set_input_files(
        files=[{"name": "chat-qr.png", "mimeType": "image/png", "buffer": png_bytes((240, 240))}]
    )
    settings_form.locator("button[type='submit']").click()
    page_a.wait_for_load_state()
    check_a11y(page_a)
    assert page_a.get_by_text("Settings saved.").is_visible()
    group.refresh_from_db()
    assert group.join_policy == CommunityGroup.JoinPolicy.APPROVAL and group.join_questions == [QUESTION]
    assert group.chat_qr and group.chat_qr.storage.exists(group.chat_qr.name)

    # B asks to join and answers the question; the page then says the request is waiting.
    page_b = _signed_in_page(chromium, live_server, joiner)
    page_b.goto(f"{live_server.url}/en/groups/{group.slug}/")
    check_a11y(page_b)
    assert page_b.locator(".members-only__qr img").count() == 0
    page_b.locator("#join a[href$='/join/']").click()
    page_b.wait_for_url("**/join/")
    check_a11y(page_b)
    assert page_b.get_by_text(QUESTION).first.is_visible()
    page_b.locator("textarea[name='answer_0']").fill(ANSWER)
    page_b.locator("main form[method='post'] button[type='submit']").click()
    page_b.wait_for_url(_is_group_page(group))
    check_a11y(page_b)
    assert page_b.locator("#join").get_by_text("Requested").is_visible()
    request = JoinRequest.objects.get(group=group, member=joiner)
    assert request.status == JoinRequest.Status.PENDING and request.answers[0]["answer"] == ANSWER

    # A approves B in the request queue, where B's answer is shown.
    page_a.goto(f"{live_server.url}/en/portal/groups/{group.slug}/manage/requests/")
    check_a11y(page_a)
    assert page_a.get_by_text(ANSWER).is_visible()
    page_a.locator(f"input[name='requests'][value='{request.pk}']").check()
    page_a.locator("button[name='action'][value='approve']").click()
    page_a.wait_for_load_state()
    check_a11y(page_a)
    assert page_a.get_by_text("1 approved, 0 put on the waitlist.").is_visible()
    assert Membership.objects.get(group=group, member=joiner).is_active

    # B opens the group page and now sees the chat QR among the members-only information.
    page_b.goto(f"{live_server.url}/en/groups/{group.slug}/")
    check_a11y(page_b)
    qr = page_b.locator(".members-only__qr img")
    assert qr.is_visible()
    assert qr.get_attribute("src") == group.chat_qr.url
    assert page_b.get_by_text("新来的小北").first.is_visible()
    check_a11y(page_b)

    page_a.context.close()
    page_b.context.close()
