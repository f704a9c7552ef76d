"""A member's notifications and their per-type choices of channel."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .types import Channel


class Notification(models.Model):
    """One event told to one member, rendered in their language when it was created.

    ``(recipient, kind, key)`` is unique: the fan-out inserts with ``ignore_conflicts``, so a retried job or a
    repeated request never tells a member the same thing twice. The key says what makes an event new (a join request's
    id; an activity's id and its start time for a reminder).
    """

    class Email(models.TextChoices):
        NONE = "", pgettext_lazy("notification e-mail", "Not mailed")
        PENDING = "pending", pgettext_lazy("notification e-mail", "To be mailed")
        SENT = "sent", pgettext_lazy("notification e-mail", "Mailed")
        DIGEST = "digest", pgettext_lazy("notification e-mail", "Waiting for the daily digest")
        DIGESTED = "digested", pgettext_lazy("notification e-mail", "Sent in a digest")

    # Operational records: Wagtail's reference index has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("type"), max_length=80)
    key = models.CharField(max_length=200)
    title = models.CharField(pgettext_lazy("notification", "title"), max_length=300)
    body = models.TextField(pgettext_lazy("notification", "body"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email = models.CharField(max_length=10, choices=Email.choices, default=Email.NONE, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "key"], name="notifications_once_per_event"),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notifications_inbox"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notifications_unread"),
            models.Index(
                fields=["email", "recipient"],
                condition=Q(email__in=["pending", "digest"]),
                name="notifications_mail_queue",
            ),
            models.Index(fields=["created_at"], name="notifications_created"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_read(self):
        return self.read_at is not None


class Preference(models.Model):
    """A member's choice for one type; without a row, the type's default applies."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("type"), max_length=80)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["member", "kind"], name="notifications_one_choice_per_type")]

    def __str__(self):
        return f"{self.member_id} {self.kind}: {self.channel}"
