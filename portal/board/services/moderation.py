"""What a group's leaders (and staff) do to keep the board civil: pin, mark 精华, lock comments, hide, mute.

Each function checks the viewer moderates the group, changes one row under a row lock and appends one row to the
moderation log, all in one transaction. Unfeaturing a post keeps the author's 精华 points: they were earned when a
leader judged the post, and the award happens once per post however often it is featured again (the ledger's
(member, rule, source) rule), so taking the mark back and forth mints nothing.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.groups.models import CommunityGroup, Membership

from .. import notifications
from ..models import Comment, ModerationAction, Mute, Post
from .common import RULE_FEATURED, BoardError, award_in_group, log_action, require_moderator, require_open_board

__all__ = [
    "MAX_PINNED",
    "MAX_MUTE_DAYS",
    "MAX_REASON",
    "clean_reason",
    "pin_post",
    "feature_post",
    "lock_comments",
    "hide_post",
    "unhide_post",
    "hide_comment",
    "unhide_comment",
    "mute_member",
    "unmute_member",
]

#: Posts pinned at the top of a board at once: more and nothing stands out.
MAX_PINNED = 3
MAX_MUTE_DAYS = 90
MAX_REASON = 200

Action = ModerationAction.Action


def clean_reason(reason):
    """The reason a member is shown for hiding or muting: required, at most MAX_REASON characters."""
    reason = (reason or "").strip()
    if not reason:
        raise BoardError(_("Give a reason: the member sees it."))
    if len(reason) > MAX_REASON:
        raise BoardError(_("Keep the reason under %(max)d characters.") % {"max": MAX_REASON})
    return reason


def _locked_post(viewer, post):
    """The post, locked, after checking it belongs to the viewer's group and still exists."""
    require_moderator(viewer)
    locked = Post.objects.select_for_update().filter(pk=post.pk, group=viewer.group).first()
    if locked is None or locked.is_deleted:
        raise BoardError(_("This post no longer exists."))
    return locked


def _locked_comment(viewer, comment):
    require_moderator(viewer)
    # The comment's row only: hiding one moves its post's count afterwards, comment then post, as deleting does.
    locked = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("post")
        .filter(pk=comment.pk, post__group=viewer.group)
        .first()
    )
    if locked is None or locked.is_deleted:
        raise BoardError(_("This comment no longer exists."))
    return locked


def _save(instance, **fields):
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.save(update_fields=list(fields))


@transaction.atomic
def pin_post(viewer, post, pinned=True):
    """Pin (or unpin) a post; at most MAX_PINNED per group. The group row is locked first, so two leaders pinning
    the third and fourth post at the same moment are served one after the other and the second is refused."""
    require_moderator(viewer)
    CommunityGroup.objects.select_for_update().filter(pk=viewer.group.pk).first()
    post = _locked_post(viewer, post)
    if pinned == post.is_pinned:
        return post
    if pinned:
        require_open_board(viewer)
        if post.is_hidden:
            raise BoardError(_("Show the post again before pinning it."))
        count = Post.objects.existing().filter(group=viewer.group, pinned_at__isnull=False).count()
        if count >= MAX_PINNED:
            raise BoardError(_("At most %(max)d posts can be pinned. Unpin one first.") % {"max": MAX_PINNED})
    _save(post, pinned_at=timezone.now() if pinned else None)
    log_action(viewer, Action.PIN if pinned else Action.UNPIN, post=post, member=post.author)
    return post


@transaction.atomic
def feature_post(viewer, post, featured=True):
    """Mark a post 精华 (or take the mark back). The author earns RULE_FEATURED once per post, ever."""
    post = _locked_post(viewer, post)
    if featured == post.is_featured:
        return post
    if featured:
        require_open_board(viewer)
    if featured and post.is_hidden:
        raise BoardError(_("Show the post again before marking it as featured."))
    _save(post, featured_at=timezone.now() if featured else None)
    if featured:
        award_in_group(post.author, RULE_FEATURED, post, viewer.group)
        notifications.featured(viewer, post)
    log_action(viewer, Action.FEATURE if featured else Action.UNFEATURE, post=post, member=post.author)
    return post


@transaction.atomic
def lock_comments(viewer, post, locked=True):
    """Close (or reopen) a post's comments; what was said stays. Not on an archived board, whose posts take no
    comments anyway."""
    post = _locked_post(viewer, post)
    if locked == post.comments_locked:
        return post
    require_open_board(viewer)
    _save(post, comments_locked=locked)
    log_action(viewer, Action.LOCK if locked else Action.UNLOCK, post=post, member=post.author)
    return post


def hide_locked_post(viewer, post, reason):
    """Hide a post already locked by the caller (reports reuse it); False when it was hidden already."""
    if post.is_hidden:
        return False
    # A hidden post leaves the top of the board: readers no longer see it there.
    _save(post, hidden_at=timezone.now(), hidden_reason=reason, pinned_at=None)
    log_action(viewer, Action.HIDE, post=post, member=post.author, reason=reason)
    notifications.withdraw_post(post)
    return True


def _count_comment(comment, step):
    """A post's ``comment_count`` counts its shown comments: hiding one takes it off, showing it again puts it back."""
    if comment.is_deleted:
        return
    posts = Post.objects.filter(pk=comment.post_id)
    if step < 0:
        posts = posts.filter(comment_count__gt=0)
    posts.update(comment_count=F("comment_count") + step)


def hide_locked_comment(viewer, comment, reason):
    if comment.is_hidden:
        return False
    _save(comment, hidden_at=timezone.now(), hidden_reason=reason)
    _count_comment(comment, -1)
    log_action(viewer, Action.HIDE, post=comment.post, comment=comment, member=comment.author, reason=reason)
    notifications.withdraw_comment(comment)
    return True


@transaction.atomic
def hide_post(viewer, post, reason):
    """Hide a post from everyone but its author (who sees why) and the moderators."""
    reason = clean_reason(reason)
    post = _locked_post(viewer, post)
    if not hide_locked_post(viewer, post, reason):
        raise BoardError(_("This post is already hidden."))
    return post


@transaction.atomic
def unhide_post(viewer, post):
    post = _locked_post(viewer, post)
    if not post.is_hidden:
        raise BoardError(_("This post is not hidden."))
    _save(post, hidden_at=None, hidden_reason="")
    log_action(viewer, Action.UNHIDE, post=post, member=post.author)
    return post


@transaction.atomic
def hide_comment(viewer, comment, reason):
    reason = clean_reason(reason)
    comment = _locked_comment(viewer, comment)
    if not hide_locked_comment(viewer, comment, reason):
        raise BoardError(_("This comment is already hidden."))
    return comment


@transaction.atomic
def unhide_comment(viewer, comment):
    comment = _locked_comment(viewer, comment)
    if not comment.is_hidden:
        raise BoardError(_("This comment is not hidden."))
    _save(comment, hidden_at=None, hidden_reason="")
    _count_comment(comment, 1)
    log_action(viewer, Action.UNHIDE, post=comment.post, comment=comment, member=comment.author)
    return comment


def _clean_days(days):
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= MAX_MUTE_DAYS:
        raise BoardError(_("Mute for 1 to %(max)d days.") % {"max": MAX_MUTE_DAYS})
    return days


@transaction.atomic
def mute_member(viewer, member, *, days, reason):
    """Mute a member of the group for ``days``: they read the board but may not write on it until the mute ends.
    Muting again replaces the end and the reason. Leaders, co-leaders, staff and yourself cannot be muted."""
    require_moderator(viewer)
    days, reason = _clean_days(days), clean_reason(reason)
    if member.pk == viewer.user.pk:
        raise BoardError(_("You cannot mute yourself."))
    # The membership row is the lock every write on the board takes (common.lock_writer): a post or comment under
    # way is finished before the mute, and one sent after it is refused.
    membership = (
        Membership.objects.active().select_for_update(no_key=True).filter(group=viewer.group, member=member).first()
    )
    if membership is None:
        raise BoardError(_("Only members of this group can be muted."))
    if membership.can_manage or member.is_staff:
        raise BoardError(_("Leaders and co-leaders cannot be muted."))
    until = timezone.now() + timedelta(days=days)
    mute, _created = Mute.objects.update_or_create(
        group=viewer.group,
        member=member,
        defaults={"until": until, "reason": reason, "created_by": viewer.user, "created_at": timezone.now()},
    )
    log_action(viewer, Action.MUTE, member=member, reason=reason)
    return mute


@transaction.atomic
def unmute_member(viewer, member):
    """End a member's mute now; the log keeps that it happened."""
    require_moderator(viewer)
    deleted, _rows = Mute.objects.current().filter(group=viewer.group, member=member).delete()
    if not deleted:
        raise BoardError(_("This member is not muted."))
    log_action(viewer, Action.UNMUTE, member=member)
