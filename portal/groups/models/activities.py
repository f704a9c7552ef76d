"""Activities a group runs: RSVPs with capacity, attendance by list or check-in code, and the leader's report."""

import secrets

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.search import index

from website.core.search import segmented

__all__ = ["Activity", "ActivityRSVP", "Attendance", "ActivityPhoto", "new_check_in_code"]

# Codes members type on the spot: no 0/O or 1/I to misread.
CHECK_IN_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def new_check_in_code():
    return "".join(secrets.choice(CHECK_IN_ALPHABET) for _ in range(6))


class ActivityQuerySet(models.QuerySet):
    def scheduled(self):
        return self.filter(status=Activity.Status.SCHEDULED)

    def upcoming(self, now=None):
        return self.scheduled().filter(starts_at__gte=now or timezone.now())

    def past(self, now=None):
        return self.scheduled().filter(starts_at__lt=now or timezone.now())


class Activity(index.Indexed, models.Model):
    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    class Mode(models.TextChoices):
        OFFLINE = "offline", _("Offline")
        ONLINE = "online", _("Online")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    group = models.ForeignKey(
        "groups.CommunityGroup",
        verbose_name=pgettext_lazy("community group", "group"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    title = models.CharField(_("title"), max_length=80)
    mode = models.CharField(_("online or offline"), max_length=8, choices=Mode.choices, default=Mode.OFFLINE)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=120, blank=True)
    link = models.URLField(_("link"), blank=True, help_text=_("For online activities; shown to members only."))
    description = models.TextField(_("description"), max_length=2000, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("capacity"), null=True, blank=True, validators=[MinValueValidator(1)], help_text=_("Empty means no limit.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    check_in_code = models.CharField(_("check-in code"), max_length=8, default=new_check_in_code)
    # Counters: caches of the RSVP and attendance rows, moved with conditional updates like group seats.
    rsvp_count = models.PositiveSmallIntegerField(_("going"), default=0)
    attended_count = models.PositiveSmallIntegerField(_("attended"), default=0)
    newcomer_count = models.PositiveSmallIntegerField(_("newcomers"), default=0)
    report_summary = models.TextField(_("summary"), max_length=2000, blank=True)
    report_feedback = models.TextField(_("what members said"), max_length=2000, blank=True)
    reported_at = models.DateTimeField(_("reported"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(pgettext_lazy("date created", "created"), default=timezone.now)

    objects = ActivityQuerySet.as_manager()

    # Searched on /search/ among the activities anyone may see (scheduled, in an active group). The online link,
    # the check-in code and the report are for members and leaders: they are never indexed.
    search_fields = [
        index.SearchField("title"),
        index.SearchField("description"),
        index.SearchField("place"),
        *segmented("title", "description", "place"),
        index.FilterField("status"),
        index.FilterField("starts_at"),
        index.RelatedFields("group", [index.FilterField("status")]),
    ]

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=F("starts_at")), name="groups_activity_ends_after_start"),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(rsvp_count__lte=F("capacity")),
                name="groups_activity_rsvps_within_capacity",
            ),
        ]
        indexes = [
            models.Index(fields=["group", "status", "starts_at"], name="groups_activity_group_idx"),
            models.Index(fields=["status", "starts_at"], name="groups_activity_time_idx"),
        ]

    def __str__(self):
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"

    def get_absolute_url(self):
        return reverse("groups:activity", args=[self.group.slug, self.pk])

    @property
    def is_past(self):
        return self.starts_at < timezone.now()

    @property
    def is_scheduled(self):
        return self.status == self.Status.SCHEDULED

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def is_full(self):
        return self.capacity is not None and self.rsvp_count >= self.capacity

    @property
    def regular_count(self):
        return self.attended_count - self.newcomer_count


class ActivityRSVP(models.Model):
    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        GOING = "going", _("Going")
        CANCELLED = "cancelled", _("Cancelled")

    activity = models.ForeignKey(Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="rsvps")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE, related_name="activity_rsvps"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.GOING)
    created_at = models.DateTimeField(_("answered"), default=timezone.now)

    class Meta:
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["activity", "member"], name="groups_rsvp_one_per_member")]

    def __str__(self):
        return f"{self.member} · {self.activity}"

    @property
    def is_going(self):
        return self.status == self.Status.GOING


class Attendance(models.Model):
    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    class Method(models.TextChoices):
        LIST = "list", _("Checked by a leader")
        CODE = "code", _("Check-in code")

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="attendances"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE, related_name="attendances"
    )
    # Group and start time copied from the activity so metrics aggregate without a join per row.
    group = models.ForeignKey("groups.CommunityGroup", on_delete=models.CASCADE, related_name="+")
    activity_starts_at = models.DateTimeField()
    is_newcomer = models.BooleanField(_("first activity in this group"), default=False)
    method = models.CharField(_("how"), max_length=5, choices=Method.choices)
    checked_in_at = models.DateTimeField(_("checked in"), default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["checked_in_at"]
        constraints = [models.UniqueConstraint(fields=["activity", "member"], name="groups_attendance_once")]
        indexes = [
            models.Index(fields=["group", "activity_starts_at"], name="groups_attendance_group_idx"),
            models.Index(fields=["member", "activity_starts_at"], name="groups_attendance_member_idx"),
            models.Index(fields=["activity_starts_at"], name="groups_attendance_time_idx"),
        ]

    def __str__(self):
        return f"{self.member} @ {self.activity}"


def activity_photo_upload_to(instance, filename):
    from website.core.uploads import unguessable_name

    return unguessable_name(f"groups/activities/{instance.activity_id}", filename)


class ActivityPhoto(models.Model):
    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    activity = models.ForeignKey(Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=activity_photo_upload_to)
    caption = models.CharField(_("caption"), max_length=120, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("activity photo")
        verbose_name_plural = _("activity photos")
        ordering = ["created_at"]

    def __str__(self):
        return self.caption or self.image.name
