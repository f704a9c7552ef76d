"""Who is in a group and how they got there or left: memberships, join requests, leadership transfers, spin-off
offers and the leader grants that let a recruited leader found a group."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .groups import CommunityGroup

__all__ = [
    "Membership",
    "JoinRequest",
    "LeadershipTransfer",
    "SpinOff",
    "LeaderGrant",
]


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(state=Membership.State.ACTIVE)

    def leading(self):
        return self.active().filter(role__in=[Membership.Role.LEADER, Membership.Role.CO_LEADER])


class Membership(models.Model):
    """One row per (group, member), whatever happened between them; ``state`` says where they stand now."""

    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    class Role(models.TextChoices):
        LEADER = "leader", _("Leader")
        CO_LEADER = "co_leader", _("Co-leader")
        MEMBER = "member", _("Member")

    class State(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("membership state", "Active")
        LEFT = "left", _("Left")
        REMOVED = "removed", _("Removed")
        BANNED = "banned", _("Banned")

    group = models.ForeignKey(
        CommunityGroup,
        verbose_name=pgettext_lazy("community group", "group"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.ACTIVE)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["group", "role", "joined_at"]
        constraints = [
            models.UniqueConstraint(fields=["group", "member"], name="groups_membership_one_per_pair"),
            models.UniqueConstraint(
                fields=["group"], condition=Q(role="leader", state="active"), name="groups_membership_one_leader"
            ),
        ]
        indexes = [
            models.Index(fields=["member", "state"], name="groups_membership_member_idx"),
            models.Index(fields=["group", "state", "role"], name="groups_membership_group_idx"),
        ]

    def __str__(self):
        return f"{self.member} · {self.group}"

    @property
    def is_active(self):
        return self.state == self.State.ACTIVE

    @property
    def can_manage(self):
        return self.is_active and self.role in (self.Role.LEADER, self.Role.CO_LEADER)

    @property
    def is_leader(self):
        return self.is_active and self.role == self.Role.LEADER


class JoinRequest(models.Model):
    """A member's request to join. Waitlisted means accepted in principle, waiting for a seat, served oldest first."""

    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", pgettext_lazy("decision", "Approved")
        REJECTED = "rejected", _("Rejected")
        WAITLISTED = "waitlisted", _("On the waitlist")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN_STATUSES = (Status.PENDING, Status.WAITLISTED)

    group = models.ForeignKey(
        CommunityGroup,
        verbose_name=pgettext_lazy("community group", "group"),
        on_delete=models.CASCADE,
        related_name="join_requests",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE, related_name="join_requests"
    )
    answers = models.JSONField(_("answers"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    waitlisted_at = models.DateTimeField(_("waitlisted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "member"],
                condition=Q(status__in=["pending", "waitlisted"]),
                name="groups_joinrequest_one_open_per_pair",
            ),
        ]
        indexes = [
            models.Index(fields=["group", "status", "created_at"], name="groups_request_queue_idx"),
            models.Index(fields=["group", "status", "waitlisted_at"], name="groups_request_waitlist_idx"),
            models.Index(fields=["member", "status"], name="groups_request_member_idx"),
        ]

    def __str__(self):
        return f"{self.member} → {self.group} ({self.get_status_display()})"

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES


class LeadershipTransfer(models.Model):
    """An offer of the leader role; it takes effect only when the named member accepts."""

    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    group = models.ForeignKey(
        CommunityGroup,
        verbose_name=pgettext_lazy("community group", "group"),
        on_delete=models.CASCADE,
        related_name="leadership_transfers",
    )
    from_member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("from"), on_delete=models.CASCADE, related_name="+"
    )
    to_member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("to"), on_delete=models.CASCADE, related_name="leadership_offers"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("offered"), default=timezone.now)
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("leadership transfer")
        verbose_name_plural = _("leadership transfers")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["group"], condition=Q(status="pending"), name="groups_transfer_one_pending_per_group"
            ),
        ]

    def __str__(self):
        return f"{self.group}: {self.from_member} → {self.to_member}"


class SpinOff(models.Model):
    """裂变: a full group's leader nominates a member to found a sister group; members may move over."""

    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the nominee")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    from_group = models.ForeignKey(
        CommunityGroup, verbose_name=_("from group"), on_delete=models.CASCADE, related_name="spin_offs"
    )
    nominee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("nominee"), on_delete=models.CASCADE, related_name="spin_off_offers"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    name = models.CharField(_("name of the new group"), max_length=40)
    message = models.CharField(_("note"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    new_group = models.OneToOneField(
        CommunityGroup,
        verbose_name=_("new group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="spun_off_from",
    )
    created_at = models.DateTimeField(_("proposed"), default=timezone.now)
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("spin-off")
        verbose_name_plural = _("spin-offs")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_group"], condition=Q(status="pending"), name="groups_spinoff_one_pending_per_group"
            )
        ]

    def __str__(self):
        return f"{self.from_group} → {self.name}"


class LeaderGrant(models.Model):
    """Leader rights granted by the community team (e.g. through a recruitment call), not earned by leading."""

    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE, related_name="leader_grant"
    )
    founding_credits = models.PositiveSmallIntegerField(
        _("groups they may found without the admission rules"), default=1
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("granted by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("leader grant")
        verbose_name_plural = _("leader grants")
        ordering = ["-granted_at"]

    def __str__(self):
        return str(self.member)

    @property
    def is_active(self):
        return self.revoked_at is None
