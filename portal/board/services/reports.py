"""Members' reports of posts and comments, and how the leaders (or the community team) handle them.

A report goes to the group's leaders, unless the reported content is a leader's or co-leader's own: then it is
``to_team`` and only staff handle it. Handling judges the content, not one report: upholding hides it and closes
every open report on it; dismissing closes every open report on it too, so a leader never decides the same thing
twice. Staff handling a report is also recorded in the object's admin history, like every staff action.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.groups.models import Membership

from ..models import Comment, ModerationAction, Post, Report
from .common import BoardError, lock_writer, log_action, require_moderator, require_writer
from .moderation import clean_reason, hide_locked_comment, hide_locked_post

__all__ = ["MAX_DETAIL", "AlreadyReported", "report", "uphold_report", "dismiss_report", "can_handle", "same_content"]

MAX_DETAIL = 300
MAX_NOTE = 200


class AlreadyReported(BoardError):
    """The member has an open report on this already: nothing changes, and they are told so."""


def _author_leads(group, author):
    return Membership.objects.leading().filter(group=group, member=author).exists()


def _target(viewer, post, comment):
    """The reported post (and comment), checked to be in the viewer's group, existing and shown."""
    if post.group_id != viewer.group.pk or post.is_deleted:
        raise BoardError(_("This post no longer exists."))
    if comment is not None:
        if comment.post_id != post.pk or comment.is_deleted:
            raise BoardError(_("This comment no longer exists."))
        return comment
    return post


def report(viewer, *, post, comment=None, reason, detail=""):
    """A member reports a post or a comment to the leaders (or to the team, for a leader's own content)."""
    require_writer(viewer)
    target = _target(viewer, post, comment)
    if target.author_id == viewer.user.pk:
        raise BoardError(_("You cannot report what you wrote yourself."))
    if target.is_hidden or post.is_hidden:
        raise BoardError(_("The leaders have already hidden this."))
    if reason not in Report.Reason.values:
        raise BoardError(_("Choose a reason for the report."))
    detail = (detail or "").strip()
    if len(detail) > MAX_DETAIL:
        raise BoardError(_("Keep the details under %(max)d characters.") % {"max": MAX_DETAIL})
    already = Report.objects.open().filter(reporter=viewer.user, post=post, comment=comment)
    if comment is None:
        already = already.filter(comment__isnull=True)
    if already.exists():
        raise AlreadyReported(_("You have already reported this; it is waiting to be looked at."))
    try:
        # The partial unique constraints settle two simultaneous reports by the same member: the second fails here.
        with transaction.atomic():
            lock_writer(viewer)
            return Report.objects.create(
                group=viewer.group,
                reporter=viewer.user,
                post=post,
                comment=comment,
                reason=reason,
                detail=detail,
                to_team=_author_leads(viewer.group, target.author),
            )
    except IntegrityError:
        raise AlreadyReported(_("You have already reported this; it is waiting to be looked at.")) from None


def can_handle(viewer, report):
    """Staff handle any report; the group's leaders handle their group's reports except those for the team."""
    if not viewer.is_moderator or report.group_id != viewer.group.pk:
        return False
    return viewer.user.is_staff or not report.to_team


def same_content(report):
    """Every report on the same post or comment as ``report``."""
    reports = Report.objects.filter(post_id=report.post_id)
    if report.comment_id is None:
        return reports.filter(comment__isnull=True)
    return reports.filter(comment_id=report.comment_id)


def _locked_open_report(viewer, report):
    """``report`` locked and read afresh, with every report on the same content locked first in primary-key order:
    a leader on the board and staff in the admin deciding two reports on one comment then queue up (the second is
    refused) instead of each holding one row the other's closing UPDATE needs - a deadlock, a 500 on PostgreSQL."""
    require_moderator(viewer)
    list(same_content(report).select_for_update().order_by("pk").values_list("pk", flat=True))
    locked = Report.objects.select_for_update().filter(pk=report.pk).first()
    if locked is None or not can_handle(viewer, locked):
        raise BoardError(_("The community team handles this report."))
    if not locked.is_open:
        raise BoardError(_("This report has already been handled."))
    return locked


def _close(viewer, report, status, note):
    """Close every open report on the same content; staff decisions also go into the admin history."""
    same_content(report).open().update(
        status=status, handled_by=viewer.user, handled_at=timezone.now(), note=note[:MAX_NOTE]
    )
    report.refresh_from_db()
    if viewer.user.is_staff:
        action = "board.report.uphold" if status == Report.Status.UPHELD else "board.report.dismiss"
        log(instance=report, action=action, user=viewer.user)
    return report


@transaction.atomic
def uphold_report(viewer, report, *, reason):
    """The report is right: hide the content with ``reason`` (shown to its author) and close its open reports."""
    reason = clean_reason(reason)
    report = _locked_open_report(viewer, report)
    if report.comment_id:
        comment = Comment.objects.select_for_update(of=("self",)).select_related("post").get(pk=report.comment_id)
        hide_locked_comment(viewer, comment, reason)
    else:
        post = Post.objects.select_for_update().get(pk=report.post_id)
        hide_locked_post(viewer, post, reason)
    return _close(viewer, report, Report.Status.UPHELD, reason)


@transaction.atomic
def dismiss_report(viewer, report, *, note=""):
    """Nothing wrong with the content: close its open reports and log the dismissal."""
    note = (note or "").strip()[:MAX_NOTE]
    report = _locked_open_report(viewer, report)
    log_action(viewer, ModerationAction.Action.DISMISS_REPORT, post=report.post, comment=report.comment, reason=note)
    return _close(viewer, report, Report.Status.DISMISSED, note)
