"""The admin as a Simplified Chinese editor sees it: Wagtail's own wording, and no English left on the screens.

Each screen is rendered through the test client as a superuser and read like a person would read it (tests/i18n/
english.py): any English word that is not a brand, an abbreviation or data fails the test. English that comes from a
gap in Wagtail's catalogue is translated through website/core/admin_strings.py; English from the project is fixed at
its source.
"""

import json
import re

import pytest
from django.utils import translation
from wagtail.models import Page, Workflow
from wagtail.users.models import UserProfile

from courses.models import CourseIndexPage
from portal.groups.models import CommunityGroup, StageChange, StageProposal, Topic
from portal.points import services as points
from portal.points.models import PointBalance, Reward
from recruitment.models import Application
from tests.factories import StaffUserFactory
from tests.groups.factories import CommunityGroupFactory, GroupApplicationFactory, JoinRequestFactory, MemberFactory
from tests.groups.lifecycle.factories import ActivityFactory
from tests.i18n.english import english_on_page, english_words
from tests.page_factories import CoursePageFactory, EntryFactory, RecruitmentCallPageFactory, original
from website.showcases.models import Entry

pytestmark = pytest.mark.django_db

REASONS = [
    {"metric": "members", "actual": 31, "needed": 30, "passed": True},
    {"metric": "active_members", "actual": 19, "needed": 15, "passed": True},
    {"metric": "active_share", "actual": 61, "needed": 40, "passed": True},
    {"metric": "activities", "actual": 4, "needed": 4, "passed": True},
    {"metric": "points", "actual": 970, "needed": 500, "passed": True},
]
METRICS = {"members": 31, "active_members": 19, "activities": 4, "points": 970, "active_share": 61}


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def superuser(db):
    return StaffUserFactory(email="root@example.com", display_name="超级管理员", is_superuser=True, groups=[])


@pytest.fixture
def zh_admin(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def records(superuser):
    """One of each record the project's admin screens list, with a course page in a workflow."""
    leader, member = MemberFactory(display_name="群主阿青"), MemberFactory(display_name="成员小周")
    group = CommunityGroupFactory(name="周末读书会", leader=leader, members=3, stage=CommunityGroup.Stage.GROWING)
    change = StageChange.objects.create(
        group=group, from_stage="new", to_stage="growing", reasons=REASONS, metrics=METRICS
    )
    proposal = StageProposal.objects.create(group=group, to_stage="core", reasons=REASONS, metrics=METRICS)
    application = GroupApplicationFactory()
    JoinRequestFactory(group=group, member=member)
    ActivityFactory(group=group)

    points.adjust(member, 500, reason="活动奖励", actor=superuser)
    reward = Reward.objects.create(name="社群帆布袋", cost=30, stock=5, description="印着社群标志的帆布袋")
    redemption = points.redeem(member, reward, recipient_name="小周", phone="13800000000", address="杭州市湖滨路 1 号")
    entry = member.point_entries.order_by("pk").first()

    course = CoursePageFactory(title="水彩入门")
    workflow = Workflow.objects.filter(active=True).first()
    if workflow is not None:
        workflow.start(course, superuser)
    call = RecruitmentCallPageFactory(title="招募新群主")
    Application.objects.create(call=call, member=member, answers=[])
    EntryFactory(title="湖边的早晨", status=Entry.Status.PENDING)

    return {
        "group": group,
        "change": change,
        "proposal": proposal,
        "application": application,
        "balance": PointBalance.objects.get(member=member),
        "entry": entry,
        "redemption": redemption,
        "course": course,
        "course_index": original(CourseIndexPage),
        "call": call,
    }


SCREENS = {
    "dashboard": lambda r: "/admin/",
    "explorer-root": lambda r: "/admin/pages/",
    "explorer-section": lambda r: f"/admin/pages/{r['course_index'].pk}/",
    "add-course": lambda r: f"/admin/pages/add/courses/coursepage/{r['course_index'].pk}/",
    "edit-course": lambda r: f"/admin/pages/{r['course'].pk}/edit/",
    "workflows": lambda r: "/admin/workflows/list/",
    "workflow-tasks": lambda r: "/admin/workflows/tasks/index/",
    "workflow-history": lambda r: f"/admin/pages/{r['course'].pk}/workflow_history/",
    "groups": lambda r: "/admin/groups/communitygroup/",
    "group-inspect": lambda r: f"/admin/groups/communitygroup/inspect/{r['group'].pk}/",
    "group-edit": lambda r: f"/admin/groups/communitygroup/edit/{r['group'].pk}/",
    "group-applications": lambda r: "/admin/groups/groupapplication/",
    "group-application-decide": lambda r: f"/admin/community/applications/{r['application'].pk}/decide/",
    "memberships": lambda r: "/admin/groups/membership/",
    "join-requests": lambda r: "/admin/groups/joinrequest/",
    "activities": lambda r: "/admin/groups/activity/",
    "topics": lambda r: "/admin/groups/topic/",
    "stage-changes": lambda r: "/admin/groups/stagechange/",
    "stage-change-inspect": lambda r: f"/admin/groups/stagechange/inspect/{r['change'].pk}/",
    "core-proposals": lambda r: "/admin/groups/stageproposal/",
    "core-proposal-inspect": lambda r: f"/admin/groups/stageproposal/inspect/{r['proposal'].pk}/",
    "core-proposal-decide": lambda r: f"/admin/community/proposals/{r['proposal'].pk}/decide/",
    "set-stage": lambda r: f"/admin/community/groups/{r['group'].pk}/stage/",
    "archive-group": lambda r: f"/admin/community/groups/{r['group'].pk}/archive/",
    "point-rules": lambda r: "/admin/points/pointrule/",
    "ledger": lambda r: "/admin/points/pointentry/",
    "ledger-inspect": lambda r: f"/admin/points/pointentry/inspect/{r['entry'].pk}/",
    "balances": lambda r: "/admin/points/pointbalance/",
    "adjust": lambda r: f"/admin/points-actions/balances/{r['balance'].pk}/adjust/",
    "rewards": lambda r: "/admin/points/reward/",
    "redemptions": lambda r: "/admin/points/redemption/",
    "redemption-handle": lambda r: f"/admin/points-actions/redemptions/{r['redemption'].pk}/handle/",
    "insights": lambda r: "/admin/insights/",
    "showcase-moderation": lambda r: "/admin/snippets/showcases/entry/",
    "recruitment-applications": lambda r: "/admin/recruitment/application/",
    "recruitment-review": lambda r: f"/admin/recruitment/calls/{r['call'].pk}/review/",
    "enrolments": lambda r: "/admin/courses/enrolment/",
}


def sidebar_labels(html):
    """The labels of the admin sidebar, from the JSON its script builds the menu from."""
    match = re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S)
    assert match, "the sidebar's props are missing"
    labels = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "label" and isinstance(value, str):
                    labels.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(match.group(1)))
    return labels


def test_sidebar_uses_wagtails_words(zh_admin, records):
    labels = sidebar_labels(zh_admin.get("/admin/").content.decode())

    assert "页面" in labels  # Wagtail's "Pages", once the project's pagination label (分页)
    assert "分页" not in labels
    assert "社群" in labels  # the project's own menu, with its "community group" context
    assert english_words(labels) == {}


def test_add_page_header_says_new_as_wagtail_does(zh_admin, records):
    html = zh_admin.get(SCREENS["add-course"](records)).content.decode()
    new = translation.gettext("New")

    assert new != "初建"  # the project's group stage took over Wagtail's "New"
    assert f"{new}: 课程" in re.sub(r"\s+", " ", html)
    assert "初建" not in html


def test_history_means_history_in_the_admin_and_points_history_for_members():
    assert translation.gettext("History") == "历史"
    assert translation.pgettext("points ledger", "History") == "积分明细"


@pytest.mark.parametrize("screen", SCREENS)
def test_no_english_left_on_the_screen(zh_admin, records, screen):
    response = zh_admin.get(SCREENS[screen](records))

    assert response.status_code == 200
    # Topic slugs are data the migrations create in Latin letters, shown in the topics listing.
    found = english_on_page(response.content.decode(), allowed=Topic.objects.values_list("slug", flat=True))
    assert not found, "English on the screen:\n" + "\n".join(f"{word!r} in {text!r}" for word, text in found.items())


def test_lifecycle_screens_show_stage_and_metric_labels_not_codes(client, superuser, records):
    """In English too, where a code like "active_members" would not stand out as untranslated."""
    profile = UserProfile.get_for_user(superuser)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(superuser)

    changes = client.get("/admin/groups/stagechange/").content.decode()
    proposal = client.get(SCREENS["core-proposal-decide"](records)).content.decode()
    inspect = client.get(SCREENS["core-proposal-inspect"](records)).content.decode()

    assert "Growing" in changes and ">growing<" not in changes
    assert "Active members" in proposal and "active_members" not in proposal
    assert "Active members: 19" in inspect and "active_members" not in inspect


def test_english_words_ignores_data_and_finds_copy():
    assert english_words(["root@example.com", "group-3", "v7.4", "42 CSV", "Wagtail", "Ctrl + s"]) == {}
    assert set(english_words(["Date updated", "更新于 Root"])) == {"Date", "updated", "Root"}


def test_root_page_has_a_chinese_title():
    assert Page.objects.get(depth=1).title == "根目录"
