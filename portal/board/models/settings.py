"""Per-group board settings: who may read the board, and the group's own topic tags for posts.

A group without a settings row has the defaults (everyone reads, no tags): the row is written the first time a leader
changes the settings, so founding a group or installing the app creates nothing.
"""

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.groups.models import CommunityGroup, Membership

__all__ = ["MAX_TAGS", "BoardSettings", "BoardTag", "can_read_board"]

#: Tags a group may define; enough for the practitioners' five layers of content and a few more.
MAX_TAGS = 8


class BoardSettings(models.Model):
    wagtail_reference_index_ignore = True

    class Visibility(models.TextChoices):
        EVERYONE = "everyone", _("Everyone can read the board")
        MEMBERS = "members", _("Only members can read the board")

    group = models.OneToOneField(
        CommunityGroup,
        verbose_name=pgettext_lazy("community group", "group"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="board_settings",
    )
    visibility = models.CharField(
        _("who reads the board"), max_length=10, choices=Visibility.choices, default=Visibility.EVERYONE
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("board settings")
        verbose_name_plural = _("board settings")

    def __str__(self):
        return str(self.group)

    @property
    def members_only(self):
        return self.visibility == self.Visibility.MEMBERS

    @classmethod
    def for_group(cls, group):
        """The group's settings, or unsaved defaults when the leaders never changed them (no write on read)."""
        try:
            return group.board_settings
        except cls.DoesNotExist:
            return cls(group=group)


class BoardTag(models.Model):
    """A topic tag a group's leaders define for posts (讨论, 作业, 活动, ...); a post carries at most one."""

    wagtail_reference_index_ignore = True

    group = models.ForeignKey(
        CommunityGroup,
        verbose_name=pgettext_lazy("community group", "group"),
        on_delete=models.CASCADE,
        related_name="board_tags",
    )
    name = models.CharField(pgettext_lazy("record name", "name"), max_length=12)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("board tag")
        verbose_name_plural = _("board tags")
        ordering = ["sort_order", "pk"]
        constraints = [models.UniqueConstraint("group", Lower("name"), name="board_tag_name_per_group")]

    def __str__(self):
        return self.name


def can_read_board(group, user, membership=None):
    """Whether ``user`` may read the group's board: everyone for an open board of an active group; members (and
    staff) for a members-only one. ``membership`` is the user's active membership when the caller has it already."""
    if user.is_authenticated and user.is_staff:
        return True
    if not BoardSettings.for_group(group).members_only:
        return True
    if not user.is_authenticated:
        return False
    if membership is not None:
        return membership.is_active
    return Membership.objects.active().filter(group=group, member=user).exists()
