"""Every ledger entry records the group it was earned in: awards, reversals, the group tallies and their proof."""

import io
from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps as live_apps
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from portal.groups import services as group_services
from portal.groups.services import activities as activity_services
from portal.points import services
from portal.points.management.commands.reconcile_points import find_drift
from portal.points.models import DailyTally, PointEntry, ScopeDailyTally
from tests.groups.factories import CommunityGroupFactory, JoinRequestFactory, MemberFactory
from tests.groups.lifecycle.factories import ActivityFactory
from tests.points.conftest import earn_in_group

pytestmark = pytest.mark.django_db

backfill = import_module("portal.points.migrations.0004_backfill_entry_scope")


def scope_tally(member, group):
    return sum(ScopeDailyTally.objects.filter(member=member, scope_id=group.pk).values_list("earned", flat=True))


def test_an_award_records_its_group_given_as_a_group_or_an_id(member):
    group = CommunityGroupFactory()
    by_object = services.award(member, "activity_attended", ActivityFactory(group=group), scope=group)
    by_id = services.award(member, "activity_hosted", ActivityFactory(group=group), scope=group.pk)

    assert (by_object.scope_id, by_id.scope_id) == (group.pk, group.pk)
    assert scope_tally(member, group) == by_object.amount + by_id.amount


def test_site_wide_awards_spending_and_adjustments_have_no_group(member, team_member):
    signup = services.award(member, "email_verified", member)
    grant = services.adjust(member, 30, reason="补发", actor=team_member)
    spent = services.spend(member, 5)

    assert [signup.scope_id, grant.scope_id, spent.scope_id] == [None, None, None]
    assert not ScopeDailyTally.objects.exists()


def test_a_reversal_keeps_the_group_of_the_entry_it_undoes(member, team_member):
    group = CommunityGroupFactory()
    entry = earn_in_group(member, group, 40)

    reversal = services.reverse(entry, actor=team_member, reason="误签到")

    assert reversal.scope_id == group.pk
    assert scope_tally(member, group) == 0
    assert not find_drift()["scope_tallies"]


def test_the_group_actions_hand_their_group_to_the_ledger(rules_for_groups):
    group = CommunityGroupFactory(join_policy="approval", leader=(leader := MemberFactory()))
    request = JoinRequestFactory(group=group)
    group_services.approve_requests(group, leader, [request])
    activity = ActivityFactory(group=group, starts_at=timezone.now() - timedelta(hours=1))
    activity_services.mark_attendance(activity, [request.member_id])

    scopes = dict(PointEntry.objects.values_list("rule__code", "scope_id"))
    assert scopes["group_joined"] == group.pk
    assert scopes["join_request_handled"] == group.pk
    assert scopes["activity_attended"] == group.pk


@pytest.fixture
def rules_for_groups(db):
    from portal.groups.models import GroupRules

    return GroupRules.load()


# --- reconciliation -------------------------------------------------------------------------------------------------


def test_reconcile_detects_a_drifted_group_tally_and_fix_repairs_it(member):
    group = CommunityGroupFactory()
    earn_in_group(member, group, 40)
    ScopeDailyTally.objects.filter(member=member).update(earned=F("earned") + 7)

    with pytest.raises(SystemExit) as exit_info:
        call_command("reconcile_points", stdout=io.StringIO())
    assert exit_info.value.code == 1

    out = io.StringIO()
    call_command("reconcile_points", "--fix", stdout=out)
    assert "1 group tallies drifted" in out.getvalue()
    assert scope_tally(member, group) == 40
    call_command("reconcile_points", stdout=io.StringIO())  # exits 0 now


def test_reconcile_recreates_a_missing_group_tally(member):
    group = CommunityGroupFactory()
    earn_in_group(member, group, 25)
    ScopeDailyTally.objects.all().delete()

    assert len(find_drift()["scope_tallies"]) == 1
    call_command("reconcile_points", "--fix", stdout=io.StringIO())
    assert scope_tally(member, group) == 25


# --- back-fill of existing entries ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "app_label", "model", "field"),
    [
        ("activity_attended", "groups", "activity", "group_id"),
        ("activity_hosted", "groups", "Activity", "group_id"),
        ("join_request_handled", "groups", "joinrequest", "group_id"),
        ("group_joined", "groups", "communitygroup", "pk"),
        ("monthly_top3", "groups", "monthlygroupwinner", "group_id"),
        ("group_founded", "groups", "communitygroup", None),
        ("email_verified", "accounts", "user", None),
        ("showcase_entry", "showcases", "entry", None),
        ("course_completed", "courses", "coursepage", None),
    ],
)
def test_the_back_fill_maps_each_source_to_its_group(rule, app_label, model, field):
    assert backfill.scope_field_for(rule, app_label, model) == field


def test_the_back_fill_gives_old_entries_their_group_and_rebuilds_the_group_tallies(member, team_member):
    group = CommunityGroupFactory(founder=member)
    activity = ActivityFactory(group=group)
    request = JoinRequestFactory(group=group)
    # Entries written before the scope existed: the same rules and sources, without a group.
    attended = services.award(member, "activity_attended", activity)
    handled = services.award(member, "join_request_handled", request)
    joined = services.award(member, "group_joined", group)
    founded = services.award(member, "group_founded", group)
    undone = services.reverse(attended, actor=team_member)
    assert not ScopeDailyTally.objects.exists()

    backfill.backfill_scopes(live_apps, None)

    scopes = dict(PointEntry.objects.values_list("pk", "scope_id"))
    assert scopes[attended.pk] == scopes[handled.pk] == scopes[joined.pk] == scopes[undone.pk] == group.pk
    assert scopes[founded.pk] is None
    assert scope_tally(member, group) == handled.amount + joined.amount
    assert not find_drift()["scope_tallies"]
    assert DailyTally.objects.filter(member=member).exists()
