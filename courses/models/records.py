"""Course records: sessions, seats, enrolments and attendance (share-link referrals are portal.accounts's).

Seats, enrolments and attendance live in their own tables, not on the page (revisioned, published by editors), so
that publishing an old revision never changes who is enrolled or how many seats are taken. They name the page by
its label ("courses.CoursePage"), so services and views use them without importing the page module.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

__all__ = ["CourseSession", "CourseSeats", "Enrolment", "SessionAttendance", "new_code"]

CHECK_IN_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
COURSE = "courses.CoursePage"


def new_code():
    return "".join(secrets.choice(CHECK_IN_ALPHABET) for _ in range(6))


class CourseSession(Orderable):
    course = ParentalKey(COURSE, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=80, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=90, validators=[MinValueValidator(10), MaxValueValidator(600)]
    )
    place = models.CharField(_("place"), max_length=120, blank=True)
    link = models.URLField(_("link"), blank=True)
    check_in_code = models.CharField(_("check-in code"), max_length=8, default=new_code)

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("duration_minutes")]),
        FieldPanel("place"),
        FieldPanel("link"),
        FieldPanel("check_in_code"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = pgettext_lazy("course", "session")
        verbose_name_plural = pgettext_lazy("course", "sessions")

    def __str__(self):
        return self.title or f"{self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)


class CourseSeats(models.Model):
    """The course's seat counter; capacity is content, the count is state."""

    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    course = models.OneToOneField(COURSE, on_delete=models.CASCADE, primary_key=True, related_name="seats")
    enrolled = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("course seats")
        verbose_name_plural = _("course seats")

    def __str__(self):
        return f"{self.course}: {self.enrolled}"


class Enrolment(models.Model):
    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")
        COMPLETED = "completed", _("Completed")

    course = models.ForeignKey(COURSE, verbose_name=_("course"), on_delete=models.CASCADE, related_name="enrolments")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE, related_name="enrolments"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ENROLLED)
    created_at = models.DateTimeField(_("enrolled"), default=timezone.now)
    waitlisted_at = models.DateTimeField(_("waitlisted"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["course", "member"], name="courses_enrolment_one_per_member")]
        indexes = [models.Index(fields=["course", "status", "waitlisted_at"], name="courses_enrolment_queue_idx")]

    def __str__(self):
        return f"{self.member} · {self.course}"

    @property
    def is_active(self):
        """Enrolled or waiting for a seat: the member may cancel."""
        return self.status in (self.Status.ENROLLED, self.Status.WAITLISTED)

    @property
    def is_seated(self):
        return self.status == self.Status.ENROLLED

    @property
    def is_waitlisted(self):
        return self.status == self.Status.WAITLISTED

    @property
    def is_completed(self):
        return self.status == self.Status.COMPLETED

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED


class SessionAttendance(models.Model):
    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    session = models.ForeignKey(CourseSession, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    checked_in_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("session attendance")
        verbose_name_plural = _("session attendances")
        constraints = [models.UniqueConstraint(fields=["session", "member"], name="courses_attendance_once")]

    def __str__(self):
        return f"{self.member} @ {self.session}"
