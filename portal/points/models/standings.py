"""Leaderboards: archived months, the standings of each period and when they were last refreshed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LeaderboardArchive(models.Model):
    """A closed month's site-wide winners, kept when the live boards move on."""

    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    rank = models.PositiveSmallIntegerField(_("rank"))
    member = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE)
    points = models.IntegerField(_("points"))

    class Meta:
        verbose_name = _("archived leaderboard row")
        verbose_name_plural = _("archived leaderboards")
        ordering = ["-month", "rank"]
        constraints = [models.UniqueConstraint(fields=["month", "rank"], name="points_archive_one_per_rank")]

    def __str__(self):
        return f"{self.month:%Y-%m} #{self.rank} {self.member}"


class PeriodStanding(models.Model):
    """One ranked member on one site-wide board ("7d", "30d", "month", "all"), as the last refresh computed it.

    ``manage.py refresh_standings`` rewrites a period's rows from the daily tallies (the balances for all time) every
    few minutes; between refreshes every lifetime entry adds its points to its member's rows at once, so a member's own
    points are always current while ranks may lag by one refresh. A row with no rank was added by an entry since the
    last refresh; staff and excluded accounts never get a rank.
    """

    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    period = models.CharField(pgettext_lazy("leaderboard", "period"), max_length=5)
    # No database constraint: the rows are derived from tallies of existing members, and a refresh writes a row per
    # ranked member, where a per-row foreign-key check was half the refresh's time. Django still cascades deletes.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
    )
    points = models.IntegerField(_("points"), default=0)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)

    class Meta:
        verbose_name = _("leaderboard standing")
        verbose_name_plural = _("leaderboard standings")
        constraints = [models.UniqueConstraint(fields=["period", "member"], name="points_standing_one_per_period")]
        indexes = [models.Index(fields=["period", "rank", "member"], name="points_standing_rank_idx")]

    def __str__(self):
        return f"{self.period} #{self.rank} {self.member}"


class StandingsRefresh(models.Model):
    """When a board's standings were last computed, and for which local day; no row means never (a fresh install)."""

    wagtail_reference_index_ignore = True

    period = models.CharField(pgettext_lazy("leaderboard", "period"), max_length=5, primary_key=True)
    day = models.DateField(_("date"))
    taken_at = models.DateTimeField(_("when"))
    ranked = models.PositiveIntegerField(_("ranked members"), default=0)

    class Meta:
        verbose_name = _("leaderboard refresh")
        verbose_name_plural = _("leaderboard refreshes")

    def __str__(self):
        return f"{self.period} {self.day}"
