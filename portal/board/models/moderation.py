"""What a group's leaders do to keep the board civil: mutes, the moderation log, and members' reports.

Reports go to the group's leaders first. A report on a leader's own content goes straight to the community team
(``to_team``), and one the leaders leave open for ``ESCALATE_AFTER`` joins the team's queue too: that queue is a
query (``Report.objects.for_team()``), not a job, so a report is never late because a job did not run.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.groups.models import CommunityGroup

from .posts import Comment, Post

__all__ = ["ESCALATE_AFTER", "Mute", "ModerationAction", "Report"]

#: How long leaders have to handle a report before the community team sees it too.
ESCALATE_AFTER = timedelta(hours=48)


class MuteQuerySet(models.QuerySet):
    def current(self, now=None):
        return self.filter(until__gt=now or timezone.now())


class Mute(models.Model):
    """A member who may not post, comment, like, report or check in in one group until ``until``."""

    wagtail_reference_index_ignore = True

    group = models.ForeignKey(
        CommunityGroup,
        verbose_name=pgettext_lazy("community group", "group"),
        on_delete=models.CASCADE,
        related_name="board_mutes",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE, related_name="board_mutes"
    )
    until = models.DateTimeField(_("muted until"))
    reason = models.CharField(_("reason"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("muted by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(pgettext_lazy("board mute", "created"), default=timezone.now)

    objects = MuteQuerySet.as_manager()

    class Meta:
        verbose_name = _("mute")
        verbose_name_plural = _("mutes")
        constraints = [models.UniqueConstraint(fields=["group", "member"], name="board_mute_once_per_group")]

    def __str__(self):
        return f"{self.member} @ {self.group}"

    @property
    def is_current(self):
        return self.until > timezone.now()


class ModerationAction(models.Model):
    """One leader (or staff) action on the board; append-only, shown to staff in the admin and to the leaders."""

    wagtail_reference_index_ignore = True

    class Action(models.TextChoices):
        PIN = "pin", pgettext_lazy("board action", "Pinned")
        UNPIN = "unpin", pgettext_lazy("board action", "Unpinned")
        FEATURE = "feature", pgettext_lazy("board action", "Marked as featured")
        UNFEATURE = "unfeature", pgettext_lazy("board action", "No longer featured")
        LOCK = "lock", pgettext_lazy("board action", "Locked comments")
        UNLOCK = "unlock", pgettext_lazy("board action", "Unlocked comments")
        HIDE = "hide", pgettext_lazy("board action", "Hidden")
        UNHIDE = "unhide", pgettext_lazy("board action", "Shown again")
        MUTE = "mute", pgettext_lazy("board action", "Muted")
        UNMUTE = "unmute", pgettext_lazy("board action", "Unmuted")
        DISMISS_REPORT = "dismiss", pgettext_lazy("board action", "Report dismissed")
        REVIEW = "review", pgettext_lazy("board action", "Assignment reviewed")
        DELETE = "delete", pgettext_lazy("board action", "Deleted")

    group = models.ForeignKey(
        CommunityGroup,
        verbose_name=pgettext_lazy("community group", "group"),
        on_delete=models.CASCADE,
        related_name="board_actions",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.CASCADE, null=True, blank=True)
    comment = models.ForeignKey(Comment, verbose_name=_("comment"), on_delete=models.CASCADE, null=True, blank=True)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member concerned"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index("group", models.F("created_at").desc(), name="board_action_group_recent")]

    def __str__(self):
        return f"{self.get_action_display()} · {self.group}"


class ReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Report.Status.OPEN)

    def for_team(self, now=None):
        """Open reports the community team handles: on a leader's content, or left to the leaders too long."""
        cutoff = (now or timezone.now()) - ESCALATE_AFTER
        return self.open().filter(Q(to_team=True) | Q(created_at__lte=cutoff))


class Report(models.Model):
    wagtail_reference_index_ignore = True

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        ABUSE = "abuse", _("Harassment or personal attacks")
        OFF_TOPIC = "off_topic", _("Off topic or disruptive")
        PRIVACY = "privacy", _("Shares someone's private information")
        OTHER = "other", pgettext_lazy("report reason", "Other")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("report status", "Open")
        UPHELD = "upheld", pgettext_lazy("report status", "Content hidden")
        DISMISSED = "dismissed", pgettext_lazy("report status", "Dismissed")

    group = models.ForeignKey(
        CommunityGroup,
        verbose_name=pgettext_lazy("community group", "group"),
        on_delete=models.CASCADE,
        related_name="board_reports",
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.CASCADE, related_name="+"
    )
    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="reports")
    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    detail = models.CharField(_("details"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    # The reported content is a leader's own: the leaders cannot judge it, the community team does.
    to_team = models.BooleanField(_("for the community team"), default=False)
    created_at = models.DateTimeField(pgettext_lazy("board report", "reported"), default=timezone.now)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["created_at", "id"]
        constraints = [
            # One open report per member and thing reported; a second click changes nothing.
            models.UniqueConstraint(
                fields=["reporter", "post"],
                condition=Q(status="open", comment__isnull=True),
                name="board_report_open_post_once",
            ),
            models.UniqueConstraint(
                fields=["reporter", "comment"],
                condition=Q(status="open", comment__isnull=False),
                name="board_report_open_comment_once",
            ),
        ]
        indexes = [models.Index("group", "status", "created_at", name="board_report_group_queue")]

    def __str__(self):
        return f"{self.get_reason_display()} · {self.group}"

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    @property
    def target(self):
        return self.comment or self.post

    def is_for_team(self, now=None):
        return self.is_open and (self.to_team or self.created_at <= (now or timezone.now()) - ESCALATE_AFTER)
