"""The group lifecycle: the rules the community team sets, and the record of every stage change and proposal."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from .groups import CommunityGroup

__all__ = ["LifecycleRules", "StageChange", "StageProposal"]

# The metrics a stage asks for, by the code the evaluation stores (services.lifecycle), with what staff read.
METRIC_LABELS = {
    "members": _("Members"),
    "active_members": _("Active members"),
    "active_share": _("Share of active members (%)"),
    "activities": _("Activities held"),
    "points": _("Points earned by members"),
}


def _stage_label(code):
    from .groups import CommunityGroup

    return dict(CommunityGroup.Stage.choices).get(code, code)


class ExplainedDecision:
    """Shows the stored reasons and metrics of a stage decision in words: the codes ("members", "active_members")
    are what the evaluation stores, the labels are what staff read on the admin screens."""

    def metric_checks(self):
        return [
            {**reason, "label": METRIC_LABELS.get(reason["metric"], reason["metric"])}
            for reason in self.reasons
            if reason.get("metric")
        ]

    def get_reasons_display(self):
        lines = [
            gettext("%(metric)s: %(actual)s (needed %(needed)s)")
            % {"metric": check["label"], "actual": check["actual"], "needed": check["needed"]}
            for check in self.metric_checks()
        ]
        for reason in self.reasons:
            note = reason.get("note") or ""
            if reason.get("manual"):
                lines.append(gettext("Set by hand: %(note)s") % {"note": note})
            elif reason.get("confirmed_by_staff"):
                lines.append(
                    gettext("Confirmed by the community team: %(note)s") % {"note": note}
                    if note
                    else gettext("Confirmed by the community team")
                )
        return pgettext("list separator", "; ").join(lines) if lines else "—"

    def get_metrics_display(self):
        values = [
            gettext("%(metric)s: %(value)s") % {"metric": METRIC_LABELS.get(name, name), "value": value}
            for name, value in self.metrics.items()
        ]
        return pgettext("list separator", "; ").join(values) if values else "—"


def _threshold_panel(prefix, heading):
    return MultiFieldPanel(
        [
            FieldRowPanel([FieldPanel(f"{prefix}_members"), FieldPanel(f"{prefix}_active_members")]),
            FieldRowPanel([FieldPanel(f"{prefix}_active_share"), FieldPanel(f"{prefix}_activities")]),
            FieldPanel(f"{prefix}_points"),
        ],
        heading=heading,
    )


def _percent(**kwargs):
    return models.PositiveSmallIntegerField(validators=[MinValueValidator(0), MaxValueValidator(100)], **kwargs)


@register_setting(icon="history")
class LifecycleRules(BaseGenericSetting):
    """Promotion thresholds over a rolling window, demotion with hysteresis and grace, inactivity warnings."""

    window_days = models.PositiveSmallIntegerField(_("window (days)"), default=30, validators=[MinValueValidator(7)])
    # new -> growing
    growing_members = models.PositiveSmallIntegerField(_("members"), default=10)
    growing_active_members = models.PositiveSmallIntegerField(_("active members"), default=5)
    growing_active_share = _percent(verbose_name=_("active share (%)"), default=30)
    growing_activities = models.PositiveSmallIntegerField(_("activities held"), default=1)
    growing_points = models.PositiveIntegerField(_("points earned by members"), default=100)
    # growing -> core
    core_members = models.PositiveSmallIntegerField(_("members"), default=30)
    core_active_members = models.PositiveSmallIntegerField(_("active members"), default=15)
    core_active_share = _percent(verbose_name=_("active share (%)"), default=40)
    core_activities = models.PositiveSmallIntegerField(_("activities held"), default=4)
    core_points = models.PositiveIntegerField(_("points earned by members"), default=500)
    core_needs_confirmation = models.BooleanField(
        _("core promotion needs the community team's confirmation"), default=True
    )
    decline_hold_days = models.PositiveSmallIntegerField(
        _("after a declined proposal, propose again after (days)"),
        default=30,
        help_text=_(
            "When the community team declines a core proposal, the nightly evaluation proposes the group again "
            "only after this many days, so the same proposal does not come back the next night."
        ),
    )
    # Demotion and inactivity
    demotion_ratio = _percent(
        # xgettext:no-python-format
        verbose_name=_("demotion below (% of the stage's thresholds)"),
        default=90,
        help_text=_("A group is demoted only when it falls below this share of its own stage's thresholds."),
    )
    demotion_strikes = models.PositiveSmallIntegerField(
        _("evaluations in a row before demotion"), default=2, validators=[MinValueValidator(1)]
    )
    grace_days = models.PositiveSmallIntegerField(_("no demotion within (days of a promotion)"), default=30)
    warn_after_days = models.PositiveSmallIntegerField(_("warn leaders after (days without activity)"), default=60)
    dormant_after_days = models.PositiveSmallIntegerField(_("dormant after (days without activity)"), default=90)

    panels = [
        FieldPanel("window_days"),
        _threshold_panel("growing", _("New → growing")),
        _threshold_panel("core", _("Growing → core")),
        FieldRowPanel([FieldPanel("core_needs_confirmation"), FieldPanel("decline_hold_days")]),
        MultiFieldPanel(
            [
                FieldPanel("demotion_ratio"),
                FieldPanel("demotion_strikes"),
                FieldPanel("grace_days"),
                FieldPanel("warn_after_days"),
                FieldPanel("dormant_after_days"),
            ],
            heading=_("Demotion and inactivity"),
        ),
    ]

    class Meta:
        verbose_name = _("lifecycle rules")

    def clean(self):
        if self.dormant_after_days <= self.warn_after_days:
            raise ValidationError({"dormant_after_days": _("Dormancy must come after the warning.")})
        if self.core_members < self.growing_members:
            raise ValidationError({"core_members": _("Core thresholds must be at least the growing ones.")})


class StageChange(ExplainedDecision, models.Model):
    """Every stage change with the reasons and the metrics it saw; written in the same transaction as the change."""

    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    group = models.ForeignKey(
        "groups.CommunityGroup",
        verbose_name=pgettext_lazy("community group", "group"),
        on_delete=models.CASCADE,
        related_name="stage_changes",
    )
    from_stage = models.CharField(_("from"), max_length=10, choices=CommunityGroup.Stage.choices)
    to_stage = models.CharField(_("to"), max_length=10, choices=CommunityGroup.Stage.choices)
    reasons = models.JSONField(_("reasons"), default=list)
    metrics = models.JSONField(_("metrics"), default=dict)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the daily evaluation made the change."),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.group}: {self.from_label} → {self.to_label}"

    @property
    def from_label(self):
        return _stage_label(self.from_stage)

    @property
    def to_label(self):
        return _stage_label(self.to_stage)


class StageProposal(ExplainedDecision, models.Model):
    """A promotion to core the job proposes and the community team confirms or declines."""

    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the community team")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")

    group = models.ForeignKey(
        "groups.CommunityGroup",
        verbose_name=pgettext_lazy("community group", "group"),
        on_delete=models.CASCADE,
        related_name="stage_proposals",
    )
    to_stage = models.CharField(_("to"), max_length=10, choices=CommunityGroup.Stage.choices)
    reasons = models.JSONField(_("reasons"), default=list)
    metrics = models.JSONField(_("metrics"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    note = models.CharField(_("note"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("proposed"), default=timezone.now)

    class Meta:
        verbose_name = _("stage proposal")
        verbose_name_plural = _("stage proposals")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["group"], condition=Q(status="pending"), name="groups_proposal_one_pending_per_group"
            )
        ]

    def __str__(self):
        return f"{self.group} → {self.get_to_stage_display()}"

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING

    @property
    def is_declined(self):
        return self.status == self.Status.DECLINED

    @cached_property
    def hold_days(self):
        """How long a decline holds the group back from a new proposal, under the current rules."""
        return LifecycleRules.load().decline_hold_days

    @property
    def held_until(self):
        """When a declined proposal stops holding the group back (the evaluation's rule, see lifecycle.evaluate)."""
        if not self.is_declined or self.decided_at is None:
            return None
        return self.decided_at + timedelta(days=self.hold_days)
