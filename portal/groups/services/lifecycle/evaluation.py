"""The lifecycle's evaluation: a pure function of (metrics, rules, history) that decides a group's stage.

Promotion needs every threshold of the next stage; a promotion to core that the community team must confirm is
proposed, and once declined the group is not proposed again for ``decline_hold_days``. Demotion needs the group
below ``demotion_ratio`` % of its own stage's thresholds on ``demotion_strikes`` evaluations in a row, never within
``grace_days`` of a promotion: the gap between 90 % and 100 % is the hysteresis band in which a group neither rises
nor falls, so stages do not flap. A group with no activity for ``dormant_after_days`` is dormant (left out of the
directory, closed to newcomers) until the night after it next holds one."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Q

from ...metrics import GroupMetrics
from ...models import CommunityGroup, StageProposal
from ...models.lifecycle import METRIC_LABELS

NEW, GROWING, CORE = CommunityGroup.Stage.NEW, CommunityGroup.Stage.GROWING, CommunityGroup.Stage.CORE
NEXT_STAGE = {NEW: GROWING, GROWING: CORE}


PREVIOUS_STAGE = {CORE: GROWING, GROWING: NEW}


STAGE_ORDER = {NEW: 0, GROWING: 1, CORE: 2}


def thresholds(rules, stage):
    """What a group must reach to enter ``stage`` (and keep, within the demotion ratio, to stay there)."""
    if stage == NEW:
        return {}
    prefix = "growing" if stage == GROWING else "core"
    return {name: getattr(rules, f"{prefix}_{name}") for name in METRIC_LABELS}


@dataclass(frozen=True)
class Check:
    metric: str
    actual: int
    needed: int

    @property
    def passed(self):
        return self.actual >= self.needed

    @property
    def label(self):
        return METRIC_LABELS[self.metric]

    def as_reason(self):
        return {"metric": self.metric, "actual": self.actual, "needed": self.needed, "passed": self.passed}


def checks(metrics, wanted, ratio=100):
    values = metrics.as_dict()
    # Ceiling of the scaled threshold, so 90 % of 5 means 5 (4.5 rounded up), never a softer bar.
    return [Check(name, values[name], -(-needed * ratio // 100)) for name, needed in wanted.items()]


@dataclass(frozen=True)
class History:
    stage: str
    stage_changed_at: datetime | None = None
    strikes: int = 0
    last_activity_at: datetime | None = None
    founded_at: datetime | None = None
    warned_at: datetime | None = None
    dormant: bool = False
    proposal_pending: bool = False
    # When the community team last declined a proposal for this group: it holds the next proposal back.
    declined_at: datetime | None = None


def proposal_held_until(rules, declined_at):
    """Until when a declined proposal keeps the group from being proposed again; None when nothing holds it."""
    if declined_at is None:
        return None
    return declined_at + timedelta(days=rules.decline_hold_days)


@dataclass(frozen=True)
class Decision:
    action: str  # none | promote | propose | hold | demote
    to_stage: str
    strikes: int
    reasons: list = field(default_factory=list)
    warn: bool = False
    dormant: bool = False


def evaluate(metrics: GroupMetrics, rules, history: History, now) -> Decision:
    """Decide one group's stage; pure, so every decision can be replayed and explained from what it saw."""
    quiet_since = history.last_activity_at or history.stage_changed_at or history.founded_at or now
    quiet_days = (now - quiet_since).days
    dormant = quiet_days >= rules.dormant_after_days
    already_warned = history.warned_at is not None and history.warned_at >= quiet_since
    warn = not dormant and quiet_days >= rules.warn_after_days and not already_warned

    following = NEXT_STAGE.get(history.stage)
    if following:
        promotion = checks(metrics, thresholds(rules, following))
        if all(check.passed for check in promotion):
            reasons = [check.as_reason() for check in promotion]
            if following == CORE and rules.core_needs_confirmation:
                held_until = proposal_held_until(rules, history.declined_at)
                if history.proposal_pending:
                    action = "none"
                elif held_until is not None and now < held_until:
                    action = "hold"
                else:
                    action = "propose"
                return Decision(action, following, 0, reasons, warn, dormant)
            return Decision("promote", following, 0, reasons, warn, dormant)

    if history.stage == NEW:
        return Decision("none", NEW, 0, [], warn, dormant)

    in_grace = history.stage_changed_at is not None and now - history.stage_changed_at < timedelta(
        days=rules.grace_days
    )
    keep = checks(metrics, thresholds(rules, history.stage), rules.demotion_ratio)
    below = [check for check in keep if not check.passed]
    if in_grace or not below:
        return Decision("none", history.stage, 0, [], warn, dormant)
    strikes = history.strikes + 1
    reasons = [check.as_reason() for check in below]
    if strikes >= rules.demotion_strikes:
        return Decision("demote", PREVIOUS_STAGE[history.stage], 0, reasons, warn, dormant)
    return Decision("none", history.stage, strikes, reasons, warn, dormant)


def open_proposals(rules, now, group_ids=None):
    """What the proposals say about the groups, in one query: (groups with a pending proposal, {group_id: when its
    latest declined proposal was decided} for the declines recent enough to hold a group back)."""
    proposals = StageProposal.objects.filter(
        Q(status=StageProposal.Status.PENDING)
        | Q(status=StageProposal.Status.DECLINED, decided_at__gt=now - timedelta(days=rules.decline_hold_days))
    )
    if group_ids is not None:
        proposals = proposals.filter(group_id__in=group_ids)
    pending, declined = set(), {}
    for group_id, status, decided_at in proposals.values_list("group_id", "status", "decided_at"):
        if status == StageProposal.Status.PENDING:
            pending.add(group_id)
        elif group_id not in declined or decided_at > declined[group_id]:
            declined[group_id] = decided_at
    return pending, declined


def direction_of(from_stage, to_stage):
    """ "promotion" or "demotion": the e-mail's wording follows it, so a demotion is never congratulated."""
    return "promotion" if STAGE_ORDER[to_stage] > STAGE_ORDER[from_stage] else "demotion"


# What the job reads of each group, in one query, and what evaluate() needs of it.
_STATE_FIELDS = (
    "pk",
    "stage",
    "stage_changed_at",
    "lifecycle_strikes",
    "founded_at",
    "inactivity_warned_at",
    "dormant",
)


@dataclass
class Outcome:
    """One group's decision and what it writes: ``fields`` for the group row (empty when nothing changes)."""

    group_id: int
    history: History
    decision: Decision
    metrics: GroupMetrics
    fields: dict

    @property
    def changes_stage(self):
        return self.decision.action in ("promote", "demote")

    @property
    def newly_dormant(self):
        return self.decision.dormant and not self.history.dormant

    @property
    def tells_leaders(self):
        return self.changes_stage or self.newly_dormant or self.decision.warn


def decide(state, metrics, rules, now, *, last_activity_at, pending, declined_at):
    """The decision for one group from its row (a dict of _STATE_FIELDS) and what it writes; no queries."""
    history = History(
        stage=state["stage"],
        stage_changed_at=state["stage_changed_at"],
        strikes=state["lifecycle_strikes"],
        last_activity_at=last_activity_at,
        founded_at=state["founded_at"],
        warned_at=state["inactivity_warned_at"],
        dormant=state["dormant"],
        proposal_pending=pending,
        declined_at=declined_at,
    )
    decision = evaluate(metrics, rules, history, now)
    fields = {}
    if decision.action in ("promote", "demote"):
        fields.update(stage=decision.to_stage, stage_changed_at=now, lifecycle_strikes=0)
    elif decision.strikes != history.strikes:
        fields["lifecycle_strikes"] = decision.strikes
    if decision.dormant != history.dormant:
        fields["dormant"] = decision.dormant
    if decision.warn:
        fields["inactivity_warned_at"] = now
    return Outcome(state["pk"], history, decision, metrics, fields)
