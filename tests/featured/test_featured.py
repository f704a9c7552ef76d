"""Featured core groups: only core groups, a two-step workflow before anything goes live, unpublished (and editors
told) when the group leaves the core stage; and the home page's programme sections."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from portal.groups.models import CommunityGroup
from portal.groups.services.lifecycle import set_stage_by_hand
from tests.factories import StaffUserFactory
from tests.groups.factories import CommunityGroupFactory
from tests.page_factories import (
    CoursePageFactory,
    EntryFactory,
    FeaturedGroupPageFactory,
    RecruitmentCallPageFactory,
    ShowcasePageFactory,
    session,
)
from website.core.permissions import EDITORS
from website.featured.models import FeaturedGroupPage
from website.showcases.models import Entry

pytestmark = pytest.mark.django_db

WORKFLOW = "精选社群发布审核"


def add_url(featured_index):
    return reverse("wagtailadmin_pages:add", args=["featured", "featuredgrouppage", featured_index.pk])


def page_form(group, slug="xihu-feature", **actions):
    return nested_form_data(
        {
            "title": "精选：西湖读书会",
            "slug": slug,
            "group": group.pk,
            "headline": "五年、两百次共读",
            "story": rich_text("<p>他们每周都见面。</p>"),
            "photos": streamfield([]),
            "comments": inline_formset([]),
            **actions,
        }
    )


def approve_url(page, task_state):
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])


def current_task(page):
    state = WorkflowState.objects.get(
        base_content_type=page.get_base_content_type(), object_id=str(page.pk), status=WorkflowState.STATUS_IN_PROGRESS
    )
    return state.current_task_state


@pytest.fixture
def core_group(db):
    return CommunityGroupFactory(name="西湖读书会", stage=CommunityGroup.Stage.CORE)


# --- Only core groups -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("stage", [CommunityGroup.Stage.NEW, CommunityGroup.Stage.GROWING])
def test_a_group_outside_the_core_stage_is_a_validation_error(stage, featured_index):
    group = CommunityGroupFactory(stage=stage)
    page = FeaturedGroupPage(title="不该被精选", slug="nope", group=group, headline="x", story="<p>x</p>")
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "group" in error.value.message_dict


def test_the_admin_refuses_a_non_core_group_with_a_message_on_the_field(client, editor, featured_index):
    group = CommunityGroupFactory(stage=CommunityGroup.Stage.GROWING)
    client.force_login(editor)

    response = client.post(add_url(featured_index), page_form(group, **{"action-submit": "1"}))

    assert response.status_code == 200
    assert "group" in response.context["form"].errors
    assert not FeaturedGroupPage.objects.exists()


def test_the_featured_index_has_the_two_step_workflow(featured_index):
    workflow = featured_index.get_workflow()
    assert workflow is not None and workflow.name == WORKFLOW and workflow.active
    tasks = [task.specific for task in workflow.tasks.order_by("workflow_tasks__sort_order")]
    assert [[g.name for g in task.groups.all()] for task in tasks] == [["Editors"], ["Community team"]]


# --- The workflow ---------------------------------------------------------------------------------------------------


def test_a_featured_page_goes_live_only_after_editors_then_the_community_team_approve(
    client, editor, team_member, core_group, featured_index
):
    second_editor = StaffUserFactory(groups=[EDITORS])
    client.force_login(editor)

    response = client.post(add_url(featured_index), page_form(core_group, **{"action-submit": "1"}))

    assert response.status_code == 302
    page = FeaturedGroupPage.objects.get(slug="xihu-feature")
    assert not page.live and page.workflow_in_progress
    assert client.get(page.url).status_code == 404
    task = current_task(page)
    assert task.task.name == "编辑审核"

    # The community team cannot take the editors' step (Wagtail answers 403 or sends them to the dashboard).
    client.force_login(team_member)
    assert client.post(approve_url(page, task), {"comment": ""}).status_code in (302, 403)
    assert current_task(page).pk == task.pk and current_task(page).status == "in_progress"
    client.force_login(second_editor)
    assert client.post(approve_url(page, task), {"comment": "文字通顺"}).status_code == 302

    page.refresh_from_db()
    assert not page.live
    task = current_task(page)
    assert task.task.name == "社群运营团队批准"

    # Editors cannot take the community team's step.
    assert client.post(approve_url(page, task), {"comment": ""}).status_code in (302, 403)
    assert current_task(page).pk == task.pk and current_task(page).status == "in_progress"
    page.refresh_from_db()
    assert not page.live
    client.force_login(team_member)
    assert client.post(approve_url(page, task), {"comment": "同意"}).status_code == 302

    page.refresh_from_db()
    assert page.live
    assert not page.workflow_in_progress
    assert client.get(page.url).status_code == 200


@pytest.mark.parametrize("who", ["editor", "team_member"])
def test_staff_cannot_publish_a_featured_page_directly_past_the_workflow(
    request, client, who, core_group, featured_index
):
    client.force_login(request.getfixturevalue(who))

    client.post(add_url(featured_index), page_form(core_group, **{"action-publish": "1"}))

    # Refusing the request or keeping the work as a draft are both fine; going live is not.
    assert not FeaturedGroupPage.objects.live().exists(), f"a {who} published a featured page past the workflow"
    page = FeaturedGroupPage.objects.filter(slug="xihu-feature").first()
    assert page is None or (not page.live and page.live_revision_id is None)


# --- Leaving the core stage -----------------------------------------------------------------------------------------


def test_leaving_the_core_stage_unpublishes_the_page_and_emails_the_editors(
    editor, team_member, staff_user, core_group, mailoutbox, django_capture_on_commit_callbacks
):
    page = FeaturedGroupPageFactory(group=core_group, title="西湖读书会的故事")
    other = FeaturedGroupPageFactory()

    with django_capture_on_commit_callbacks(execute=True):
        set_stage_by_hand(core_group, CommunityGroup.Stage.GROWING, team_member, "最近三个月活动太少")

    page.refresh_from_db()
    assert not page.live
    assert FeaturedGroupPage.objects.get(pk=other.pk).live
    editor_mail = [m for m in mailoutbox if "西湖读书会" in m.subject + m.body]
    assert sorted(m.to[0] for m in editor_mail) == sorted([editor.email, staff_user.email])
    assert all("西湖读书会的故事" in m.body for m in editor_mail)
    assert team_member.email not in {m.to[0] for m in mailoutbox}


def test_moving_between_stages_below_core_touches_no_featured_page(team_member, mailoutbox):
    group = CommunityGroupFactory(stage=CommunityGroup.Stage.NEW)
    core = FeaturedGroupPageFactory()
    set_stage_by_hand(group, CommunityGroup.Stage.GROWING, team_member, "长大了")
    assert FeaturedGroupPage.objects.get(pk=core.pk).live


# --- The home page --------------------------------------------------------------------------------------------------


def test_the_home_page_shows_the_latest_featured_groups_open_calls_upcoming_courses_and_top_entries(client, home_page):
    now = timezone.now()
    features = [FeaturedGroupPageFactory(title=f"精选社群第{i}期") for i in range(4)]
    RecruitmentCallPageFactory(title="开放中的招募")
    RecruitmentCallPageFactory(
        title="已截止的招募", opens_at=now - timedelta(days=9), closes_at=now - timedelta(days=1)
    )
    CoursePageFactory(title="下周的课", sessions=[session(timedelta(days=7))])
    CoursePageFactory(title="上个月的课", sessions=[session(timedelta(days=-30))])
    showcase = ShowcasePageFactory()
    EntryFactory(showcase=showcase, title="最受欢迎", vote_count=9)
    EntryFactory(showcase=showcase, title="第二名", vote_count=5)
    EntryFactory(showcase=showcase, title="还在审核", vote_count=99, status=Entry.Status.PENDING)

    response = client.get(home_page.url)

    html = response.content.decode()
    assert response.status_code == 200
    for title in ("精选社群第3期", "精选社群第2期", "精选社群第1期", "开放中的招募", "下周的课", "最受欢迎", "第二名"):
        assert title in html, title
    for title in ("精选社群第0期", "已截止的招募", "上个月的课", "还在审核"):
        assert title not in html, title
    assert html.index("最受欢迎") < html.index("第二名")
    assert features[3].url in html


def test_the_home_page_shows_a_newly_published_feature_despite_its_cache(client, home_page):
    FeaturedGroupPageFactory(title="第一篇精选")
    assert "第一篇精选" in client.get(home_page.url).content.decode()

    FeaturedGroupPageFactory(title="刚发布的精选")

    assert "刚发布的精选" in client.get(home_page.url).content.decode()


def test_an_unpublished_feature_leaves_the_home_page(client, home_page, team_member):
    group = CommunityGroupFactory(stage=CommunityGroup.Stage.CORE)
    FeaturedGroupPageFactory(group=group, title="将被撤下的精选")
    assert "将被撤下的精选" in client.get(home_page.url).content.decode()

    set_stage_by_hand(group, CommunityGroup.Stage.GROWING, team_member, "不再是核心社群")

    assert "将被撤下的精选" not in client.get(home_page.url).content.decode()
