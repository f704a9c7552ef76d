"""evaluate(): the pure decision from (metrics, rules, history); no database, every case replayable."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from portal.groups.metrics import GroupMetrics
from portal.groups.models import LifecycleRules
from portal.groups.services.lifecycle import CORE, GROWING, NEW, History, evaluate

NOW = datetime(2026, 6, 15, 2, 0, tzinfo=UTC)
LONG_AGO = NOW - timedelta(days=200)
RECENTLY = NOW - timedelta(days=3)

# Exactly the default thresholds (10/5/30%/1/100 to grow; 30/15/40%/4/500 for core).
AT_GROWING = GroupMetrics(members=10, active_members=5, activities=1, points=100)
AT_CORE = GroupMetrics(members=30, active_members=15, activities=4, points=500)
# 90 % of each stage's thresholds, rounded up: the lowest metrics a group keeps its stage with.
KEEPS_GROWING = GroupMetrics(members=9, active_members=5, activities=1, points=90)
KEEPS_CORE = GroupMetrics(members=27, active_members=14, activities=4, points=450)
NOTHING = GroupMetrics()


def rules(**changes):
    """The defaults the community team starts from, as an unsaved settings object."""
    return LifecycleRules(**changes)


def history(stage, changed=LONG_AGO, **fields):
    return History(stage=stage, stage_changed_at=changed, last_activity_at=RECENTLY, founded_at=LONG_AGO, **fields)


def test_new_group_meeting_every_growing_threshold_is_promoted_with_its_reasons():
    decision = evaluate(AT_GROWING, rules(), history(NEW, changed=None), NOW)

    assert (decision.action, decision.to_stage, decision.strikes) == ("promote", GROWING, 0)
    assert {reason["metric"]: (reason["actual"], reason["needed"]) for reason in decision.reasons} == {
        "members": (10, 10),
        "active_members": (5, 5),
        "active_share": (50, 30),
        "activities": (1, 1),
        "points": (100, 100),
    }
    assert all(reason["passed"] for reason in decision.reasons)


@pytest.mark.parametrize(
    "metrics",
    [
        replace(AT_GROWING, members=9),
        replace(AT_GROWING, active_members=4),
        GroupMetrics(members=20, active_members=5, activities=1, points=100),  # 25 % active, needs 30 %
        replace(AT_GROWING, activities=0),
        replace(AT_GROWING, points=99),
    ],
    ids=["members", "active members", "active share", "activities", "points"],
)
def test_new_group_one_short_of_any_threshold_stays_new(metrics):
    decision = evaluate(metrics, rules(), history(NEW, changed=None), NOW)

    assert (decision.action, decision.to_stage) == ("none", NEW)


def test_promotion_goes_one_stage_at_a_time():
    decision = evaluate(AT_CORE, rules(), history(NEW, changed=None), NOW)

    assert (decision.action, decision.to_stage) == ("promote", GROWING)


def test_growing_group_at_core_thresholds_is_proposed_when_the_team_must_confirm():
    decision = evaluate(AT_CORE, rules(core_needs_confirmation=True), history(GROWING), NOW)

    assert (decision.action, decision.to_stage) == ("propose", CORE)
    assert {reason["metric"] for reason in decision.reasons} == {
        "members",
        "active_members",
        "active_share",
        "activities",
        "points",
    }


def test_a_pending_proposal_is_not_proposed_again():
    decision = evaluate(AT_CORE, rules(core_needs_confirmation=True), history(GROWING, proposal_pending=True), NOW)

    assert decision.action == "none"
    assert decision.strikes == 0


def test_growing_group_at_core_thresholds_is_promoted_when_no_confirmation_is_needed():
    decision = evaluate(AT_CORE, rules(core_needs_confirmation=False), history(GROWING), NOW)

    assert (decision.action, decision.to_stage) == ("promote", CORE)


@pytest.mark.parametrize("stage", [GROWING, CORE])
@pytest.mark.parametrize("days", [0, 1, 29])
def test_no_demotion_within_the_grace_period_after_a_promotion(stage, days):
    recent = history(stage, changed=NOW - timedelta(days=days), strikes=5)

    decision = evaluate(NOTHING, rules(grace_days=30, demotion_strikes=1), recent, NOW)

    assert decision.action == "none"
    assert decision.to_stage == stage
    assert decision.strikes == 0


def test_demotion_is_possible_once_the_grace_period_is_over():
    decision = evaluate(NOTHING, rules(grace_days=30, demotion_strikes=1), history(GROWING, NOW - timedelta(30)), NOW)

    assert (decision.action, decision.to_stage) == ("demote", NEW)


@pytest.mark.parametrize(("stage", "below"), [(GROWING, NEW), (CORE, GROWING)])
def test_demotion_needs_the_set_number_of_evaluations_in_a_row(stage, below):
    weak = GroupMetrics(members=1, active_members=0, activities=0, points=0)
    current = history(stage)
    actions = []
    for _day in range(3):
        decision = evaluate(weak, rules(demotion_strikes=3), current, NOW)
        actions.append((decision.action, decision.strikes))
        current = replace(current, strikes=decision.strikes)

    assert actions == [("none", 1), ("none", 2), ("demote", 0)]
    assert decision.to_stage == below
    assert {reason["metric"] for reason in decision.reasons} == {
        "members",
        "active_members",
        "active_share",
        "activities",
        "points",
    }
    assert not any(reason["passed"] for reason in decision.reasons)


@pytest.mark.parametrize(("stage", "keeps"), [(GROWING, KEEPS_GROWING), (CORE, KEEPS_CORE)])
def test_a_group_at_the_demotion_ratio_of_its_thresholds_is_not_struck(stage, keeps):
    decision = evaluate(keeps, rules(), history(stage, strikes=1), NOW)

    assert (decision.action, decision.to_stage, decision.strikes) == ("none", stage, 0)


@pytest.mark.parametrize(
    ("stage", "metrics"),
    [
        (GROWING, replace(KEEPS_GROWING, members=8)),
        (GROWING, replace(KEEPS_GROWING, points=89)),
        (CORE, replace(KEEPS_CORE, active_members=13)),
        (CORE, replace(KEEPS_CORE, activities=3)),
    ],
    ids=["growing members", "growing points", "core active", "core activities"],
)
def test_one_metric_below_the_demotion_ratio_is_a_strike_with_that_reason(stage, metrics):
    decision = evaluate(metrics, rules(), history(stage), NOW)

    assert (decision.action, decision.strikes) == ("none", 1)
    assert len(decision.reasons) == 1
    assert decision.reasons[0]["passed"] is False


def test_strikes_reset_when_the_group_is_back_above_the_ratio():
    struck = evaluate(NOTHING, rules(demotion_strikes=2), history(GROWING), NOW)
    recovered = evaluate(KEEPS_GROWING, rules(demotion_strikes=2), history(GROWING, strikes=struck.strikes), NOW)
    again = evaluate(NOTHING, rules(demotion_strikes=2), history(GROWING, strikes=recovered.strikes), NOW)

    assert struck.strikes == 1
    assert (recovered.action, recovered.strikes) == ("none", 0)
    assert (again.action, again.strikes) == ("none", 1)


def test_new_groups_are_never_demoted_or_struck():
    decision = evaluate(NOTHING, rules(demotion_strikes=1), history(NEW, strikes=3), NOW)

    assert (decision.action, decision.to_stage, decision.strikes) == ("none", NEW, 0)


def quiet(days, **fields):
    return replace(history(GROWING), last_activity_at=NOW - timedelta(days=days), **fields)


@pytest.mark.parametrize(("days", "warn"), [(0, False), (59, False), (60, True), (89, True)])
def test_leaders_are_warned_after_warn_after_days_without_activity(days, warn):
    decision = evaluate(KEEPS_GROWING, rules(warn_after_days=60, dormant_after_days=90), quiet(days), NOW)

    assert decision.warn is warn
    assert decision.dormant is False


def test_the_warning_is_sent_once_per_quiet_spell():
    last = NOW - timedelta(days=70)
    already = quiet(70, warned_at=last + timedelta(days=60))
    new_spell = quiet(61, warned_at=NOW - timedelta(days=65))  # warned before the latest activity

    assert evaluate(KEEPS_GROWING, rules(), already, NOW).warn is False
    assert evaluate(KEEPS_GROWING, rules(), new_spell, NOW).warn is True


@pytest.mark.parametrize(("days", "dormant"), [(89, False), (90, True), (400, True)])
def test_a_group_is_dormant_after_dormant_after_days_and_no_longer_warned(days, dormant):
    decision = evaluate(KEEPS_GROWING, rules(warn_after_days=60, dormant_after_days=90), quiet(days), NOW)

    assert decision.dormant is dormant
    if dormant:
        assert decision.warn is False


def test_a_dormant_group_wakes_up_with_its_next_activity():
    decision = evaluate(KEEPS_GROWING, rules(), quiet(2, dormant=True, warned_at=NOW - timedelta(days=40)), NOW)

    assert (decision.dormant, decision.warn) == (False, False)


def test_a_group_that_never_held_an_activity_counts_quiet_days_from_its_founding():
    founded_long_ago = History(stage=NEW, founded_at=NOW - timedelta(days=61))
    founded_recently = History(stage=NEW, founded_at=NOW - timedelta(days=10))

    assert evaluate(NOTHING, rules(), founded_long_ago, NOW).warn is True
    assert evaluate(NOTHING, rules(), founded_recently, NOW).warn is False
