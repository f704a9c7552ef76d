"""Daily snapshots of the programme's numbers, so history survives later changes to the live data."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DailySnapshot(models.Model):
    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    date = models.DateField(_("date"), unique=True)
    data = models.JSONField(_("figures"), default=dict)
    created_at = models.DateTimeField(_("taken"), default=timezone.now)

    class Meta:
        verbose_name = _("daily snapshot")
        verbose_name_plural = _("daily snapshots")
        ordering = ["-date"]
        permissions = [("view_insights", _("Can view the insights dashboard"))]

    def __str__(self):
        return f"{self.date:%Y-%m-%d}"
