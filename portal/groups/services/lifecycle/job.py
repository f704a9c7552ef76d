"""The daily lifecycle job: evaluates every active group once a day and writes only what changes.

The job decides in memory from a fixed set of aggregate queries and writes only what changes, in one transaction
that claims each group for the day: running it twice, or twice at once, applies each decision once, and a crash
leaves nothing half-written. Its query count does not grow with the number of groups."""

from collections import defaultdict
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils import timezone

from website.core.email import email_member
from website.core.jobs import job_lock
from website.core.memo import request_memo
from website.core.page_cache import batched_purges

from ...metrics import GroupMetrics, group_metrics, last_activity_times
from ...models import Activity, CommunityGroup, LifecycleRules, Membership, StageChange, StageProposal
from ...notifications import membership as notifications
from ...signals import purge_group, stage_changed
from .evaluation import _STATE_FIELDS, decide, direction_of, open_proposals


@dataclass
class RunReport:
    evaluated: int = 0
    skipped: int = 0
    promoted: int = 0
    demoted: int = 0
    proposed: int = 0
    held: int = 0
    warned: int = 0


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
    """Tell the leaders of the groups that changed (stage, dormancy, a warning); run once the run has committed."""
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
            notifications.stage_changed(
                group,
                change=change,
                dormant=outcome.newly_dormant,
                direction=direction_of(change.from_stage, change.to_stage) if change is not None else "",
                leaders=leaders.get(outcome.group_id, []),
                rules=rules,
            )


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
