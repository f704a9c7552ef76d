"""Likes on posts and comments: one row per member and thing, kept when taken back, so liking again never pays twice.

``update()`` sends no signal, so a change that moved a counter purges the cached pages itself (``purge_post``).

The liked thing's row is locked first (the counter's update would lock it anyway), so its state is read again under
the lock: a like sent while a leader hides or the author deletes the post is refused, not counted. The unique
constraint decides which of two simultaneous first likes creates the row, and a conditional UPDATE on ``active``
decides which change moves the counter, so ``like_count`` stays the number of active rows through any storm of
likes and unlikes. The author's points for a like are awarded when the row is created (the award's source is the
row, once ever), never for liking your own, never to the member who likes.
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from .. import notifications
from ..models import Comment, CommentLike, Post, PostLike
from ..signals import purge_post
from .common import RULE_LIKE_RECEIVED, BoardError, award_in_group, lock_writer, require_writer


def _like_row(model, member, **target):
    """The member's like row for the target, created active; (row, created). Two first likes at once: one creates,
    the other finds it."""
    try:
        with transaction.atomic():
            return model.objects.create(member=member, active=True, **target), True
    except IntegrityError:
        return model.objects.get(member=member, **target), False


def _set_like(viewer, model, counted, thing, target, liked, check):
    """Switch the like on or off; returns True when the counter moved. The author hears of the first like only.
    ``check(locked)`` refuses a like of the thing as it is under the lock."""
    member = viewer.user
    with transaction.atomic():
        lock_writer(viewer)
        locked = counted.select_for_update(of=("self",)).filter(pk=thing.pk).first()
        if locked is None:
            raise BoardError(_("This post no longer exists."))
        if liked:
            check(locked)
            like, created = _like_row(model, member, **target)
            changed = created or model.objects.filter(pk=like.pk, active=False).update(active=True) == 1
            if changed:
                counted.filter(pk=thing.pk).update(like_count=F("like_count") + 1)
            if created and locked.author_id != member.pk:
                award_in_group(locked.author, RULE_LIKE_RECEIVED, like, viewer.group)
                notifications.liked(viewer, thing)
            return changed
        changed = model.objects.filter(member=member, active=True, **target).update(active=False) == 1
        if changed:
            counted.filter(pk=thing.pk, like_count__gt=0).update(like_count=F("like_count") - 1)
        return changed


def _check_post(post):
    if post.is_deleted or post.is_hidden:
        raise BoardError(_("This post can no longer be liked."))


def _check_comment(comment):
    _check_post(comment.post)
    if comment.is_deleted or comment.is_hidden:
        raise BoardError(_("This comment can no longer be liked."))


def set_post_like(viewer, post, liked):
    """Like (``liked=True``) or take back the like on a post; returns the post with its current count."""
    require_writer(viewer)
    if liked:
        _check_post(post)
    if _set_like(viewer, PostLike, Post.objects.select_related("author"), post, {"post": post}, liked, _check_post):
        purge_post(post.pk, post.group_id)
    post.refresh_from_db(fields=["like_count"])
    return post


def set_comment_like(viewer, comment, liked):
    """As set_post_like, for a comment."""
    require_writer(viewer)
    if liked:
        _check_comment(comment)
    comments = Comment.objects.select_related("post", "author")
    if _set_like(viewer, CommentLike, comments, comment, {"comment": comment}, liked, _check_comment):
        purge_post(comment.post_id, viewer.group.pk)
    comment.refresh_from_db(fields=["like_count"])
    return comment
