"""Stage changes outside the nightly job, and what leaders see: the community team's answer to a proposal, a
stage set by hand (each recorded with its reason and the metrics it saw), and the leaders' checklist towards the
next stage."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from ...metrics import GroupMetrics, group_metrics
from ...models import CommunityGroup, LifecycleRules, StageChange, StageProposal
from ...notifications import membership as notifications
from ...signals import stage_changed
from .evaluation import (
    CORE,
    GROWING,
    NEW,
    NEXT_STAGE,
    PREVIOUS_STAGE,
    checks,
    direction_of,
    open_proposals,
    proposal_held_until,
    thresholds,
)


def _notify_stage_changed(group, *, change=None, dormant=False):
    """Tell the leaders about a stage change, the group turning dormant, or both in one notification."""
    direction = direction_of(change.from_stage, change.to_stage) if change is not None else ""
    notifications.stage_changed(group, change=change, dormant=dormant, direction=direction)


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

    @property
    def aims_at_growing(self):
        """Whether the checklist leads to the growing stage (else to core, or it is the core group's own)."""
        return self.next_stage == GROWING


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
