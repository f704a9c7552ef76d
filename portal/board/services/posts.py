"""Writing on a group's board: posts (with images, a tag and @mentions), their edits and deletion, and comments.

Every function takes the ``Viewer`` of the person acting, checks what they may do, and raises ``BoardError`` with a
message for them. Counters on the post (``comment_count``: comments neither deleted nor hidden) move with ``F()``
updates inside the same transaction as the row they count, so a board page reads them instead of counting. Each write
first takes the member's lock (``common.lock_writer``), then the post's row: a mute, a lock, a hide or a deletion
committed first is seen, one sent later waits.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from website.core.sanitize import clean_member_html, html_text

from .. import notifications
from ..models import MAX_IMAGES, BoardTag, Comment, ModerationAction, Post, PostEdit, PostImage
from ..signals import purge_post
from .common import RULE_POST, BoardError, award_in_group, lock_writer, log_action, require_writer
from .mentions import record_mentions

#: How long an author may edit their post; afterwards it stands as the group read it.
EDIT_WINDOW = timedelta(hours=24)
TITLE_MAX_LENGTH = 80
BODY_MAX_LENGTH = 5000
COMMENT_MAX_LENGTH = 1000
EXCERPT_LENGTH = 200


def excerpt_of(body):
    """The post's text without markup or runs of white space, cut for lists and search."""
    return " ".join(html_text(body).split())[:EXCERPT_LENGTH]


def _clean_post(viewer, title, body, tag):
    title = " ".join((title or "").split())
    body = clean_member_html(body or "")
    if len(title) > TITLE_MAX_LENGTH:
        raise BoardError(_("The title is too long."))
    if not html_text(body).strip():
        raise BoardError(_("Write something before posting."))
    if len(html_text(body)) > BODY_MAX_LENGTH:
        raise BoardError(_("The post is too long."))
    if tag is not None and tag.group_id != viewer.group.pk:
        raise BoardError(_("Choose one of this group's tags."))
    return title, body


def _locked_tag(viewer, tag):
    """The chosen tag, locked against its removal until the post is saved (a leader removing it at that moment
    waits, then finds the post and clears its tag); a tag removed first is refused with a message."""
    if tag is None:
        return None
    locked = BoardTag.objects.select_for_update(no_key=True).filter(pk=tag.pk, group=viewer.group).first()
    if locked is None:
        raise BoardError(_("This tag no longer exists."))
    return locked


def _mention_text(title, body):
    return f"{title}\n{html_text(body)}"


def create_post(viewer, *, title="", body, tag=None, images=()):
    """A member's new post; the group's posting points (capped per day) go to its author."""
    require_writer(viewer)
    title, body = _clean_post(viewer, title, body, tag)
    images = list(images)
    if len(images) > MAX_IMAGES:
        raise BoardError(_("A post has at most nine images."))
    with transaction.atomic():
        lock_writer(viewer)
        tag = _locked_tag(viewer, tag)
        post = Post.objects.create(
            group=viewer.group,
            author=viewer.user,
            title=title,
            body=body,
            excerpt=excerpt_of(body),
            tag=tag,
        )
        PostImage.objects.bulk_create(
            [PostImage(post=post, image=image, sort_order=order) for order, image in enumerate(images)]
        )
        award_in_group(viewer.user, RULE_POST, post, viewer.group)
        mentions = record_mentions(viewer.group, _mention_text(title, body), author=viewer.user, post=post)
        notifications.mention_recorded(viewer, post, mentions)
    return post


def can_edit(viewer, post, now=None):
    """Only the author, within EDIT_WINDOW of posting, while the post exists, is not hidden and they may write here."""
    return (
        viewer.user.is_authenticated
        and post.author_id == viewer.user.pk
        and not post.is_deleted
        and not post.is_check_in
        # A leader hid it with a reason: editing it would change what they judged, so it stays as it was.
        and not post.is_hidden
        and (now or timezone.now()) < post.created_at + EDIT_WINDOW
    )


def edit_post(viewer, post, *, title, body, tag=None):
    """The author's edit; the version it replaces is kept (PostEdit) for the group's leaders and staff."""
    require_writer(viewer)
    title, body = _clean_post(viewer, title, body, tag)
    with transaction.atomic():
        lock_writer(viewer)
        post = Post.objects.select_for_update().get(pk=post.pk)
        if post.author_id != viewer.user.pk:
            raise BoardError(_("Only the author can edit a post."))
        if post.is_deleted:
            raise BoardError(_("This post no longer exists."))
        if post.is_hidden:
            raise BoardError(_("A post hidden by the group's leaders cannot be edited."))
        if not can_edit(viewer, post):
            raise BoardError(_("A post can be edited only within 24 hours of posting."))
        if (title, body, tag and tag.pk) == (post.title, post.body, post.tag_id):
            return post
        tag = _locked_tag(viewer, tag)
        PostEdit.objects.create(post=post, title=post.title, body=post.body)
        post.title, post.body, post.excerpt, post.tag = title, body, excerpt_of(body), tag
        post.edited_at = timezone.now()
        post.save(update_fields=["title", "body", "excerpt", "tag", "edited_at"])
        mentions = record_mentions(viewer.group, _mention_text(title, body), author=viewer.user, post=post)
        notifications.mention_recorded(viewer, post, mentions)
    return post


def can_delete(viewer, post):
    return viewer.user.is_authenticated and (post.author_id == viewer.user.pk or viewer.is_moderator)


def delete_post(viewer, post):
    """Soft delete by the author or a moderator: the row stays for reports and the log, the board forgets it."""
    if not can_delete(viewer, post):
        raise BoardError(_("Only the author or the group's leaders can delete a post."))
    if not viewer.is_moderator:
        require_writer(viewer)
    with transaction.atomic():
        updated = Post.objects.filter(pk=post.pk, deleted_at__isnull=True).update(deleted_at=timezone.now())
        if not updated:
            raise BoardError(_("This post was already deleted."))
        if post.author_id != viewer.user.pk:
            # A leader removing a member's post is moderation: it goes in the log (whose row also purges the pages).
            log_action(viewer, ModerationAction.Action.DELETE, post=post, member=post.author)
        notifications.withdraw_post(post)
    # update() sends no signal: the cached pages that show the post are purged here.
    purge_post(post.pk, post.group_id)
    post.refresh_from_db(fields=["deleted_at"])
    return post


def _reply_target(viewer, post, parent):
    """The comment replied to, read again under the post's lock: on this post, not deleted, and shown to the
    member (a hidden comment only to its author and the leaders)."""
    if parent is None:
        return None
    parent = Comment.objects.select_related("parent").filter(pk=parent.pk, post=post).first()
    if (
        parent is None
        or parent.is_deleted
        or (parent.is_hidden and not viewer.is_moderator and parent.author_id != viewer.user.pk)
    ):
        raise BoardError(_("The comment you replied to is no longer there."))
    return parent


def add_comment(viewer, post, *, body, parent=None):
    """A comment, or a reply to one; a reply to a reply joins the top-level comment (one level of replies)."""
    require_writer(viewer)
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise BoardError(_("Write a comment first."))
    if len(body) > COMMENT_MAX_LENGTH:
        raise BoardError(_("A comment has at most 1000 characters."))
    with transaction.atomic():
        lock_writer(viewer)
        # The post's row is the lock: a leader locking comments or hiding it is not raced by a comment.
        post = Post.objects.select_for_update().get(pk=post.pk)
        if post.is_deleted or (post.is_hidden and not viewer.is_moderator):
            raise BoardError(_("This post is no longer open for comments."))
        if post.comments_locked:
            raise BoardError(_("A leader locked the comments on this post."))
        replied_to = parent = _reply_target(viewer, post, parent)
        if parent is not None and parent.parent_id is not None:
            parent = parent.parent
        now = timezone.now()
        comment = Comment.objects.create(post=post, author=viewer.user, parent=parent, body=body, created_at=now)
        Post.objects.filter(pk=post.pk).update(comment_count=F("comment_count") + 1, last_comment_at=now)
        mentions = record_mentions(viewer.group, body, author=viewer.user, post=post, comment=comment)
        notifications.mention_recorded(viewer, post, mentions, comment)
        notifications.comment_added(viewer, post, comment, replied_to=replied_to, mentioned=mentions)
    return comment


def can_delete_comment(viewer, comment):
    return viewer.user.is_authenticated and (comment.author_id == viewer.user.pk or viewer.is_moderator)


def delete_comment(viewer, comment):
    """Soft delete by its author or a moderator; replies stay, under a "deleted" placeholder."""
    if not can_delete_comment(viewer, comment):
        raise BoardError(_("Only the author or the group's leaders can delete a comment."))
    if not viewer.is_moderator:
        require_writer(viewer)
    with transaction.atomic():
        updated = Comment.objects.filter(pk=comment.pk, deleted_at__isnull=True).update(deleted_at=timezone.now())
        if not updated:
            raise BoardError(_("This comment was already deleted."))
        # The row is ours until commit, so a leader cannot hide or show it between these two statements; a hidden
        # comment was already taken off the post's count (services.moderation).
        if Comment.objects.filter(pk=comment.pk, hidden_at__isnull=True).exists():
            Post.objects.filter(pk=comment.post_id, comment_count__gt=0).update(comment_count=F("comment_count") - 1)
        if comment.author_id != viewer.user.pk:
            log_action(
                viewer, ModerationAction.Action.DELETE, post=comment.post, comment=comment, member=comment.author
            )
        notifications.withdraw_comment(comment)
    purge_post(comment.post_id, viewer.group.pk)
    comment.refresh_from_db(fields=["deleted_at"])
    return comment
