"""What every board service shares: the error they raise, who the person acting is in the group, the point rules.

A ``Viewer`` is read once per request (one query for the membership, one for a current mute) and handed to the
services and templates, so "may this person read, write, moderate?" has one answer per request.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.groups.models import Membership
from portal.points import services as points

from ..models import BoardSettings, ModerationAction, Mute, can_read_board

# Point rules the board awards, all earned in the group (the ledger's scope). Amounts and daily caps are the
# community team's to tune in the admin; defaults in structure.py.
RULE_POST = "board_post"
RULE_LIKE_RECEIVED = "board_like_received"
RULE_FEATURED = "board_featured"
RULE_CHECK_IN = "board_check_in"
RULE_ASSIGNMENT_REVIEWED = "board_assignment_reviewed"


class BoardError(Exception):
    """A request the board's rules refuse; the message is shown to the person who made it."""


@dataclass
class Viewer:
    """The person looking at or acting on one group's board."""

    user: object
    group: object
    membership: Membership | None
    settings: BoardSettings
    mute: Mute | None

    @property
    def is_member(self):
        return self.membership is not None

    @property
    def is_moderator(self):
        """Leaders and co-leaders moderate their group's board; staff moderate every board."""
        if self.user.is_authenticated and self.user.is_staff:
            return True
        return self.membership is not None and self.membership.can_manage

    @property
    def can_read(self):
        return (
            can_read_board(self.group, self.user, self.membership)
            if self.user.is_authenticated
            else (not self.settings.members_only)
        )

    @property
    def is_muted(self):
        return self.mute is not None and self.mute.is_current

    @property
    def can_write(self):
        """Post, comment, like, report, check in: active members of an active group who are not muted."""
        return self.is_member and self.group.is_active and not self.is_muted


def viewer_for(group, user):
    """The viewer's standing in ``group``: at most two queries (membership, current mute) and none for visitors."""
    membership = mute = None
    if user.is_authenticated:
        membership = Membership.objects.active().filter(group=group, member=user).first()
        if membership is not None:
            mute = Mute.objects.current().filter(group=group, member=user).first()
    return Viewer(user=user, group=group, membership=membership, settings=BoardSettings.for_group(group), mute=mute)


def require_writer(viewer):
    """Refuse with the member's message unless they may write on this board now."""
    if not viewer.user.is_authenticated or not viewer.is_member:
        raise BoardError(_("Only members of this group can do that."))
    if not viewer.group.is_active:
        raise BoardError(_("This group is archived; its board is read-only."))
    if viewer.is_muted:
        raise BoardError(
            _("A leader muted you in this group until %(until)s: %(reason)s")
            % {
                "until": date_format(timezone.localtime(viewer.mute.until), "DATETIME_FORMAT"),
                "reason": viewer.mute.reason,
            }
        )


def lock_writer(viewer):
    """Inside the write's transaction: lock the member's membership row and read it and their mute again.

    ``mute_member`` (and leaving or removal, which update the row) take the same row, so a write and a mute are
    served one after the other: a write already under way finishes before the mute; one that comes after it is
    refused, even when its request read the member's standing before the mute was committed.
    """
    membership = (
        Membership.objects.active()
        .select_for_update(no_key=True)
        .filter(group=viewer.group, member=viewer.user)
        .first()
    )
    if membership is None:
        raise BoardError(_("Only members of this group can do that."))
    viewer.membership = membership
    viewer.mute = Mute.objects.current().filter(group=viewer.group, member=viewer.user).first()
    require_writer(viewer)


def require_moderator(viewer):
    if not viewer.is_moderator:
        raise BoardError(_("Only the group's leaders can do that."))


def require_open_board(viewer):
    """An archived group's board is read-only for its leaders too: nothing is added (a pin, a 精华 mark with its
    points and notice, a comment lock, a topic, a review with its points). Taking things down stays allowed."""
    if not viewer.group.is_active:
        raise BoardError(_("This group is archived; its board is read-only."))


def log_action(viewer, action, *, post=None, comment=None, member=None, reason=""):
    """Append one row to the group's moderation log (inside the caller's transaction)."""
    return ModerationAction.objects.create(
        group=viewer.group,
        actor=viewer.user,
        action=action,
        post=post,
        comment=comment,
        member=member,
        reason=reason[:200],
    )


def award_in_group(member, rule_code, source, group):
    """Group-scoped points for taking part on the board; the rule's daily cap applies. Staff earn nothing.

    Points paid stay paid: hiding or deleting the post, comment or check-in later takes nothing back (as taking a
    精华 mark back keeps its points). The daily caps bound what posting and deleting again can earn, and every
    award's source is the row it was paid for, once ever, so a like, a 精华 or a review never pays twice.
    """
    if member.is_staff:
        return None
    return points.award(member, rule_code, source, scope=group)
