"""Property tests of evaluate(): no demotion within the grace period, and no flapping inside the hysteresis band.

A day-by-day simulation feeds evaluate() its own decisions back as history, exactly as the job does: a stage
change resets the clock and the strikes, a proposal stays pending, otherwise the strikes carry over.
"""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from portal.groups.metrics import GroupMetrics
from portal.groups.models import LifecycleRules
from portal.groups.services.lifecycle import CORE, GROWING, NEW, NEXT_STAGE, History, evaluate

START = datetime(2026, 1, 5, 1, 0, tzinfo=UTC)
METRICS = ("members", "active_members", "active_share", "activities", "points")
PROPERTY_SETTINGS = settings(max_examples=100, deadline=None, database=None)


@st.composite
def lifecycle_rules(draw):
    """Any sensible rule set: core thresholds at least the growing ones, metric by metric."""
    growing = {
        "members": draw(st.integers(1, 40)),
        "active_members": draw(st.integers(1, 20)),
        "active_share": draw(st.integers(0, 100)),
        "activities": draw(st.integers(1, 6)),
        "points": draw(st.integers(0, 600)),
    }
    core = {name: value + draw(st.integers(0, 30)) for name, value in growing.items()}
    core["active_share"] = min(100, core["active_share"])
    fields = {f"growing_{name}": value for name, value in growing.items()}
    fields |= {f"core_{name}": value for name, value in core.items()}
    return LifecycleRules(
        **fields,
        core_needs_confirmation=draw(st.booleans()),
        demotion_ratio=draw(st.integers(50, 100)),
        demotion_strikes=draw(st.integers(1, 4)),
        grace_days=draw(st.integers(0, 60)),
    )


def required(rules, stage, ratio=100):
    """What `stage` asks for, scaled by `ratio` and rounded up (an independent restatement of the rules)."""
    if stage == NEW:
        return dict.fromkeys(METRICS, 0)
    prefix = "growing" if stage == GROWING else "core"
    return {name: -(-getattr(rules, f"{prefix}_{name}") * ratio // 100) for name in METRICS}


def meets(metrics, needs):
    values = metrics.as_dict()
    return all(values[name] >= needed for name, needed in needs.items())


metric_values = st.builds(
    GroupMetrics,
    members=st.integers(0, 80),
    active_members=st.integers(0, 40),
    activities=st.integers(0, 10),
    points=st.integers(0, 1500),
).filter(lambda m: m.active_members <= m.members)


def simulate(rules, stage, metrics_by_day, changed_days_ago, strikes=0):
    """Evaluate once a day; returns [(day, history seen, decision)]."""
    current = History(
        stage=stage,
        stage_changed_at=START - timedelta(days=changed_days_ago),
        strikes=strikes,
        last_activity_at=START,
        founded_at=START - timedelta(days=400),
    )
    seen = []
    for day, metrics in enumerate(metrics_by_day):
        now = START + timedelta(days=day)
        decision = evaluate(metrics, rules, replace(current, last_activity_at=now), now)
        seen.append((now, current, decision))
        if decision.action in ("promote", "demote"):
            current = replace(
                current, stage=decision.to_stage, stage_changed_at=now, strikes=0, proposal_pending=False
            )
        elif decision.action == "propose":
            current = replace(current, strikes=decision.strikes, proposal_pending=True)
        else:
            current = replace(current, strikes=decision.strikes)
    return seen


@PROPERTY_SETTINGS
@given(
    rules=lifecycle_rules(),
    stage=st.sampled_from([NEW, GROWING, CORE]),
    changed_days_ago=st.integers(0, 90),
    metrics_by_day=st.lists(metric_values, min_size=1, max_size=45),
)
def test_no_demotion_within_the_grace_period_and_only_after_strikes_in_a_row(
    rules, stage, changed_days_ago, metrics_by_day
):
    seen = simulate(rules, stage, metrics_by_day, changed_days_ago)

    below_in_a_row = 0
    for (now, history, decision), metrics in zip(seen, metrics_by_day, strict=True):
        keeps = meets(metrics, required(rules, history.stage, rules.demotion_ratio))
        in_grace = now - history.stage_changed_at < timedelta(days=rules.grace_days)
        below_in_a_row = below_in_a_row + 1 if history.stage != NEW and not keeps and not in_grace else 0
        if decision.action == "demote":
            assert not in_grace, f"demoted {(now - history.stage_changed_at).days} days after the last change"
            assert below_in_a_row >= rules.demotion_strikes
            assert decision.to_stage == {CORE: GROWING, GROWING: NEW}[history.stage]
        if decision.action in ("promote", "propose"):
            assert decision.to_stage == NEXT_STAGE[history.stage]
            assert meets(metrics, required(rules, decision.to_stage))
        if decision.action in ("promote", "demote"):
            below_in_a_row = 0


@st.composite
def band_case(draw):
    """A stage and metrics that stay inside its hysteresis band: at least the demotion ratio of the stage's own
    thresholds, and short of the next stage's thresholds."""
    rules = draw(lifecycle_rules())
    stage = draw(st.sampled_from([NEW, GROWING, CORE]))
    floor = required(rules, stage, rules.demotion_ratio)
    ceiling = required(rules, NEXT_STAGE[stage]) if stage in NEXT_STAGE else None

    def one_day(draw_day):
        members = draw_day(st.integers(max(floor["members"], floor["active_members"], 1), floor["members"] + 60))
        lowest_active = max(floor["active_members"], -(-floor["active_share"] * members // 100))
        active = draw_day(st.integers(lowest_active, members))
        metrics = GroupMetrics(
            members=members,
            active_members=active,
            activities=draw_day(st.integers(floor["activities"], floor["activities"] + 8)),
            points=draw_day(st.integers(floor["points"], floor["points"] + 800)),
        )
        return metrics

    metrics_by_day = []
    for _day in range(draw(st.integers(1, 30))):
        metrics = one_day(draw)
        if ceiling is not None and meets(metrics, ceiling):
            continue  # at the next stage's thresholds: outside the band
        metrics_by_day.append(metrics)
    return rules, stage, metrics_by_day


@PROPERTY_SETTINGS
@given(case=band_case(), changed_days_ago=st.integers(0, 120), strikes=st.integers(0, 3))
def test_no_stage_change_and_no_strike_while_metrics_stay_in_the_hysteresis_band(case, changed_days_ago, strikes):
    rules, stage, metrics_by_day = case
    for metrics in metrics_by_day:  # the generator's own promise, checked independently
        assert meets(metrics, required(rules, stage, rules.demotion_ratio))

    seen = simulate(rules, stage, metrics_by_day, changed_days_ago, strikes=min(strikes, rules.demotion_strikes - 1))

    for _now, history, decision in seen:
        assert history.stage == stage
        assert decision.action == "none", (decision.action, history.stage, decision.reasons)
        assert decision.strikes == 0


@PROPERTY_SETTINGS
@given(
    rules=lifecycle_rules(),
    band_metrics=st.data(),
)
def test_a_group_oscillating_between_its_thresholds_and_the_ratio_never_flaps(rules, band_metrics):
    """Promoted at exactly the thresholds, then hovering just above the ratio: it stays where it was promoted."""
    exact = required(rules, GROWING)
    at_threshold = GroupMetrics(
        members=max(exact["members"], exact["active_members"], 1),
        active_members=max(exact["active_members"], -(-exact["active_share"] * max(exact["members"], 1) // 100)),
        activities=exact["activities"],
        points=exact["points"],
    )
    if at_threshold.active_members > at_threshold.members:
        at_threshold = replace(at_threshold, members=at_threshold.active_members)
    floor = required(rules, GROWING, rules.demotion_ratio)
    ceiling = required(rules, CORE)
    just_above = GroupMetrics(
        members=max(floor["members"], at_threshold.active_members),
        active_members=at_threshold.active_members,
        activities=floor["activities"],
        points=floor["points"],
    )
    sequence = [at_threshold] + [
        band_metrics.draw(st.sampled_from([at_threshold, just_above]))
        for _ in range(band_metrics.draw(st.integers(1, 40)))
    ]
    if meets(at_threshold, ceiling) or not meets(just_above, floor) or not meets(at_threshold, exact):
        return  # this rule set leaves no room for the scenario (e.g. core thresholds equal the growing ones)

    seen = simulate(rules, NEW, sequence, changed_days_ago=0)

    assert [decision.action for _now, _history, decision in seen] == ["promote"] + ["none"] * (len(sequence) - 1)
    assert seen[-1][2].to_stage == GROWING
