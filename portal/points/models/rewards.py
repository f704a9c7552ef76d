"""What points buy and show: levels, the points settings, rewards and their redemptions."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from .ledger import PointEntry


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

    @property
    def badge_class(self):
        """The badge a member's history shows for the status: fulfilled, cancelled, or still requested."""
        return {self.Status.FULFILLED: "badge--success", self.Status.CANCELLED: "badge--danger"}.get(
            self.status, "badge--info"
        )
