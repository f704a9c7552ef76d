"""Check-in topics (打卡): a post a leader opens with a cadence and an end date; members check in once per period.

A weekly assignment (每周作业) is a check-in topic whose check-ins the leaders mark as reviewed with a comment.
Periods are local dates: a daily topic's period is the day, a weekly topic's is the Monday that starts the week.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.groups.models import Membership
from website.core.uploads import private_storage, unguessable_name

from .posts import Post, image_access

__all__ = ["CheckInTopic", "CheckIn", "CheckInImage", "MAX_CHECK_IN_IMAGES"]

MAX_CHECK_IN_IMAGES = 9


class CheckInTopic(models.Model):
    wagtail_reference_index_ignore = True

    class Cadence(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    post = models.OneToOneField(Post, on_delete=models.CASCADE, primary_key=True, related_name="check_in_topic")
    cadence = models.CharField(_("cadence"), max_length=10, choices=Cadence.choices, default=Cadence.DAILY)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    is_assignment = models.BooleanField(
        pgettext_lazy("check-in topic", "weekly assignment"),
        default=False,
        help_text=_("Leaders review each check-in and leave a comment."),
    )
    check_in_count = models.PositiveIntegerField(_("check-ins"), default=0)

    class Meta:
        verbose_name = _("check-in topic")
        verbose_name_plural = _("check-in topics")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="board_topic_dates")
        ]

    def __str__(self):
        return str(self.post)

    @property
    def is_weekly(self):
        return self.cadence == self.Cadence.WEEKLY

    def period_of(self, day):
        """The period (its first day) a local date falls in."""
        return day - timedelta(days=day.weekday()) if self.is_weekly else day

    @property
    def period_length(self):
        return timedelta(days=7 if self.is_weekly else 1)

    def periods(self, until=None):
        """Every period from the start to ``until`` (default today, never past the end), oldest first."""
        last = min(until or timezone.localdate(), self.ends_on)
        current, end = self.period_of(self.starts_on), self.period_of(last)
        result = []
        while current <= end:
            result.append(current)
            current += self.period_length
        return result

    def is_open_on(self, day):
        return self.starts_on <= day <= self.ends_on


def check_in_image_upload_to(instance, filename):
    return unguessable_name("board/check-ins", filename)


class CheckIn(models.Model):
    wagtail_reference_index_ignore = True

    topic = models.ForeignKey(CheckInTopic, on_delete=models.CASCADE, related_name="check_ins")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="board_check_ins")
    period = models.DateField(_("period"))
    body = models.TextField(_("check-in"))
    created_at = models.DateTimeField(_("checked in"), default=timezone.now)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=200, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    review_comment = models.CharField(_("review"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "member", "period"], name="board_check_in_once_per_period")
        ]
        indexes = [
            models.Index("topic", models.F("created_at").desc(), name="board_check_in_topic_recent"),
            models.Index("member", models.F("created_at").desc(), name="board_check_in_member_recent"),
        ]

    def __str__(self):
        return f"{self.member} · {self.period}"

    @property
    def is_reviewed(self):
        return self.reviewed_at is not None

    @property
    def is_hidden(self):
        return self.hidden_at is not None


class CheckInImage(models.Model):
    wagtail_reference_index_ignore = True

    check_in = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("image"), upload_to=check_in_image_upload_to, storage=private_storage, db_index=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("check-in image")
        verbose_name_plural = _("check-in images")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.image.name

    def private_file_access(self, user):
        """As the topic's images, except that a hidden check-in's images are for its author, the leaders and staff."""
        check_in = self.check_in
        post = check_in.topic.post
        if check_in.hidden_at is not None and not (
            user.is_authenticated
            and (
                user.is_staff
                or user.pk == check_in.member_id
                or Membership.objects.leading().filter(group_id=post.group_id, member_id=user.pk).exists()
            )
        ):
            return None
        return image_access(post, user)
