"""What leaders and members see of the lifecycle: the growth checklist, warnings, and each group's stage."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.groups.models import CommunityGroup, Membership, StageProposal
from tests.groups.factories import CommunityGroupFactory, MembershipFactory
from tests.groups.lifecycle.helpers import build_group, zh

GROWING, CORE = CommunityGroup.Stage.GROWING, CommunityGroup.Stage.CORE


def growth_page(client, group):
    response = client.get(reverse("groups:manage_growth", args=[group.slug]))
    assert response.status_code == 200
    return response


def element_containing(html, tag, text):
    """The innermost <tag>...</tag> that contains `text` (fails the test when there is none)."""
    matches = re.findall(rf"<{tag}\b(?:(?!<{tag}\b).)*?{re.escape(text)}.*?</{tag}>", html, re.DOTALL)
    assert matches, f"no <{tag}> containing {text!r}"
    return matches[0]


def test_the_checklist_shows_the_actual_numbers_against_the_next_stage(login, lifecycle_rules, leader):
    group = build_group(members=4, active=2, activities=1, points=60, leader=leader)

    response = growth_page(login(leader), group)

    progress = response.context["progress"]
    assert progress.next_stage == GROWING
    assert {check.metric: (check.actual, check.needed, check.passed) for check in progress.checks} == {
        "members": (4, 10, False),
        "active_members": (2, 5, False),
        "active_share": (50, 30, True),
        "activities": (1, 1, True),
        "points": (60, 100, False),
    }
    html = response.content.decode()
    assert zh("Checklist to become a growing group") in html
    for actual, needed in ((4, 10), (2, 5), (50, 30), (1, 1), (60, 100)):
        assert f"<strong>{actual}</strong> / {needed}" in html
    assert html.count('class="is-done"') == 2
    assert html.count('class="is-missing"') == 3


def test_a_growing_group_sees_the_core_checklist_and_a_pending_proposal(login, lifecycle_rules, leader):
    group = build_group(members=3, active=2, activities=1, points=10, leader=leader)
    CommunityGroup.objects.filter(pk=group.pk).update(stage=GROWING, stage_changed_at=timezone.now())
    StageProposal.objects.create(group=group, to_stage=CORE)

    html = growth_page(login(leader), group).content.decode()

    assert zh("Checklist to become a core group") in html
    assert zh("Proposed for core: the community team is reviewing it.") in html
    assert "<strong>3</strong> / 30" in html


def test_a_pending_inactivity_warning_is_shown_to_leaders(login, lifecycle_rules, leader):
    group = build_group(members=2, active=0, activities=1, points=0, days=65, leader=leader)
    CommunityGroup.objects.filter(pk=group.pk).update(
        last_activity_at=timezone.now() - timedelta(days=65), inactivity_warned_at=timezone.now() - timedelta(days=4)
    )

    html = growth_page(login(leader), group).content.decode()

    assert zh("No activity for a while. Hold one soon, or the group becomes dormant.") in html


def test_a_dormant_group_says_so(login, lifecycle_rules, leader):
    group = build_group(members=2, active=0, activities=1, points=0, days=95, leader=leader)
    CommunityGroup.objects.filter(pk=group.pk).update(dormant=True)

    html = growth_page(login(leader), group).content.decode()

    assert zh("The group is dormant: no activity for a long time. Hold an activity to wake it up.") in html


def test_a_group_below_its_stage_sees_the_strikes_and_what_is_missing(login, lifecycle_rules, leader):
    group = build_group(members=3, active=1, activities=1, points=0, leader=leader)
    CommunityGroup.objects.filter(pk=group.pk).update(
        stage=GROWING, stage_changed_at=timezone.now() - timedelta(days=60), lifecycle_strikes=1
    )

    response = growth_page(login(leader), group)

    keep = {check.metric: (check.actual, check.needed) for check in response.context["progress"].keep_checks}
    assert keep == {"members": (3, 9), "active_members": (1, 5), "points": (0, 90)}
    html = response.content.decode()
    message = zh(
        "The group is below its stage's thresholds (%(n)s of %(max)s evaluations in a row). "
        "It moves down a stage if this continues."
    )
    assert message % {"n": 1, "max": 2} in html
    assert f"{zh('Members')}: 3 / 9" in html


def test_a_group_with_nothing_pending_shows_no_warning(login, lifecycle_rules, leader):
    group = build_group(members=3, active=2, activities=1, points=10, leader=leader)

    html = growth_page(login(leader), group).content.decode()

    assert "alert--warning" not in html
    assert "alert--error" not in html


def test_the_growth_page_lists_the_stage_history(login, lifecycle_rules, leader, team_member):
    from portal.groups.services.lifecycle import set_stage_by_hand

    group = build_group(members=3, active=2, activities=1, points=10, leader=leader)
    set_stage_by_hand(group, GROWING, team_member, "试点社群")

    response = growth_page(login(leader), group)

    assert [(c.from_stage, c.to_stage) for c in response.context["stage_changes"]] == [("new", "growing")]


# --- Members see the stage ------------------------------------------------------------------------------------------


@pytest.fixture
def member_of_three(topic):
    """A member of a new, a growing and a core group."""
    member = MembershipFactory(group=CommunityGroupFactory(name="新来的社群", topic=topic)).member
    for name, stage in (("成长中的社群", GROWING), ("核心社群", CORE)):
        MembershipFactory(group=CommunityGroupFactory(name=name, topic=topic, stage=stage), member=member)
    return member


EXPECTED = {"新来的社群": "New", "成长中的社群": "Growing", "核心社群": "Core"}


def test_the_group_page_shows_the_stage(client, topic):
    group = CommunityGroupFactory(name="核心社群", topic=topic, stage=CORE)

    html = client.get(group.get_absolute_url()).content.decode()

    assert f">{zh('Core', context='group stage')}</span>" in html


def test_my_groups_shows_the_stage_of_each_group(login, member_of_three):
    html = login(member_of_three).get(reverse("groups:mine")).content.decode()

    for name, stage in EXPECTED.items():
        assert f">{zh(stage, context='group stage')}</span>" in element_containing(html, "tr", name), name


def test_the_member_dashboard_shows_the_stage_of_each_group(login, member_of_three):
    response = login(member_of_three).get(reverse("accounts:dashboard"))

    html = response.content.decode()
    panel = element_containing(html, "section", 'id="dash-groups-heading"')
    for name, stage in EXPECTED.items():
        assert f">{zh(stage, context='group stage')}</span>" in element_containing(panel, "li", name), name
    assert Membership.objects.filter(member=member_of_three).count() == 3
