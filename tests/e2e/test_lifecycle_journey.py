"""A group's way up, in the browser: a leader creates an activity, two members RSVP and check in with the code,
the leader files the report; the nightly job promotes the group; the leader sees the checklist; staff confirm a
core promotion in the admin; the insights page shows both stage changes."""

import os
from datetime import timedelta

import pytest
from django.db.models import F
from django.utils import timezone, translation

from portal.groups.models import Activity, Attendance, CommunityGroup, LifecycleRules, StageChange, StageProposal
from portal.groups.services.lifecycle import run_evaluation
from portal.points.models import PointEntry
from tests.e2e.conftest import check_a11y
from tests.factories import DEFAULT_PASSWORD, StaffUserFactory
from tests.groups.factories import CommunityGroupFactory, MemberFactory, MembershipFactory, TopicFactory
from tests.groups.lifecycle.helpers import zh
from website.core.permissions import COMMUNITY_TEAM

# Playwright's sync API runs an event loop in this thread; the ORM calls between browser steps must still run.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# The live server runs in another thread, so the data must be committed; the flush after each transactional test
# is followed by setup_site (post_migrate), which puts the pages, staff groups and default rows back.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

THRESHOLDS = {"members": 3, "active_members": 2, "active_share": 30, "activities": 1, "points": 10}


def stage_label(code):
    """A stage as the Chinese admin names it (the labels carry the "group stage" context)."""
    with translation.override("zh-hans"):
        return str(CommunityGroup.Stage(code).label)


@pytest.fixture
def cast(db):
    """Rules within reach of one activity, a leader, two members and a community-team staff member."""
    rules = LifecycleRules.load()
    for name, value in THRESHOLDS.items():
        setattr(rules, f"growing_{name}", value)
        setattr(rules, f"core_{name}", value)
    rules.core_needs_confirmation = True
    rules.save()
    leader = MemberFactory(email="qing@example.com", display_name="组长阿青")
    group = CommunityGroupFactory(
        name="钱塘骑行社", slug="qiantang-ride", topic=TopicFactory(), city="杭州", leader=leader, capacity=20
    )
    members = [
        MembershipFactory(group=group, member=MemberFactory(email=f"rider{n}@example.com", display_name=name)).member
        for n, name in enumerate(["小林", "小周"])
    ]
    staff = StaffUserFactory(email="team@example.com", display_name="运营小叶", groups=[COMMUNITY_TEAM])
    return {"group": group, "leader": leader, "members": members, "staff": staff}


def browser_page(chromium):
    """A fresh browser context per person, so each keeps their own session."""
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    return context.new_page()


def log_in(page, live_server, user, next_path):
    page.goto(f"{live_server.url}/accounts/login/?next={next_path}")
    check_a11y(page)
    form = page.locator("form:has(input[name='password'])")
    form.locator("input[name='login']").fill(user.email)
    form.locator("input[name='password']").fill(DEFAULT_PASSWORD)
    form.locator("button[type='submit']").click()
    page.wait_for_url(f"{live_server.url}{next_path}")
    check_a11y(page)


def local_input(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def time_passes(activity, hours):
    """The clock moves on: the activity (and the attendances' copies of its start) move `hours` into the past."""
    shift = timedelta(hours=hours)
    Activity.objects.filter(pk=activity.pk).update(starts_at=F("starts_at") - shift, ends_at=F("ends_at") - shift)
    Attendance.objects.filter(activity=activity).update(activity_starts_at=F("activity_starts_at") - shift)


def test_a_group_grows_from_its_first_activity_to_core(live_server, chromium, cast):
    group, leader, staff = cast["group"], cast["leader"], cast["staff"]
    base = live_server.url

    # The leader publishes an activity that starts in a few minutes, so check-in is already open.
    leader_page = browser_page(chromium)
    new_activity = f"/portal/groups/{group.slug}/manage/activities/new/"
    log_in(leader_page, live_server, leader, new_activity)
    start = timezone.now() + timedelta(minutes=3)
    form = leader_page.locator("form:has(input[name='title'])")
    form.locator("input[name='title']").fill("周末钱塘江骑行")
    form.locator("input[name='mode'][value='offline']").check()
    form.locator("input[name='starts_at']").fill(local_input(start))
    form.locator("input[name='ends_at']").fill(local_input(start + timedelta(hours=2)))
    form.locator("input[name='place']").fill("六和塔停车场")
    form.locator("textarea[name='description']").fill("沿江骑行二十公里，自带水。")
    form.locator("input[name='capacity']").fill("10")
    form.locator("button[type='submit']").click()
    leader_page.wait_for_url(f"{base}/portal/groups/{group.slug}/activities/*/")
    check_a11y(leader_page)
    activity = Activity.objects.get(group=group)
    assert activity.title == "周末钱塘江骑行"
    code = leader_page.locator(".check-in-code strong").inner_text().strip()
    assert code == activity.check_in_code

    # Two members say they are going, then check in on the spot with the code.
    for member in cast["members"]:
        page = browser_page(chromium)
        log_in(page, live_server, member, activity.get_absolute_url())
        page.locator(f"form[action$='/activities/{activity.pk}/rsvp/'] button").click()
        page.wait_for_load_state()
        check_a11y(page)
        assert page.get_by_text(zh("You are going")).first.is_visible()
        page.locator("#check-in-code").fill(code.lower())
        page.locator("form.check-in button[type='submit']").click()
        page.wait_for_load_state()
        check_a11y(page)
        assert page.get_by_text(zh("You were there")).first.is_visible()
        page.context.close()
    activity.refresh_from_db()
    assert (activity.rsvp_count, activity.attended_count, activity.newcomer_count) == (2, 2, 2)

    # After the ride, the leader files the report.
    time_passes(activity, hours=3)
    leader_page.goto(f"{base}{activity.get_absolute_url()}")
    check_a11y(leader_page)
    report = leader_page.locator("form[action$='/report/']")
    report.locator("textarea[name='summary']").fill("两位新朋友一起骑完全程。")
    report.locator("textarea[name='feedback']").fill("希望下次去湘湖。")
    report.locator("button[type='submit']").click()
    leader_page.wait_for_load_state()
    check_a11y(leader_page)
    assert leader_page.get_by_text("两位新朋友一起骑完全程。").first.is_visible()
    assert PointEntry.objects.filter(member=leader, rule__code="activity_hosted").count() == 1

    # The nightly job promotes the group.
    report_run = run_evaluation()
    assert report_run.promoted == 1
    group.refresh_from_db()
    assert group.stage == CommunityGroup.Stage.GROWING

    # The leader sees the new stage and the checklist toward core, with the actual numbers.
    leader_page.goto(f"{base}/portal/groups/{group.slug}/manage/growth/")
    check_a11y(leader_page)
    assert leader_page.get_by_text(zh("Checklist to become a core group")).first.is_visible()
    checklist = leader_page.locator("ul.checklist li")
    assert checklist.count() == 5
    assert "3" in checklist.first.inner_text()
    assert leader_page.get_by_text(zh("Proposed for core: the community team is reviewing it.")).count() == 0

    # The next night the job proposes core; the community team confirms it in the admin.
    run_evaluation(now=timezone.now() + timedelta(days=1))
    proposal = StageProposal.objects.get(group=group, status=StageProposal.Status.PENDING)
    staff_page = browser_page(chromium)
    decide = f"/admin/community/proposals/{proposal.pk}/decide/"
    log_in(staff_page, live_server, staff, decide)
    staff_page.locator("input[name='decision'][value='confirm']").check()
    staff_page.locator("input[name='note']").fill("活跃度很高，确认。")
    staff_page.locator("main form[method='post'] button[type='submit']").click()
    staff_page.wait_for_url(lambda url: "/decide/" not in url)
    check_a11y(staff_page)
    group.refresh_from_db()
    assert group.stage == CommunityGroup.Stage.CORE
    assert StageChange.objects.filter(group=group, actor=staff, to_stage="core").exists()

    # The insights page lists both stage changes.
    staff_page.goto(f"{base}/admin/insights/")
    check_a11y(staff_page)
    changes = staff_page.locator("section").filter(has=staff_page.locator("h2", has_text=zh("Stage changes")))
    rows = changes.locator("tbody tr", has_text="钱塘骑行社")
    assert rows.count() == 2
    texts = [rows.nth(index).inner_text() for index in range(2)]
    new, growing, core = (stage_label(code) for code in ("new", "growing", "core"))
    assert any(core in text and staff.get_display_name() in text for text in texts), texts
    assert any(growing in text and new in text for text in texts), texts

    leader_page.context.close()
    staff_page.context.close()
