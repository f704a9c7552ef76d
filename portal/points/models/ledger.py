"""The ledger: rules, append-only entries, and the balances and daily tallies cached from them."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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
    monthly_cap = models.PositiveSmallIntegerField(
        _("monthly cap per member"),
        null=True,
        blank=True,
        help_text=_("How many times a member can earn this rule per calendar month (local time); empty means no cap."),
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

    @property
    def is_earning(self):
        """Earned through a rule; a member's history marks every other kind (spent, adjusted, expired, reversed)."""
        return self.kind == self.Kind.EARN


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
