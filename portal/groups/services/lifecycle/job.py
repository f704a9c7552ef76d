"""The group lifecycle: a pure evaluation of (metrics, rules, history) and the daily job that applies it.

Promotion needs every threshold of the next stage; a promotion to core that the community team must confirm is
proposed, and once declined the group is not proposed again for ``decline_hold_days``. Demotion needs the group
below ``demotion_ratio`` % of its own stage's thresholds on ``demotion_strikes`` evaluations in a row, never within
``grace_days`` of a promotion: the gap between 90 % and 100 % is the hysteresis band in which a group neither rises
nor falls, so stages do not flap. A group with no activity for ``dormant_after_days`` is dormant (left out of the
directory, closed to newcomers) until the night after it next holds one.
The job decides in memory from a fixed set of aggregate queries and writes only what changes, in one transaction
that claims each group for the day: running it twice, or twice at once, applies each decision once, and a crash
leaves nothing half-written. Its query count does not grow with the number of groups.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from website.core.email import email_member
from website.core.jobs import job_lock
from website.core.memo import request_memo
from website.core.page_cache import batched_purges

from .metrics import GroupMetrics, group_metrics, last_activity_times
from .models import Activity, CommunityGroup, LifecycleRules, Membership, StageChange, StageProposal
from .signals import purge_group, stage_changed

NEW, GROWING, CORE = CommunityGroup.Stage.NEW, CommunityGroup.Stage.GROWING, CommunityGroup.Stage.CORE
NEXT_STAGE = {NEW: GROWING, GROWING: CORE}
PREVIOUS_STAGE = {CORE: GROWING, GROWING: NEW}
STAGE_ORDER = {NEW: 0, GROWING: 1, CORE: 2}
METRIC_LABELS = {
    "members": gettext_lazy("Members"),
    "active_members": gettext_lazy("Active members"),
    "active_share": gettext_lazy("Share of active members (%)"),
    "activities": gettext_lazy("Activities held"),
    "points": gettext_lazy("Points earned by members"),
}


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


# --- Applying decisions ---------------------------------------------------------------------------------------------


def _notify_leaders(group, template, context):
    from .services import leaders_of

    for leader in leaders_of(group):
        email_member(leader, template, {"group": group, **context})


def direction_of(from_stage, to_stage):
    """ "promotion" or "demotion": the e-mail's wording follows it, so a demotion is never congratulated."""
    return "promotion" if STAGE_ORDER[to_stage] > STAGE_ORDER[from_stage] else "demotion"


def _notify_stage_changed(group, *, change=None, dormant=False):
    """Tell the leaders about a stage change, the group turning dormant, or both in one e-mail."""
    direction = "dormant" if dormant else direction_of(change.from_stage, change.to_stage)
    context = {"change": change, "direction": direction, "rules": LifecycleRules.load() if dormant else None}
    _notify_leaders(group, "groups/email/stage_changed", context)


def set_stage(group, to_stage, *, reasons, metrics, actor=None, now=None, newly_dormant=False):
    """Change the stage and record why, in the caller's transaction."""
    now = now or timezone.now()
    from_stage = group.stage
    CommunityGroup.objects.filter(pk=group.pk).update(stage=to_stage, stage_changed_at=now, lifecycle_strikes=0)
    change = StageChange.objects.create(
        group=group, from_stage=from_stage, to_stage=to_stage, reasons=reasons, metrics=metrics, actor=actor
    )
    group.stage, group.stage_changed_at, group.lifecycle_strikes = to_stage, now, 0
    _notify_stage_changed(group, change=change, dormant=newly_dormant)
    stage_changed.send(sender=CommunityGroup, group=group, from_stage=from_stage, to_stage=to_stage)
    return change


@dataclass
class RunReport:
    evaluated: int = 0
    skipped: int = 0
    promoted: int = 0
    demoted: int = 0
    proposed: int = 0
    held: int = 0
    warned: int = 0


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


def _chunks(items, size):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _id_batch_size():
    """How many ids one ``pk__in`` may carry next to a few other parameters (SQLite's bound-parameter limit;
    PostgreSQL has none that matters)."""
    limit = connection.features.max_query_params
    return limit - 20 if limit else 50_000


def _latest_activity_subquery(now):
    return Subquery(
        Activity.objects.scheduled()
        .filter(group_id=OuterRef("pk"), starts_at__lte=now)
        .order_by("-starts_at")
        .values("starts_at")[:1]
    )


def _write(outcomes, today, now):
    """Write the run in the caller's transaction, each claimed group's row once: the groups whose lifecycle stays as
    it was get the day's claim and their last activity in one statement (per id batch), the others the same plus
    their changes in one statement per distinct set of changed values (a handful: stage, strikes, dormant, warned);
    then the stage changes and proposals in one insert each. Returns the StageChange of each changed group."""
    same_values = defaultdict(list)
    for outcome in outcomes:
        same_values[tuple(sorted(outcome.fields.items()))].append(outcome.group_id)
    for values, group_ids in same_values.items():
        for ids in _chunks(group_ids, _id_batch_size()):
            CommunityGroup.objects.filter(pk__in=ids).update(
                last_evaluated_on=today, last_activity_at=_latest_activity_subquery(now), **dict(values)
            )
    changes = StageChange.objects.bulk_create(
        StageChange(
            group_id=outcome.group_id,
            from_stage=outcome.history.stage,
            to_stage=outcome.decision.to_stage,
            reasons=outcome.decision.reasons,
            metrics=outcome.metrics.as_dict(),
        )
        for outcome in outcomes
        if outcome.changes_stage
    )
    StageProposal.objects.bulk_create(
        StageProposal(
            group_id=outcome.group_id,
            to_stage=outcome.decision.to_stage,
            reasons=outcome.decision.reasons,
            metrics=outcome.metrics.as_dict(),
        )
        for outcome in outcomes
        if outcome.decision.action == "propose"
    )
    return {change.group_id: change for change in changes}


def _leaders_by_group(group_ids):
    """{group_id: [leader, co-leaders]} of the given groups, in one query."""
    from django.contrib.auth import get_user_model

    leaders = defaultdict(list)
    users = (
        get_user_model()
        .objects.filter(
            memberships__group_id__in=group_ids,
            memberships__state=Membership.State.ACTIVE,
            memberships__role__in=[Membership.Role.LEADER, Membership.Role.CO_LEADER],
        )
        .annotate(leads_group_id=F("memberships__group_id"))
        .order_by("pk")
    )
    for user in users:
        leaders[user.leads_group_id].append(user)
    return leaders


def _notify_after_the_run(groups, outcomes, changes, rules):
    """E-mail the leaders of the groups that changed (stage, dormancy, a warning); run once the run has committed."""
    told = [outcome for outcome in outcomes if outcome.tells_leaders]
    if not told:
        return
    leaders = _leaders_by_group([outcome.group_id for outcome in told])
    for outcome in told:
        group = groups[outcome.group_id]
        for leader in leaders.get(outcome.group_id, []):
            if outcome.decision.warn:
                email_member(leader, "groups/email/inactivity_warning", {"group": group, "rules": rules})
            if outcome.changes_stage or outcome.newly_dormant:
                change = changes.get(outcome.group_id)
                direction = "dormant" if outcome.newly_dormant else direction_of(change.from_stage, change.to_stage)
                context = {"group": group, "change": change, "direction": direction, "rules": rules}
                email_member(leader, "groups/email/stage_changed", context)


def run_evaluation(now=None, group_ids=None):
    """Evaluate every active group once for today. Raises JobAlreadyRunning when another run holds the lock.

    The metrics, last activities and proposals come from a fixed set of aggregate queries before the transaction;
    inside it, one locking read claims the groups still due today (in id order, so two runs never deadlock) and
    returns the state each decision starts from, so a stage changed by hand either commits before that read (and
    is what the job decides from) or waits for the job's commit (and then sees its result). Only the groups whose
    lifecycle changes are written beyond the day's claim; the leaders hear after the commit.
    """
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    report = RunReport()
    with job_lock("groups.evaluate_lifecycle"):
        groups = CommunityGroup.objects.active()
        if group_ids is not None:
            groups = groups.filter(pk__in=group_ids)
        due = Q(last_evaluated_on__isnull=True) | Q(last_evaluated_on__lt=today)
        counted = groups.aggregate(total=Count("pk"), due=Count("pk", filter=due))
        if not counted["due"]:
            report.skipped = counted["total"]
            return report
        rules = LifecycleRules.load()
        all_metrics = group_metrics(group_ids, now=now, days=rules.window_days)
        last_activity = last_activity_times(group_ids, now=now)
        with transaction.atomic():
            states = list(groups.filter(due).select_for_update().order_by("pk").values(*_STATE_FIELDS))
            # Read after the claim, so a proposal the team decided before it is seen as decided.
            pending, declines = open_proposals(rules, now, group_ids)
            outcomes = [
                decide(
                    state,
                    all_metrics.get(state["pk"], GroupMetrics()),
                    rules,
                    now,
                    last_activity_at=last_activity.get(state["pk"]),
                    pending=state["pk"] in pending,
                    declined_at=declines.get(state["pk"]),
                )
                for state in states
            ]
            changes = _write(outcomes, today, now)
            told = {outcome.group_id for outcome in outcomes if outcome.tells_leaders}
            shown = told | {outcome.group_id for outcome in outcomes if "dormant" in outcome.fields}
            changed = CommunityGroup.objects.in_bulk(shown) if shown else {}
            # The directory, home and /activities/ are purged once for the run, not once per changed group; the
            # values every group's paths need (the directory's URL, the site version) are read once.
            with batched_purges(), request_memo():
                for outcome in outcomes:
                    if outcome.changes_stage:
                        stage_changed.send(
                            sender=CommunityGroup,
                            group=changed[outcome.group_id],
                            from_stage=outcome.history.stage,
                            to_stage=outcome.decision.to_stage,
                        )
                    elif "dormant" in outcome.fields:
                        # Dormant groups leave the directory's default view and carry a badge on their page.
                        purge_group(changed[outcome.group_id])
            transaction.on_commit(lambda: _notify_after_the_run(changed, outcomes, changes, rules))
        report.evaluated = len(outcomes)
        report.skipped = counted["total"] - len(outcomes)
        for outcome in outcomes:
            report.promoted += outcome.decision.action == "promote"
            report.demoted += outcome.decision.action == "demote"
            report.proposed += outcome.decision.action == "propose"
            report.held += outcome.decision.action == "hold"
            report.warned += outcome.decision.warn
    return report


def decide_proposal(proposal, actor, *, confirm, note=""):
    """Staff confirm or decline a proposed promotion to core."""
    with transaction.atomic():
        locked = (
            StageProposal.objects.select_for_update()
            .filter(pk=proposal.pk, status=StageProposal.Status.PENDING)
            .first()
        )
        if locked is None:
            raise ValueError(_("This proposal has already been decided."))
        locked.status = StageProposal.Status.CONFIRMED if confirm else StageProposal.Status.DECLINED
        locked.decided_by, locked.decided_at, locked.note = actor, timezone.now(), note[:300]
        locked.save()
        if confirm:
            group = CommunityGroup.objects.select_for_update().get(pk=locked.group_id)
            if PREVIOUS_STAGE.get(locked.to_stage) != group.stage or not group.is_active:
                raise ValueError(_("The group has changed stage since the proposal; decline it instead."))
            reasons = [*locked.reasons, {"confirmed_by_staff": True, "note": note[:300]}]
            set_stage(group, locked.to_stage, reasons=reasons, metrics=locked.metrics, actor=actor)
        log(instance=locked, action="groups.stage.confirm" if confirm else "groups.stage.decline", user=actor)
    return locked


def set_stage_by_hand(group, to_stage, actor, reason):
    if to_stage not in CommunityGroup.Stage.values:
        raise ValueError(to_stage)
    if not reason.strip():
        raise ValueError(_("Give a reason for the change."))
    with transaction.atomic():
        locked = CommunityGroup.objects.select_for_update().get(pk=group.pk)
        if locked.stage == to_stage:
            raise ValueError(_("The group is in that stage already."))
        metrics = group_metrics([locked.pk], days=LifecycleRules.load().window_days).get(locked.pk, GroupMetrics())
        change = set_stage(
            locked,
            to_stage,
            reasons=[{"manual": True, "note": reason.strip()[:300]}],
            metrics=metrics.as_dict(),
            actor=actor,
        )
        log(instance=locked, action="groups.stage.set", user=actor, data={"to": to_stage, "reason": reason[:300]})
    return change


# --- What leaders see -----------------------------------------------------------------------------------------------


@dataclass
class Progress:
    stage: str
    next_stage: str | None
    checks: list
    metrics: GroupMetrics
    strikes: int
    strikes_allowed: int
    keep_checks: list
    warned: bool
    dormant: bool
    proposal_pending: bool
    window_days: int
    # A declined core proposal that still holds the group back: when it was declined, and until when.
    declined_at: datetime | None = None
    proposal_held_until: datetime | None = None


def progress_for(group, now=None):
    """The leaders' checklist: actual numbers against the next stage, and any pending warning."""
    rules = LifecycleRules.load()
    metrics = group_metrics([group.pk], now=now, days=rules.window_days).get(group.pk, GroupMetrics())
    following = NEXT_STAGE.get(group.stage)
    keep = checks(metrics, thresholds(rules, group.stage), rules.demotion_ratio) if group.stage != NEW else []
    now = now or timezone.now()
    pending, declines = open_proposals(rules, now, [group.pk])
    declined_at = declines.get(group.pk) if following == CORE else None
    held_until = proposal_held_until(rules, declined_at)
    if held_until is not None and held_until <= now:
        declined_at = held_until = None
    return Progress(
        stage=group.stage,
        next_stage=following,
        # A core group has no next stage: show its own thresholds, the numbers it must keep.
        checks=checks(metrics, thresholds(rules, following or group.stage)),
        metrics=metrics,
        strikes=group.lifecycle_strikes,
        strikes_allowed=rules.demotion_strikes,
        keep_checks=[check for check in keep if not check.passed],
        warned=group.inactivity_warned_at is not None
        and not group.dormant
        and (group.last_activity_at is None or group.inactivity_warned_at >= group.last_activity_at),
        dormant=group.dormant,
        proposal_pending=group.pk in pending,
        window_days=rules.window_days,
        declined_at=declined_at,
        proposal_held_until=held_until,
    )
