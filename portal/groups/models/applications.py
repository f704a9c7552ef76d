"""Founding applications: what an applicant asked for, the admission rules it was checked against, and the
community team's decision."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .groups import ABSOLUTE_MAX_GROUP_SIZE, CommunityGroup, Topic

__all__ = [
    "GroupApplication",
]


class GroupApplication(models.Model):
    """An application to found a group, decided by the admission rules or by the community team."""

    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", pgettext_lazy("decision", "Approved")
        REJECTED = "rejected", _("Rejected")
        RETURNED = "returned", _("Returned for changes")

    OPEN_STATUSES = (Status.SUBMITTED, Status.RETURNED)

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.CASCADE,
        related_name="group_applications",
    )
    name = models.CharField(_("proposed name"), max_length=40)
    topic = models.ForeignKey(Topic, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="+")
    city = models.CharField(_("city or region"), max_length=40)
    purpose = models.TextField(_("purpose: who is it for?"), max_length=1000)
    planned_activities = models.TextField(_("planned activities"), max_length=1000)
    expected_size = models.PositiveSmallIntegerField(
        _("expected size"), validators=[MinValueValidator(2), MaxValueValidator(ABSOLUTE_MAX_GROUP_SIZE)]
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    rule_report = models.JSONField(_("admission check"), default=list, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewer_note = models.TextField(_("reviewer note"), max_length=1000, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    group = models.OneToOneField(
        CommunityGroup,
        verbose_name=pgettext_lazy("community group", "group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="application",
    )
    created_at = models.DateTimeField(_("submitted"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("group application")
        verbose_name_plural = _("group applications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                "applicant",
                Lower("name"),
                condition=Q(status__in=["submitted", "returned"]),
                name="groups_application_one_open_per_name",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="groups_application_queue_idx")]

    def __str__(self):
        return self.name

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @property
    def is_returned(self):
        """Returned for changes: the applicant may edit it and submit it again."""
        return self.status == self.Status.RETURNED

    @property
    def badge_class(self):
        return {
            self.Status.APPROVED: "badge--success",
            self.Status.REJECTED: "badge--danger",
            self.Status.RETURNED: "badge--warning",
        }.get(self.status, "badge--info")
