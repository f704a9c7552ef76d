"""Invite links: a leader (or a member, where the group allows it) hands out a link that lets people join, with an
expiry and a number of uses; each use is recorded with the member it brought in, admitted at once or on a request
that the leaders approve later."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .groups import CommunityGroup
from .membership import JoinRequest

__all__ = ["Invitation", "InvitationUse"]

MAX_USES_LIMIT = 100
# The point rule that pays the inviter, once per member a link brings in (README: Invite links).
INVITE_POINT_RULE = "group_invite"


def new_invitation_code():
    return secrets.token_urlsafe(16)


class InvitationQuerySet(models.QuerySet):
    def usable(self, now=None):
        """Not revoked, not expired, not used up."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now, uses__lt=F("max_uses"))


class Invitation(models.Model):
    """One invite link of a group. ``uses`` is a counter claimed with a conditional UPDATE (``uses < max_uses``)."""

    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    group = models.ForeignKey(
        CommunityGroup,
        verbose_name=pgettext_lazy("community group", "group"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invited by"), on_delete=models.CASCADE, related_name="+"
    )
    code = models.CharField(_("code"), max_length=32, unique=True, default=new_invitation_code, editable=False)
    expires_at = models.DateTimeField(_("expires"))
    max_uses = models.PositiveSmallIntegerField(
        _("maximum uses"), default=10, validators=[MinValueValidator(1), MaxValueValidator(MAX_USES_LIMIT)]
    )
    uses = models.PositiveSmallIntegerField(_("uses"), default=0, editable=False)
    skip_approval = models.BooleanField(
        _("admit without approval"),
        default=False,
        help_text=_("For groups that review requests: people who accept this link join at once."),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    created_at = models.DateTimeField(pgettext_lazy("invite link", "created"), default=timezone.now)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invite link")
        verbose_name_plural = _("invite links")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(uses__lte=F("max_uses")), name="groups_invitation_uses_within_limit"),
            models.CheckConstraint(
                condition=Q(max_uses__gte=1, max_uses__lte=MAX_USES_LIMIT), name="groups_invitation_max_uses_range"
            ),
        ]
        indexes = [
            models.Index(fields=["group", "created_by", "-created_at"], name="groups_invitation_owner_idx"),
        ]

    def __str__(self):
        return f"{self.group} · {self.code[:6]}…"

    def get_absolute_url(self):
        # Shared between people of either language: the default language's address, which has no prefix.
        with translation.override(settings.LANGUAGE_CODE):
            return reverse("groups:invitation", kwargs={"code": self.code})

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    @property
    def is_used_up(self):
        return self.uses >= self.max_uses

    @property
    def is_usable(self):
        return not (self.is_revoked or self.is_expired or self.is_used_up)

    @property
    def status_label(self):
        if self.is_revoked:
            return _("Revoked")
        if self.is_expired:
            return pgettext_lazy("invite link", "Expired")
        if self.is_used_up:
            return _("Used up")
        return pgettext_lazy("invite link", "Active")


class InvitationUseQuerySet(models.QuerySet):
    def behind(self, request):
        """The use of an invite link that opened ``request`` (a JoinRequest) and is not admitted yet, or None.

        Accepting an approval group's plain link records the use and opens the request in one transaction, both
        stamped with the same time. The use behind a request is the member's last use of a link of that group at or
        before the request, provided no other request of theirs for the group came in between: a request the member
        opened themself after a link's request was withdrawn or rejected owes the link nothing.
        """
        use = (
            self.filter(
                invitation__group_id=request.group_id,
                member_id=request.member_id,
                created_at__lte=request.created_at,
            )
            .select_related("invitation__created_by")
            .order_by("-created_at", "-pk")
            .first()
        )
        if use is None or use.admitted:
            return None
        in_between = (
            JoinRequest.objects.filter(
                group_id=request.group_id,
                member_id=request.member_id,
                created_at__gte=use.created_at,
                created_at__lt=request.created_at,
            )
            .exclude(pk=request.pk)
            .exists()
        )
        return None if in_between else use


class InvitationUse(models.Model):
    """A member who accepted an invite link. ``admitted`` is True once the link brought them in: at once, or when the
    leaders approved the request it opened in an approval group (False while it waits, and for good if refused)."""

    # Operational records: Wagtail's reference index (content usage) has no use for them and costs queries per save.
    wagtail_reference_index_ignore = True

    invitation = models.ForeignKey(
        Invitation, verbose_name=_("invite link"), on_delete=models.CASCADE, related_name="acceptances"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE, related_name="+"
    )
    admitted = models.BooleanField(_("admitted at once"), default=True)
    created_at = models.DateTimeField(_("accepted"), default=timezone.now)

    objects = InvitationUseQuerySet.as_manager()

    class Meta:
        verbose_name = _("invite link use")
        verbose_name_plural = _("invite link uses")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["invitation", "member"], name="groups_invitation_use_once"),
        ]

    def __str__(self):
        return f"{self.member} · {self.invitation}"
