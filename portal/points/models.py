"""Points as an append-only ledger, with cached balances and daily tallies derived from it.

``PointEntry`` rows are never updated or deleted: a mistake is undone by a reversal entry. ``PointBalance`` and
``DailyTally`` are caches of the ledger, changed with F() expressions in the same transaction as the entry they
reflect; ``manage.py reconcile_points`` proves (and with ``--fix`` restores) ``balance == SUM(ledger)``.
This app knows nothing about groups or courses: callers hand it a member, a rule code, a source object and, for
points earned inside a group, the scope: the group's id, kept as a plain number so this app never imports groups.
``ScopeDailyTally`` is the per-scope cache the group boards read.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


class AppendOnlyError(Exception):
    """Raised by any attempt to change or delete a ledger entry."""


class PointRule(models.Model):
    """What earns points and how many; the community team tunes amounts and caps in the admin."""

    code = models.SlugField(_("code"), max_length=50, unique=True, help_text=_("Used by the code; do not change."))
    name = models.CharField(pgettext_lazy("record name", "name"), max_length=60)
    points = models.IntegerField(_("points"), validators=[MinValueValidator(0)])
    active = models.BooleanField(_("active"), default=True)
    daily_cap = models.PositiveSmallIntegerField(
        _("daily cap per member"),
        null=True,
        blank=True,
        help_text=_("How many times a member can earn this rule per day; empty means no cap."),
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("point rule")
        verbose_name_plural = _("point rules")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name


class PointEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Point entries are append-only.")

    def delete(self):
        raise AppendOnlyError("Point entries are append-only.")


class PointEntry(models.Model):
    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    class Kind(models.TextChoices):
        EARN = "earn", _("Earned")
        SPEND = "spend", _("Spent")
        ADJUST = "adjust", _("Adjustment")
        EXPIRE = "expire", _("Expired")
        REVERSAL = "reversal", _("Reversal")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.PROTECT, related_name="point_entries"
    )
    amount = models.IntegerField(_("points"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # Whether the amount counts toward lifetime points (levels, leaderboards): earnings, staff grants, and reversals
    # of those do; spending and refunds do not. Stored so the ledger alone says how to rebuild every cache.
    counts_toward_lifetime = models.BooleanField(_("counts toward lifetime points"), default=False)
    rule = models.ForeignKey(
        PointRule, verbose_name=_("rule"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_type = models.ForeignKey(
        ContentType, verbose_name=_("source type"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_id = models.CharField(_("source ID"), max_length=64, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    # A plain id rather than a foreign key: points sits below groups in the layers and must not import them.
    scope_id = models.PositiveBigIntegerField(
        _("earned in group"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "The id of the group the entry was earned in; empty for site-wide awards such as sign-up, "
            "spending and staff adjustments."
        ),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    reverses = models.OneToOneField(
        "self", verbose_name=_("reverses"), on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    objects = PointEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("point entry")
        verbose_name_plural = _("point entries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # An award for the same (member, rule, source) happens once, however often its trigger fires.
            models.UniqueConstraint(
                fields=["member", "rule", "source_type", "source_id"],
                condition=Q(kind="earn"),
                name="points_entry_award_once",
            ),
        ]
        indexes = [
            models.Index(fields=["member", "-created_at"], name="points_entry_member_idx"),
            models.Index(fields=["member", "rule", "created_at"], name="points_entry_cap_idx"),
        ]

    def __str__(self):
        return f"{self.member} {self.amount:+d} ({self.get_kind_display()})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Point entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Point entries are append-only.")

    @property
    def reason(self):
        if self.rule_id:
            return self.rule.name
        return self.note or self.get_kind_display()


class PointBalance(models.Model):
    """Cached figures per member; the ledger is the truth."""

    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="point_balance",
    )
    balance = models.IntegerField(_("balance"), default=0)
    lifetime_earned = models.IntegerField(_("lifetime points"), default=0, db_index=True)
    excluded_from_rankings = models.BooleanField(
        _("excluded from rankings"), default=False, help_text=_("Test or partner accounts that should not be ranked.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("point balance")
        verbose_name_plural = _("point balances")
        constraints = [
            models.CheckConstraint(condition=Q(balance__gte=0), name="points_balance_not_negative"),
        ]
        indexes = [models.Index(fields=["-lifetime_earned"], name="points_balance_lifetime_idx")]

    def __str__(self):
        return f"{self.member}: {self.balance}"


class DailyTally(models.Model):
    """Lifetime points a member gained on one local day; period leaderboards sum these instead of the ledger."""

    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE, related_name="+"
    )
    date = models.DateField(_("date"))
    earned = models.IntegerField(_("points"), default=0)

    class Meta:
        verbose_name = _("daily tally")
        verbose_name_plural = _("daily tallies")
        constraints = [models.UniqueConstraint(fields=["member", "date"], name="points_tally_one_per_day")]
        indexes = [models.Index(fields=["date", "member"], name="points_tally_date_idx")]

    def __str__(self):
        return f"{self.member} {self.date}: {self.earned}"


class ScopeDailyTally(models.Model):
    """Lifetime points a member gained on one local day inside one scope (a group); the group boards sum these."""

    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE, related_name="+"
    )
    scope_id = models.PositiveBigIntegerField(_("earned in group"))
    date = models.DateField(_("date"))
    earned = models.IntegerField(_("points"), default=0)

    class Meta:
        verbose_name = _("group daily tally")
        verbose_name_plural = _("group daily tallies")
        constraints = [
            models.UniqueConstraint(fields=["member", "scope_id", "date"], name="points_scope_tally_one_per_day")
        ]
        indexes = [
            models.Index(fields=["scope_id", "date", "member"], name="points_scope_tally_scope_idx"),
            models.Index(fields=["date", "scope_id"], name="points_scope_tally_date_idx"),
        ]

    def __str__(self):
        return f"{self.member} #{self.scope_id} {self.date}: {self.earned}"


class Level(models.Model):
    """A status tier reached by lifetime points. Lecturer is a title staff grant, not a level."""

    name = models.CharField(pgettext_lazy("record name", "name"), max_length=30)
    min_points = models.PositiveIntegerField(_("minimum lifetime points"), unique=True)
    colour = models.CharField(_("badge colour"), max_length=7, default="#0f5e59", help_text=_("Hex, e.g. #0f5e59."))
    description = models.CharField(_("description"), max_length=140, blank=True)

    class Meta:
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        ordering = ["min_points"]

    def __str__(self):
        return self.name


@register_setting(icon="pick")
class PointsSettings(BaseGenericSetting):
    """Display settings; amounts (including the monthly top-3 bonus) are point rules."""

    leaderboard_size = models.PositiveSmallIntegerField(_("leaderboard size"), default=50)

    panels = [FieldPanel("leaderboard_size")]

    class Meta:
        verbose_name = _("points settings")


class Reward(models.Model):
    class Kind(models.TextChoices):
        # Only physical goods are posted: the others are issued, so they never say "sent" nor ask for an address.
        PHYSICAL = "physical", _("Physical goods")
        VOUCHER = "voucher", _("E-voucher or code")
        TICKET = "ticket", _("Event ticket or place")
        EXPERIENCE = "experience", _("Experience or privilege")

    name = models.CharField(pgettext_lazy("record name", "name"), max_length=60)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.PHYSICAL)
    description = models.TextField(_("description"), max_length=1000, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cost = models.PositiveIntegerField(_("cost in points"), validators=[MinValueValidator(1)])
    stock = models.PositiveIntegerField(_("stock"), default=0)
    min_level = models.ForeignKey(
        Level, verbose_name=_("minimum level"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    active = models.BooleanField(_("active"), default=True)
    available_from = models.DateTimeField(_("available from"), null=True, blank=True)
    available_until = models.DateTimeField(_("available until"), null=True, blank=True)
    needs_shipping = models.BooleanField(
        _("needs a postal address"), default=True, help_text=_("Physical goods only: the others are never posted.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("image"),
        MultiFieldPanel(
            [FieldPanel("cost"), FieldPanel("stock"), FieldPanel("min_level")],
            heading=pgettext_lazy("reward", "Terms"),
        ),
        MultiFieldPanel(
            [FieldPanel("active"), FieldPanel("available_from"), FieldPanel("available_until")],
            heading=_("Availability"),
        ),
        MultiFieldPanel([FieldPanel("kind"), FieldPanel("needs_shipping")], heading=_("Delivery")),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")
        ordering = ["sort_order", "cost"]
        constraints = [models.CheckConstraint(condition=Q(stock__gte=0), name="points_reward_stock_not_negative")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.kind != self.Kind.PHYSICAL:
            self.needs_shipping = False
        super().save(*args, **kwargs)

    @property
    def is_physical(self):
        return self.kind == self.Kind.PHYSICAL

    @property
    def is_posted(self):
        """Sent by post to an address the member gives when redeeming."""
        return self.is_physical and self.needs_shipping

    def is_available(self, now=None):
        now = now or timezone.now()
        if not self.active:
            return False
        if self.available_from and now < self.available_from:
            return False
        return not (self.available_until and now > self.available_until)


class Redemption(models.Model):
    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        FULFILLED = "fulfilled", _("Fulfilled")
        CANCELLED = "cancelled", _("Cancelled")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.PROTECT, related_name="redemptions"
    )
    reward = models.ForeignKey(Reward, verbose_name=_("reward"), on_delete=models.PROTECT, related_name="redemptions")
    cost = models.PositiveIntegerField(_("points spent"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    recipient_name = models.CharField(_("recipient"), max_length=40, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.CharField(_("postal address"), max_length=200, blank=True)
    spend_entry = models.OneToOneField(
        PointEntry, verbose_name=_("spend entry"), on_delete=models.PROTECT, related_name="redemption"
    )
    refund_entry = models.OneToOneField(
        PointEntry,
        verbose_name=_("refund entry"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="refunded_redemption",
    )
    staff_note = models.CharField(_("staff note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    decided_at = models.DateTimeField(_("handled"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("redemption")
        verbose_name_plural = _("redemptions")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="points_redemption_queue_idx"),
            models.Index(fields=["member", "-created_at"], name="points_redemption_member_idx"),
        ]

    def __str__(self):
        return f"{self.member} · {self.reward}"

    @property
    def status_label(self):
        """The status as the member reads it: a fulfilled reward was sent only when it went by post."""
        if self.status == self.Status.FULFILLED and self.reward.is_posted:
            return pgettext("redemption status", "Sent")
        return self.get_status_display()


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
