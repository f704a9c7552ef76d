"""Daily snapshots of the programme's numbers, so history survives later changes to the live data.

Two tables, both kept by the nightly ``snapshot_insights`` command:

- ``DailySnapshot``: the headline figures as they stood on the day the command ran for it, plus that day's counts
  (members who signed up, members who took part that day and in the week so far);
- ``ParticipationDay``: one row per member and local day on which they took part (portal.groups.metrics), for every
  day up to the latest snapshot. The dashboard's series (weekly active, retention, churn, active in 7 and 28 days)
  are GROUP BY queries over it, plus the live rows of the days after the latest snapshot.

``WinBackMessage`` (kept by the daily ``win_back`` command) records each win-back digest and whether its member came
back.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DailySnapshot(models.Model):
    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    date = models.DateField(_("date"), unique=True)
    data = models.JSONField(_("figures"), default=dict)
    created_at = models.DateTimeField(_("taken"), default=timezone.now)
    # The day's own counts. Null on snapshots taken before they were kept: such a row says nothing about
    # ParticipationDay, while a row with them means every day up to its date has its participation rows.
    new_members = models.PositiveIntegerField(_("new members"), null=True, blank=True)
    active_members = models.PositiveIntegerField(_("members who took part that day"), null=True, blank=True)
    active_week = models.PositiveIntegerField(_("members who took part that week so far"), null=True, blank=True)

    class Meta:
        verbose_name = _("daily snapshot")
        verbose_name_plural = _("daily snapshots")
        ordering = ["-date"]
        permissions = [("view_insights", _("Can view the insights dashboard"))]

    def __str__(self):
        return f"{self.date:%Y-%m-%d}"


class ParticipationDay(models.Model):
    """A member took part (attended or hosted) on this local day: derived from the activity records, rebuilt freely."""

    wagtail_reference_index_ignore = True

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    date = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "date"], name="insights_participation_member_day")]
        indexes = [models.Index(fields=["date", "member"], name="insights_participation_day_idx")]

    def __str__(self):
        return f"{self.member_id} {self.date:%Y-%m-%d}"


class WinBackMessage(models.Model):
    """A win-back e-mail sent to a member who had stopped taking part (portal.insights.winback).

    A member gets at most one in 30 days; ``returned_at`` is the first moment they took part again within 14 days of
    the send, filled in by the next run of the ``win_back`` command. The dashboard counts both.
    """

    wagtail_reference_index_ignore = True

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # (member, sent_at) below serves lookups by member
    )
    sent_at = models.DateTimeField(pgettext_lazy("win-back", "sent"), default=timezone.now)
    returned_at = models.DateTimeField(pgettext_lazy("win-back", "came back"), null=True, blank=True)

    class Meta:
        verbose_name = _("win-back message")
        verbose_name_plural = _("win-back messages")
        ordering = ["-sent_at"]
        indexes = [
            models.Index(fields=["sent_at"], name="insights_winback_sent_idx"),
            models.Index(fields=["member", "sent_at"], name="insights_winback_member_idx"),
        ]

    def __str__(self):
        return f"{self.member_id} {self.sent_at:%Y-%m-%d}"
