"""Browser journeys for the editorial content, Playwright (sync API) driving Debian's Chromium on the live server:

(a) an editor creates and publishes a course in the Wagtail admin; a member enrols, checks in at every session with
    its code, completes the course and sees the points;
(b) a member applies to a leader call, the community team accepts in the review screen, the member reads a leader
    guide and founds a group without review;
(c) an editor submits a featured-group page to the workflow, it passes both steps in the admin and appears on the
    home page.

The `chromium` fixture (tests/e2e/conftest.py) skips with a clear message when the browser is missing, and fails
instead when CI=true.
"""

import os
from datetime import timedelta
from urllib.parse import unquote, urlsplit

import pytest
from django.utils import timezone
from wagtail.models import TaskState

from courses.models import CourseIndexPage, CoursePage, Enrolment
from portal.groups.models import CommunityGroup, GroupApplication, GroupRules, Topic
from portal.points.services import balance_of
from recruitment.models import Application, RecruitmentCallPage
from tests.e2e.conftest import check_a11y, signed_in_page
from tests.factories import StaffUserFactory
from tests.groups.factories import CommunityGroupFactory, MemberFactory
from tests.page_factories import LeaderGuidePageFactory, RecruitmentCallPageFactory, question
from website.core.permissions import COMMUNITY_TEAM, EDITORS
from website.featured.models import FeaturedGroupIndexPage, FeaturedGroupPage

# Playwright's sync API runs an event loop in the test thread; Django's ORM would otherwise refuse to run there.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# The live server runs in another thread, so the data must be committed; the flush after each transactional test
# is followed by setup_site (post_migrate), which puts the pages, staff groups and default rows back.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def signed_in(chromium, live_server, user):
    """A fresh browser context signed in through allauth's login form, both pages checked by axe."""
    return signed_in_page(chromium, live_server, user, timeout=20_000, a11y=True)


def path_of(url):
    return unquote(urlsplit(url).path)


def admin_action(page, name):
    """Click an action of the admin editor's footer menu: the primary button or one in its dropdown."""
    button = page.locator(f"footer button[name='{name}']")
    if not button.is_visible():
        page.locator("footer .w-dropdown-button .w-dropdown__toggle").click()
    button.click()


def wait_until(page, condition, seconds=20):
    """Poll the database while the live server finishes what the browser asked for."""
    deadline = timezone.now() + timedelta(seconds=seconds)
    while not condition():
        assert timezone.now() < deadline, "timed out waiting for the server"
        page.wait_for_timeout(200)


def workflow_approve(page):
    """Approve the current workflow task from the page editor's action menu (the variant without a comment)."""
    button = page.locator("footer button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])")
    if not button.is_visible():
        page.locator("footer .w-dropdown-button .w-dropdown__toggle").click()
    button.click()


# --- (a) A course from the admin to completion ----------------------------------------------------------------------


def test_editor_publishes_a_course_and_a_member_completes_it_for_points(chromium, live_server):
    editor = StaffUserFactory(email="course-editor@example.com", groups=[EDITORS])
    member = MemberFactory(email="learner@example.com", display_name="学员小满")
    index = CourseIndexPage.objects.get()
    starts = timezone.localtime().strftime("%Y-%m-%d %H:%M")  # sessions starting now, so check-in is open

    admin = signed_in(chromium, live_server, editor)
    admin.goto(f"{live_server.url}/admin/pages/add/courses/coursepage/{index.pk}/")
    check_a11y(admin)
    # The inline panel's "add" button works once the admin's scripts have started; on a busy machine that is late.
    admin.wait_for_load_state("networkidle")
    admin.locator("#id_title").fill("Pottery 陶艺周末班")
    admin.locator("#id_summary").fill("两次课做出第一只杯子。")
    admin.locator("#id_lecturer_name").fill("陈老师")
    admin.locator("#id_sessions-0-starts_at").fill(starts)
    admin.locator("#id_sessions-0-place").fill("城西陶艺工作室")
    admin.locator("#id_title").click()  # close the date picker the first session opened
    admin.locator("#id_sessions-ADD").click()
    admin.locator("#id_sessions-1-starts_at").wait_for(state="visible", timeout=30_000)
    admin.locator("#id_sessions-1-starts_at").fill(starts)
    admin.locator("#id_sessions-1-place").fill("城西陶艺工作室")
    admin.locator("#id_completion_points").fill("60")
    admin.locator("#id_title").click()  # close any date picker left open
    admin_action(admin, "action-publish")
    admin.wait_for_url(f"**/admin/pages/{index.pk}/")
    check_a11y(admin)

    course = CoursePage.objects.get(title="Pottery 陶艺周末班")
    assert course.live
    sessions = list(course.sessions.all())
    assert len(sessions) == 2
    codes = [s.check_in_code for s in sessions]
    assert len(set(codes)) == 2, f"the admin gave both sessions the same check-in code {codes}"

    learner = signed_in(chromium, live_server, member)
    learner.goto(f"{live_server.url}{course.url}")
    check_a11y(learner)
    learner.locator("form[action$='/enrol/'] button[type='submit']").click()
    learner.wait_for_load_state()
    check_a11y(learner)
    assert Enrolment.objects.get(course=course, member=member).status == Enrolment.Status.ENROLLED

    for code in codes:
        learner.locator("#course-code").fill(code)
        learner.locator("form[action$='/check-in/'] button[type='submit']").click()
        learner.wait_for_load_state()
        check_a11y(learner)
    assert learner.locator(".badge--success").first.is_visible()
    assert Enrolment.objects.get(course=course, member=member).status == Enrolment.Status.COMPLETED
    assert balance_of(member).balance == 60

    learner.goto(f"{live_server.url}/portal/points/")
    check_a11y(learner)
    assert learner.locator(".stat__value").first.inner_text().strip() == "60"

    admin.context.close()
    learner.context.close()


# --- (b) From a leader call to a group founded without review -------------------------------------------------------


def test_member_recruited_as_leader_reads_the_guides_and_founds_a_group_without_review(chromium, live_server):
    rules = GroupRules.load()
    rules.approval_mode = GroupRules.Mode.REVIEW  # everyone else's founding application would wait for the team
    rules.save()
    call = RecruitmentCallPageFactory(
        title="春季群主招募",
        role=RecruitmentCallPage.Role.LEADER,
        questions=[question("你想办什么样的社群？", "multiline")],
    )
    guide = LeaderGuidePageFactory(title="建群第一周", summary="第一周要做的五件事。")
    newcomer = MemberFactory(email="new-leader@example.com", display_name="新群主阿布", date_joined=timezone.now())
    team = StaffUserFactory(email="team@example.com", groups=[COMMUNITY_TEAM])

    member = signed_in(chromium, live_server, newcomer)
    member.goto(f"{live_server.url}{guide.url}")
    check_a11y(member)
    assert member.locator("h1").first.inner_text() != "建群第一周"  # not a leader yet: the "for group leaders" page
    member.goto(f"{live_server.url}{call.url}")
    check_a11y(member)
    member.locator(f"textarea[name='{call.questions.get().clean_name}']").fill("一个周末徒步社群。")
    member.locator("form[action$='/apply/'] button[type='submit']").click()
    member.wait_for_load_state()
    check_a11y(member)
    application = Application.objects.get(call=call, member=newcomer)
    assert application.status == Application.Status.SUBMITTED

    staff = signed_in(chromium, live_server, team)
    staff.goto(f"{live_server.url}/admin/recruitment/calls/{call.pk}/review/")
    check_a11y(staff)
    staff.locator(f"input[name='applications'][value='{application.pk}']").check()
    staff.locator("select[name='action']").select_option("accepted")
    staff.locator("main form[method='post'] button[type='submit']").click()
    staff.wait_for_load_state()
    check_a11y(staff)
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED

    member.goto(f"{live_server.url}{guide.url}")
    check_a11y(member)
    assert member.locator("h1").first.inner_text() == "建群第一周"
    assert member.get_by_text("第一周要做的五件事。").is_visible()

    member.goto(f"{live_server.url}/en/portal/groups/found/")
    check_a11y(member)
    form = member.locator("main form[method='post']")
    form.locator("input[name='name']").fill("城南周末徒步")
    form.locator("select[name='topic']").select_option(str(Topic.objects.order_by("pk").first().pk))
    form.locator("input[name='city']").fill("杭州")
    form.locator("textarea[name='purpose']").fill("周末一起走走。")
    form.locator("textarea[name='planned_activities']").fill("每月两次徒步。")
    form.locator("input[name='expected_size']").fill("20")
    form.locator("button[type='submit']").click()
    group = CommunityGroup.objects.get(name="城南周末徒步")
    member.wait_for_url(lambda url: path_of(url).endswith(f"/groups/{group.slug}/"))
    check_a11y(member)
    assert GroupApplication.objects.get(group=group).status == GroupApplication.Status.APPROVED
    assert member.get_by_text("You lead this group").is_visible()

    member.context.close()
    staff.context.close()


# --- (c) A featured group through the two-step workflow onto the home page ------------------------------------------


def test_featured_group_page_passes_both_workflow_steps_and_reaches_the_home_page(chromium, live_server):
    group = CommunityGroupFactory(name="西湖读书会", stage=CommunityGroup.Stage.CORE)
    author = StaffUserFactory(email="author@example.com", groups=[EDITORS])
    reviewer = StaffUserFactory(email="reviewer@example.com", groups=[EDITORS])
    team = StaffUserFactory(email="approver@example.com", groups=[COMMUNITY_TEAM])
    index = FeaturedGroupIndexPage.objects.get()

    editor = signed_in(chromium, live_server, author)
    editor.goto(f"{live_server.url}/admin/pages/add/featured/featuredgrouppage/{index.pk}/")
    check_a11y(editor)
    editor.locator("#id_title").fill("Featured 西湖读书会的五年")
    editor.locator("#id_group").select_option(str(group.pk))
    editor.locator("#id_headline").fill("五年、两百次共读")
    # Draftail (the rich-text editor) listens to key events: focus it and type.
    editor.locator("[data-contentpath='story'] .public-DraftEditor-content").click()
    editor.keyboard.type("They have met every week for five years.")
    # Draftail writes its hidden input a moment after the last key; submitting before that would send it empty.
    story = editor.locator("input[name='story']")
    wait_until(editor, lambda: "five years" in story.input_value())
    admin_action(editor, "action-submit")
    submitted = FeaturedGroupPage.objects.filter(title="Featured 西湖读书会的五年")
    wait_until(editor, submitted.exists)
    page = submitted.get()
    in_review = TaskState.objects.filter(workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS)
    wait_until(editor, in_review.exists)
    page.refresh_from_db()
    assert not page.live and page.workflow_in_progress

    for user, task_name in ((reviewer, "编辑审核"), (team, "社群运营团队批准")):
        task_state = TaskState.objects.get(workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS)
        assert task_state.task.name == task_name
        browser = signed_in(chromium, live_server, user)
        browser.goto(f"{live_server.url}/admin/pages/{page.pk}/edit/")
        check_a11y(browser)
        workflow_approve(browser)
        approved = TaskState.objects.filter(pk=task_state.pk, status=TaskState.STATUS_APPROVED)
        wait_until(browser, approved.exists)
        browser.context.close()

    page.refresh_from_db()
    assert page.live

    visitor = editor.context.browser.new_context(locale="zh-CN").new_page()
    visitor.goto(f"{live_server.url}/")
    check_a11y(visitor)
    assert visitor.get_by_text("Featured 西湖读书会的五年").first.is_visible()
    assert visitor.get_by_text("五年、两百次共读").first.is_visible()

    visitor.context.close()
    editor.context.close()
