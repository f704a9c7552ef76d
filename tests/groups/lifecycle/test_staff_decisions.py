"""Staff in the Wagtail admin: set a stage by hand with a reason, confirm or decline a proposed core promotion."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from portal.groups.models import Attendance, CommunityGroup, StageChange, StageProposal
from portal.groups.services.lifecycle import run_evaluation
from portal.points.models import DailyTally
from tests.factories import StaffUserFactory
from tests.groups.lifecycle.helpers import build_group, stage_of, zh

NEW, GROWING, CORE = CommunityGroup.Stage.NEW, CommunityGroup.Stage.GROWING, CommunityGroup.Stage.CORE


@pytest.fixture
def editor(db):
    """Staff in the Editors group only: admin access, but no say over groups."""
    return StaffUserFactory(email="editor-only@example.com")


@pytest.fixture
def growing_group(low_rules, leader):
    group = build_group(members=5, active=4, activities=2, points=40, leader=leader)
    CommunityGroup.objects.filter(pk=group.pk).update(
        stage=GROWING, stage_changed_at=timezone.now() - timedelta(days=40)
    )
    group.refresh_from_db()
    return group


@pytest.fixture
def proposal(growing_group):
    run_evaluation()
    return StageProposal.objects.get(group=growing_group)


def set_stage_url(group):
    return reverse("groups_admin:set_stage", args=[group.pk])


def decide_url(proposal):
    return reverse("groups_admin:decide_proposal", args=[proposal.pk])


def test_staff_set_a_stage_by_hand_with_a_reason_recorded_logged_and_told(
    login, team_member, growing_group, leader, django_capture_on_commit_callbacks
):
    client = login(team_member)
    assert client.get(set_stage_url(growing_group)).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(set_stage_url(growing_group), {"stage": CORE, "reason": "  城市旗舰社群，提前扶持  "})

    assert response.status_code == 302
    assert response["Location"] == reverse("groups_communitygroup_modeladmin_index")
    change = StageChange.objects.get(group=growing_group)
    assert (change.from_stage, change.to_stage, change.actor) == (GROWING, CORE, team_member)
    assert change.reasons == [{"manual": True, "note": "城市旗舰社群，提前扶持"}]
    assert change.metrics == {"members": 5, "active_members": 4, "active_share": 80, "activities": 2, "points": 40}
    assert stage_of(growing_group) == CORE
    entry = ModelLogEntry.objects.get(action="groups.stage.set")
    assert (entry.user, entry.object_id) == (team_member, str(growing_group.pk))
    assert entry.data["to"] == CORE
    assert "城市旗舰社群" in entry.data["reason"]
    assert [message.to for message in mail.outbox] == [[leader.email]]


def test_a_stage_set_by_hand_needs_a_reason(login, team_member, growing_group):
    response = login(team_member).post(set_stage_url(growing_group), {"stage": NEW, "reason": ""})

    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert stage_of(growing_group) == GROWING
    assert not StageChange.objects.exists()


def test_setting_the_stage_a_group_is_in_already_is_refused(login, team_member, growing_group):
    response = login(team_member).post(set_stage_url(growing_group), {"stage": GROWING, "reason": "再确认一次"})

    assert response.status_code == 200
    assert zh("The group is in that stage already.") in response.context["form"].non_field_errors()
    assert not StageChange.objects.exists()
    assert not ModelLogEntry.objects.filter(action="groups.stage.set").exists()


def test_an_editor_cannot_set_a_stage(login, editor, growing_group):
    response = login(editor).post(set_stage_url(growing_group), {"stage": CORE, "reason": "越权"})

    assert response.status_code in (302, 403)
    assert response.get("Location", "") != reverse("groups_communitygroup_modeladmin_index")
    assert stage_of(growing_group) == GROWING
    assert not StageChange.objects.exists()


def test_staff_confirm_a_proposal_and_the_group_becomes_core(
    login, team_member, proposal, leader, django_capture_on_commit_callbacks
):
    client = login(team_member)
    page = client.get(decide_url(proposal))
    assert page.status_code == 200
    assert zh("Active members") in page.content.decode()  # the metrics the job saw, by their labels
    assert "active_members" not in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decide_url(proposal), {"decision": "confirm", "note": "数据扎实"})

    assert response["Location"] == reverse("groups_stageproposal_modeladmin_index")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by, proposal.note) == (
        StageProposal.Status.CONFIRMED,
        team_member,
        "数据扎实",
    )
    assert stage_of(proposal.group) == CORE
    change = StageChange.objects.get(group=proposal.group)
    assert (change.from_stage, change.to_stage, change.actor) == (GROWING, CORE, team_member)
    assert {"confirmed_by_staff": True, "note": "数据扎实"} in change.reasons
    assert change.metrics == proposal.metrics
    assert ModelLogEntry.objects.filter(action="groups.stage.confirm", user=team_member).count() == 1
    assert [message.to for message in mail.outbox] == [[leader.email]]


def test_staff_decline_a_proposal_and_nothing_changes(login, team_member, proposal):
    response = login(team_member).post(decide_url(proposal), {"decision": "decline", "note": "活动质量待观察"})

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == StageProposal.Status.DECLINED
    assert stage_of(proposal.group) == GROWING
    assert not StageChange.objects.exists()
    assert ModelLogEntry.objects.filter(action="groups.stage.decline", user=team_member).count() == 1


def test_a_proposal_is_decided_once(login, team_member, proposal):
    client = login(team_member)
    client.post(decide_url(proposal), {"decision": "confirm"})

    again = client.post(decide_url(proposal), {"decision": "decline"})

    assert again.status_code == 200
    assert zh("This proposal has already been decided.") in again.context["form"].non_field_errors()
    assert StageProposal.objects.get(pk=proposal.pk).status == StageProposal.Status.CONFIRMED
    assert StageChange.objects.count() == 1


def test_an_editor_cannot_decide_a_proposal(login, editor, proposal):
    login(editor).post(decide_url(proposal), {"decision": "confirm"})

    assert StageProposal.objects.get(pk=proposal.pk).status == StageProposal.Status.PENDING
    assert stage_of(proposal.group) == GROWING


def test_a_confirmed_core_group_is_not_demoted_within_the_grace_period(login, team_member, proposal):
    login(team_member).post(decide_url(proposal), {"decision": "confirm"})
    Attendance.objects.all().delete()  # the numbers collapse right after the promotion
    DailyTally.objects.all().delete()

    run_evaluation(now=timezone.now() + timedelta(days=1))
    run_evaluation(now=timezone.now() + timedelta(days=2))

    group = CommunityGroup.objects.get(pk=proposal.group_id)
    assert (group.stage, group.lifecycle_strikes) == (CORE, 0)


def test_a_proposal_left_pending_when_the_group_is_demoted_cannot_lift_it_to_core(login, team_member, proposal):
    """The numbers collapse while the team has not looked yet; two nights later the group is demoted to new.
    Confirming the stale proposal must not make a new group core."""
    Attendance.objects.all().delete()
    DailyTally.objects.all().delete()
    run_evaluation(now=timezone.now() + timedelta(days=1))
    run_evaluation(now=timezone.now() + timedelta(days=2))
    assert stage_of(proposal.group) == NEW

    login(team_member).post(decide_url(proposal), {"decision": "confirm", "note": "迟到的确认"})

    assert stage_of(proposal.group) == NEW
    assert not StageChange.objects.filter(group=proposal.group, to_stage=CORE).exists()
