"""The group board in the browser, in Chinese: a post with two images, a comment and a like, pinned and marked 精华
by the leader (the author's group points rise once), a reported comment hidden with a reason; and a daily check-in
topic that three members keep for two days, with streaks and a refused second check-in. axe-core checks every board
page the journeys reach, at desktop and at phone width (where the page must not scroll sideways). With
BOARD_SHOTS_DIR set, full-page screenshots of those pages go to that directory for a person to look at.

The `chromium` fixture comes from tests/e2e/conftest.py: it skips with a clear message when the browser is missing,
and fails instead when CI=true.
"""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db.models import F, Sum
from django.urls import reverse
from django.utils import timezone, translation

from portal.board.models import CheckIn, CheckInTopic, Comment, Post, Report
from portal.board.services.common import RULE_FEATURED, RULE_LIKE_RECEIVED, RULE_POST
from portal.groups.services import leaders
from portal.points.models import PointEntry, PointRule, ScopeDailyTally
from tests.e2e.conftest import check_a11y, signed_in_page
from tests.groups.factories import CommunityGroupFactory, MemberFactory, MembershipFactory
from tests.utils import zh

# Playwright's sync API runs an event loop in the test thread; Django's ORM would otherwise refuse to run there.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# The live server runs in another thread, so the data must be committed; the flush after each transactional test
# is followed by setup_site (post_migrate), which puts the pages, staff groups, point rules and default rows back.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Screenshots only when asked for: BOARD_SHOTS_DIR=<directory>.
SHOTS = Path(os.environ["BOARD_SHOTS_DIR"]) if os.environ.get("BOARD_SHOTS_DIR") else None
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

POST_TITLE = "周末去西溪湿地读书的照片"
POST_TEXT = "上周六我们在湿地边读完了《瓦尔登湖》，附两张照片。"
COMMENT = "照片真好看，下次我也想去！"
HIDE_REASON = "与本帖无关的广告内容"


def _group_with_people():
    """A group with its leader (in the Leaders group, as the site makes leaders) and three members."""
    leader = MemberFactory(email="leader@example.com", display_name="组长阿青")
    group = CommunityGroupFactory(leader=leader, name="城西周末读书会", slug="weekend-readers")
    leaders.sync_leader_group(leader)
    people = [
        MembershipFactory(group=group, member=MemberFactory(email=f"{name}@example.com", display_name=shown)).member
        for name, shown in (("alice", "阿丽"), ("bob", "小波"), ("carol", "卡萝"))
    ]
    group.refresh_from_db()
    return group, leader, *people


def _url(live_server, name, group, *args):
    """A board page's address on the Chinese site (no language prefix)."""
    with translation.override("zh-hans"):
        return live_server.url + reverse(f"board:{name}", args=[group.slug, *args])


def _signed_in(chromium, live_server, user):
    return signed_in_page(chromium, live_server, user, viewport=DESKTOP)


def _shoot(page, name):
    """The page at desktop and phone width, as full-page screenshots when BOARD_SHOTS_DIR is set. On a phone
    the page must not scroll sideways, and axe checks it again (a scrolling strip of tabs must take the focus)."""
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.wait_for_timeout(150)
        if SHOTS is not None:
            page.screenshot(path=str(SHOTS / f"{name}-{label}.png"), full_page=True)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name}: the page scrolls sideways by {overflow}px on a phone"
    check_a11y(page, f"{name} on a phone")
    page.set_viewport_size(DESKTOP)


def _messages(page):
    return page.locator(".messages").inner_text()


def _submit(page, form):
    """Submit a form and wait for the page it leads to."""
    with page.expect_navigation():
        form.locator("button[type='submit']").first.click()


def _group_points(member, group):
    tallies = ScopeDailyTally.objects.filter(member=member, scope_id=group.pk)
    return tallies.aggregate(total=Sum("earned"))["total"] or 0


def test_post_comment_like_pin_feature_report_and_hide(chromium, live_server, png_bytes):
    group, leader, alice, bob, carol = _group_with_people()

    # Alice writes a post with two images, chosen through the file chooser.
    page_a = _signed_in(chromium, live_server, alice)
    page_a.goto(_url(live_server, "index", group))
    check_a11y(page_a, "the board (member)")
    page_a.locator(f"a[href$='/board/{group.slug}/new/']").first.click()
    page_a.wait_for_url("**/new/")
    check_a11y(page_a, "the new post form")
    form = page_a.locator("main form[enctype='multipart/form-data']")
    form.locator("input[name='title']").fill(POST_TITLE)
    page_a.locator("#id_body_editor").click()
    page_a.keyboard.type(POST_TEXT)
    with page_a.expect_file_chooser() as chooser:
        form.locator("input[name='images']").click()
    assert chooser.value.is_multiple()
    chooser.value.set_files(
        [
            {"name": "lake.png", "mimeType": "image/png", "buffer": png_bytes((640, 480))},
            {"name": "books.png", "mimeType": "image/png", "buffer": png_bytes((480, 640))},
        ]
    )
    _submit(page_a, form)
    post = Post.objects.get(group=group, title=POST_TITLE)
    assert (post.author, post.images.count()) == (alice, 2)
    assert page_a.url.endswith(f"/posts/{post.pk}/")
    check_a11y(page_a, "the post page (author)")
    assert page_a.locator("h1, h2").filter(has_text=POST_TITLE).count() >= 1
    assert page_a.get_by_text(POST_TEXT).is_visible()
    images = page_a.locator(".board-images img")
    assert images.count() == 2
    assert all(image.get_attribute("alt") for image in images.all())
    assert _group_points(alice, group) == _rule_points(RULE_POST)

    # Bob comments and likes the post.
    page_b = _signed_in(chromium, live_server, bob)
    page_b.goto(_url(live_server, "post", group, post.pk))
    check_a11y(page_b, "the post page (member)")
    comment_form = page_b.locator("form#comment-form")
    comment_form.locator("textarea[name='body']").fill(COMMENT)
    _submit(page_b, comment_form)
    comment = Comment.objects.get(post=post, author=bob)
    assert page_b.get_by_text(COMMENT).is_visible()
    _submit(page_b, page_b.locator(f"form[action$='/posts/{post.pk}/like/']"))
    post.refresh_from_db()
    assert (post.comment_count, post.like_count) == (1, 1)
    check_a11y(page_b, "the post page with a comment (member)")
    points_before_feature = _group_points(alice, group)
    assert points_before_feature == _rule_points(RULE_POST) + _rule_points(RULE_LIKE_RECEIVED)

    # The leader pins the post and marks it 精华, with the moderation controls on the post page.
    page_l = _signed_in(chromium, live_server, leader)
    page_l.goto(_url(live_server, "post", group, post.pk))
    check_a11y(page_l, "the post page (leader, moderation controls)")
    _moderate(page_l, "pin")
    _moderate(page_l, "feature")
    post.refresh_from_db()
    assert post.is_pinned and post.is_featured
    check_a11y(page_l, "the post page after pinning and 精华 (leader)")
    _shoot(page_l, "board-post-leader")

    # The author's group points rose once for 精华; taking it away and giving it back pays nothing more.
    featured_points = _rule_points(RULE_FEATURED)
    assert featured_points > 0
    assert _group_points(alice, group) == points_before_feature + featured_points
    _moderate(page_l, "unfeature")
    _moderate(page_l, "feature")
    assert PointEntry.objects.filter(member=alice, rule__code=RULE_FEATURED).count() == 1
    assert _group_points(alice, group) == points_before_feature + featured_points
    cache.clear()  # the group page's top members are cached for a short while
    page_a.goto(f"{live_server.url}{group.get_absolute_url()}")
    top = page_a.locator("section[aria-labelledby='top-heading'] li").filter(has_text=alice.display_name)
    assert str(points_before_feature + featured_points) in top.inner_text()

    # The board shows the post pinned; the 精华 tab lists it.
    page_a.goto(_url(live_server, "index", group))
    check_a11y(page_a, "the board with a pinned post (member)")
    assert page_a.locator(f"main a[href$='/posts/{post.pk}/']").count() >= 1
    _shoot(page_a, "board-index")
    page_a.goto(_url(live_server, "featured", group))
    check_a11y(page_a, "the 精华 tab")
    _shoot(page_a, "board-featured")
    assert page_a.locator(f"main a[href$='/posts/{post.pk}/']").count() >= 1

    # Alice reports Bob's comment.
    page_a.goto(_url(live_server, "post", group, post.pk))
    _shoot(page_a, "board-post-member")
    page_a.locator(f"a[href$='/comments/{comment.pk}/report/']").click()
    page_a.wait_for_url(f"**/comments/{comment.pk}/report/")
    check_a11y(page_a, "the report form")
    _shoot(page_a, "board-report-form")
    report_form = page_a.locator("main form[method='post']")
    report_form.locator(f"input[name='reason'][value='{Report.Reason.SPAM}']").check()
    report_form.locator("textarea[name='detail']").fill("在评论里发广告链接")
    _submit(page_a, report_form)
    assert zh("Thank you. The group's leaders will look at your report.") in _messages(page_a)
    report = Report.objects.get(comment=comment)
    assert (report.reporter, report.is_open) == (alice, True)

    # The leader hides it from the reports queue, with a reason.
    page_l.goto(_url(live_server, "reports", group))
    check_a11y(page_l, "the leaders' reports queue")
    _shoot(page_l, "board-reports-queue")
    entry = page_l.locator("li.board-report").filter(has_text=COMMENT)
    entry.locator("input[name='reason']").fill(HIDE_REASON)
    with page_l.expect_navigation():
        entry.locator("button[name='action'][value='uphold']").click()
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_reason == HIDE_REASON
    check_a11y(page_l, "the reports queue after handling")

    # Bob sees his comment hidden, and why; Alice and Carol no longer see it.
    page_b.goto(_url(live_server, "post", group, post.pk))
    check_a11y(page_b, "the post page with a hidden comment (its author)")
    mine = page_b.locator(f"#comment-{comment.pk}")
    assert COMMENT in mine.inner_text() and HIDE_REASON in mine.inner_text()
    _shoot(page_b, "board-post-hidden-comment")
    for other in (page_a, _signed_in(chromium, live_server, carol)):
        other.goto(_url(live_server, "post", group, post.pk))
        assert other.get_by_text(COMMENT).count() == 0
        assert other.get_by_text(POST_TEXT).is_visible()

    for page in (page_a, page_b, page_l):
        page.context.close()


def _moderate(page, action):
    """A leader's button on the post page (pin, feature...), then the page it returns to."""
    with page.expect_navigation():
        page.locator(f"button[name='action'][value='{action}']").first.click()
    assert page.locator(".messages [role='alert']").count() == 0, _messages(page)


def _rule_points(code):
    return PointRule.objects.get(code=code).points


def _check_in(page, text):
    form = page.locator("form[action$='/check-in/']")
    form.locator("textarea[name='body']").fill(text)
    _submit(page, form)


def test_check_in_topic_on_two_days_with_streaks(chromium, live_server):
    group, leader, alice, bob, carol = _group_with_people()

    # The leader opens a daily topic.
    page_l = _signed_in(chromium, live_server, leader)
    page_l.goto(_url(live_server, "index", group))
    check_a11y(page_l, "the empty board (leader)")
    page_l.locator(f"main a[href$='/board/{group.slug}/check-ins/new/']").first.click()
    page_l.wait_for_url("**/check-ins/new/")
    check_a11y(page_l, "the new check-in topic form")
    form = page_l.locator("main form[method='post']")
    form.locator("input[name='title']").fill("每天读书二十分钟")
    form.locator("select[name='cadence']").select_option(CheckInTopic.Cadence.DAILY)
    form.locator("input[name='ends_on']").fill((timezone.localdate() + timedelta(days=20)).isoformat())
    _submit(page_l, form)
    post = Post.objects.get(group=group, kind=Post.Kind.CHECK_IN)
    topic = post.check_in_topic
    assert page_l.url.endswith(f"/posts/{post.pk}/")
    check_a11y(page_l, "the topic page (leader)")

    # Day one: all three members check in through the browser.
    pages = {member: _signed_in(chromium, live_server, member) for member in (alice, bob, carol)}
    for member, page in pages.items():
        page.goto(_url(live_server, "post", group, post.pk))
        check_a11y(page, f"the topic page before checking in ({member.display_name})")
        _check_in(page, f"{member.display_name}：今天读了二十分钟。")
        assert zh("Checked in. Keep it going!") in _messages(page)
    assert CheckIn.objects.filter(topic=topic).count() == 3

    # That was yesterday: the topic and its check-ins move one day back.
    yesterday = timezone.localdate() - timedelta(days=1)
    CheckInTopic.objects.filter(pk=topic.pk).update(starts_on=yesterday)
    CheckIn.objects.filter(topic=topic).update(period=yesterday, created_at=F("created_at") - timedelta(days=1))

    # Day two: Alice and Bob check in again; Carol does not. Alice's second tab, opened before, is refused.
    stale = pages[alice].context.new_page()
    stale.goto(_url(live_server, "post", group, post.pk))
    for member in (alice, bob):
        page = pages[member]
        page.goto(_url(live_server, "post", group, post.pk))
        _check_in(page, f"{member.display_name}：第二天，又读了二十分钟。")
        assert zh("Checked in. Keep it going!") in _messages(page)
        check_a11y(page, f"the topic page after checking in ({member.display_name})")
    _check_in(stale, "再打一次卡")
    refusal = stale.locator(".messages [role='alert']")
    assert zh("You have already checked in today. Come back tomorrow!") in refusal.inner_text()
    check_a11y(stale, "the topic page with a refused check-in")
    stale.close()
    assert CheckIn.objects.filter(topic=topic, member=alice).count() == 2

    # Streaks show: two days for Alice and Bob, one for Carol (yesterday counts until today is over).
    page_l.goto(_url(live_server, "post", group, post.pk))
    check_a11y(page_l, "the topic page with streaks (leader)")
    streaks = page_l.locator(".topic-streaks li")
    assert streaks.count() == 3
    for member, days in ((alice, 2), (bob, 2), (carol, 1)):
        row = streaks.filter(has_text=member.display_name)
        assert str(days) in row.locator("strong").inner_text()
    assert str(2) in pages[alice].locator(".topic-me__streak").inner_text()
    totals = {
        member.display_name: page_l.locator(".topic-table tbody tr").filter(has_text=member.display_name)
        for member in (alice, bob, carol)
    }
    assert [totals[name].locator(".topic-table__total").inner_text() for name in ("阿丽", "小波", "卡萝")] == [
        "2",
        "2",
        "1",
    ]
    _shoot(page_l, "board-topic")
    page_l.goto(_url(live_server, "index", group))
    assert page_l.locator(f"main a[href$='/posts/{post.pk}/']").count() >= 1
    _shoot(page_l, "board-index-with-topic")

    for page in (page_l, *pages.values()):
        page.context.close()
