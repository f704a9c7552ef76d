"""Members' applications to recruitment calls, and each call's count of accepted applicants.

Answers are stored as JSON with the questions' labels, so a later edit of the questions never changes what an
applicant answered. The records name the call page by its label, so services and views use them without importing
the page module.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["CallCounter", "Application"]

CALL = "recruitment.RecruitmentCallPage"


class CallCounter(models.Model):
    """Accepted applicants per call: state next to the page, guarded by a conditional update against the quota."""

    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    call = models.OneToOneField(CALL, on_delete=models.CASCADE, primary_key=True, related_name="counter")
    accepted = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("call counter")
        verbose_name_plural = _("call counters")

    def __str__(self):
        return f"{self.call}: {self.accepted}"


class Application(models.Model):
    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN_STATUSES = (Status.SUBMITTED, Status.SHORTLISTED)

    call = models.ForeignKey(CALL, verbose_name=_("call"), on_delete=models.CASCADE, related_name="applications")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="recruitment_applications",
    )
    answers = models.JSONField(_("answers"), default=list)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    staff_note = models.TextField(_("note for the team"), max_length=1000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("applied"), default=timezone.now)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["call", "member"], name="recruitment_application_once")]
        indexes = [models.Index(fields=["call", "status"], name="recruitment_app_status_idx")]

    def __str__(self):
        return f"{self.member} · {self.call}"

    @property
    def is_withdrawn(self):
        return self.status == self.Status.WITHDRAWN

    @property
    def can_withdraw(self):
        """Still open (submitted or shortlisted): the member may take it back."""
        return self.status in self.OPEN_STATUSES

    def answers_text(self):
        """The answers as one line per question, for CSV exports."""
        return "\n".join(f"{item.get('question', '')}: {item.get('answer', '')}" for item in self.answers or [])
