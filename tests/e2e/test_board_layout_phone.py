"""The board's busiest pages on a phone (390 px) and a laptop (1366 px), in Chinese and in English: a check-in topic
with two weeks of check-ins (its completion table scrolls inside its own box, never the page), and the leaders' log,
reports, mutes and settings, whose tables become one card per row on a phone while keeping their roles for screen
readers. Playwright drives Debian's Chromium (tests/e2e/conftest.py).

Screenshots only when asked for: BOARD_LAYOUT_SHOTS_DIR=<directory>."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from portal.board.models import Report
from portal.board.services.board_settings import add_tag
from portal.board.services.checkins import check_in, open_topic
from portal.board.services.common import viewer_for
from portal.board.services.moderation import hide_comment, mute_member
from portal.board.services.posts import add_comment, create_post
from portal.board.services.reports import dismiss_report, report
from portal.groups.services import leaders
from tests.e2e.conftest import LAPTOP, PHONE, check_fits, signed_in_page
from tests.groups.factories import CommunityGroupFactory, MemberFactory, MembershipFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ["BOARD_LAYOUT_SHOTS_DIR"]) if os.environ.get("BOARD_LAYOUT_SHOTS_DIR") else None


def _busy_board():
    """A group whose daily topic ran for two weeks, with a handled report, a hidden comment, a mute and five tags."""
    today = timezone.localdate()
    leader = MemberFactory(email="leader@example.com", display_name="城西晨跑团的组长欧阳晓青")
    group = CommunityGroupFactory(leader=leader, name="城西周末晨跑与越野训练营", slug="morning-runners")
    leaders.sync_leader_group(leader)
    runners = [
        MembershipFactory(group=group, member=MemberFactory(display_name=name)).member
        for name in ("喜欢越野的司马长风", "Alexandra Konstantinopoulou", "慕容小雪", "诸葛明月")
    ]
    lead = viewer_for(group, leader)
    for name in ("讨论", "打卡", "装备", "路线", "活动"):
        add_tag(lead, name)
    start = today - timedelta(days=13)
    intro = "<p>每天跑三公里。</p>"
    topic = open_topic(
        lead, title="冬训三十天每日打卡", body=intro, cadence="daily", ends_on=today, starts_on=start, today=start
    ).check_in_topic
    for offset in range(14):
        day = start + timedelta(days=offset)
        for runner in runners[: 1 + offset % 4]:
            check_in(viewer_for(group, runner), topic, body="配速六分，天冷但跑完了。", today=day)
    post = create_post(viewer_for(group, runners[0]), title="周六去香山的路线有人一起吗", body="<p>七点集合。</p>")
    comment = add_comment(viewer_for(group, runners[1]), post, body="这种问题群里问过八百遍了，自己不会往前翻翻吗？")
    hide_comment(lead, comment, "不友善的回复：新朋友提问请耐心回答或者直接跳过。")
    report(viewer_for(group, runners[2]), post=post, reason=Report.Reason.SPAM, detail="看起来像广告")
    dismiss_report(lead, Report.objects.get(post=post), note="只是约跑，没有链接也没有推销，不算广告。")
    mute_member(lead, runners[1], days=3, reason="连续几次回复都不友善，先冷静三天。")
    return group, leader, topic


def _signed_in(chromium, live_server, user, locale):
    return signed_in_page(chromium, live_server, user, locale=locale, viewport=LAPTOP)


def _labels_on_phone(page):
    """The column names a phone shows before each labelled cell of the first table."""
    return page.locator("table.board-table tbody td[data-label]").evaluate_all(
        "cells => cells.map(cell => getComputedStyle(cell, '::before').content)"
    )


@pytest.mark.parametrize(("locale", "prefix"), [("zh-CN", ""), ("en-GB", "/en")])
def test_the_topic_and_the_leaders_pages_fit_a_phone(chromium, live_server, locale, prefix):
    group, leader, topic = _busy_board()
    language = "zh" if prefix == "" else "en"
    board = f"{live_server.url}{prefix}/board/{group.slug}"
    page = _signed_in(chromium, live_server, leader, locale)

    page.goto(f"{board}/posts/{topic.post_id}/")
    assert page.locator(".topic-table tbody tr").count() == 4
    check_fits(page, f"topic-{language}", shots=SHOTS)

    for tab, rows in (("log", 3), ("reports", 1), ("mutes", 1)):
        page.goto(f"{board}/manage/{tab}/")
        table = page.get_by_role("table").last
        assert table.get_by_role("row").count() == rows + 1  # the header row, then one per entry
        check_fits(page, f"{tab}-{language}", shots=SHOTS)
        labels = _labels_on_phone(page)
        assert labels and all(label not in ("none", "normal", '""') for label in labels), labels
        # The tab shown is in view in the strip of tabs, even when the strip scrolls.
        current = page.locator(".board-tabs [aria-current='page']").bounding_box()
        assert current["x"] >= 0 and current["x"] + current["width"] <= PHONE["width"], current
        page.set_viewport_size(LAPTOP)
        assert page.locator("table.board-table thead").last.is_visible()

    page.goto(f"{board}/manage/settings/")
    check_fits(page, f"settings-{language}", shots=SHOTS)
    # Every tag's Remove button is in the same column, whether or not the tag has a "move up" arrow.
    page.set_viewport_size(LAPTOP)
    lefts = page.locator(".board-tag__remove").evaluate_all("all => all.map(b => b.getBoundingClientRect().left)")
    assert len(lefts) == 5 and len(set(lefts)) == 1, lefts
    page.context.close()
