"""Receivers: page-cache purges for what the anonymous pages show of the board (website.core.page_cache).

What shows a post: its own page, its board's first pages (every cursor and tag: a purge clears every query string),
the 精华 tab and the group's page (the board section: pinned and latest posts, comment counts). A purge is of a
path without its language prefix, so /board/x/ and /en/board/x/ go together.

- A post, comment, like, check-in or check-in topic row saved or deleted purges its post's pages.
- Every moderation action (pin, 精华, hide, lock, review, a leader's deletion...) is logged as a ModerationAction row
  in the same transaction as the change it records; the log row purges its post (or the whole board).
- A tag added, renamed or removed purges the board's lists and the group page (the tags are the board's filters).
- A board switched to or from members-only bumps the whole site's generation: every cached post page of the board
  must go, and there may be thousands of them; it is a rare leader's decision, like a site-settings change.

Changes made with ``QuerySet.update()`` send no signal: a service doing that calls ``purge_post`` itself (an
author's deletion, a like taken back and given again).
"""

from django.conf import settings
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import translation

from portal.groups.models import CommunityGroup
from portal.groups.models.groups import group_index_url
from website.core.page_cache import purge_on_change, purge_paths
from website.core.signals import bump_fragment_version

from .models import (
    BoardSettings,
    BoardTag,
    CheckIn,
    CheckInTopic,
    Comment,
    CommentLike,
    ModerationAction,
    Post,
    PostLike,
)


def board_paths(group_slug):
    """The board's own anonymous pages (its lists) and the group's page, in the default language (purges are
    language-neutral)."""
    with translation.override(settings.LANGUAGE_CODE):
        return [
            reverse("board:index", args=[group_slug]),
            reverse("board:featured", args=[group_slug]),
            f"{group_index_url()}{group_slug}/",
        ]


def post_paths(group_slug, post_id):
    with translation.override(settings.LANGUAGE_CODE):
        page = reverse("board:post", args=[group_slug, post_id])
    return [*board_paths(group_slug), page]


def purge_board(group_id):
    """The board's lists and the group page render afresh (after commit too)."""
    purge_paths(lambda: board_paths(_slug(group_id)))


def purge_post(post_id, group_id=None):
    """The post's page, its board's lists and the group page render afresh (after commit too). Takes ids, so a
    service can call it with what it has (one query for the group's slug)."""

    def paths():
        if group_id is not None:
            group_slug = _slug(group_id)
        else:
            group_slug = Post.objects.filter(pk=post_id).values_list("group__slug", flat=True).first()
        return post_paths(group_slug, post_id) if group_slug and post_id else []

    purge_paths(paths)


def _slug(group_id):
    return CommunityGroup.objects.filter(pk=group_id).values_list("slug", flat=True).first() or ""


def _post_of(model, pk):
    """The post id a comment or a check-in topic belongs to (None once it is gone)."""
    return model.objects.filter(pk=pk).values_list("post_id", flat=True).first()


def _purge_logged(action):
    post_id = action.post_id
    if post_id is None and action.comment_id is not None:
        post_id = _post_of(Comment, action.comment_id)
    if post_id is not None:
        purge_post(post_id, action.group_id)
    else:
        purge_board(action.group_id)


purge_on_change(lambda post: purge_post(post.pk, post.group_id), Post)
purge_on_change(lambda comment: purge_post(comment.post_id), Comment)
purge_on_change(lambda like: purge_post(like.post_id), PostLike)
purge_on_change(lambda like: purge_post(_post_of(Comment, like.comment_id)), CommentLike)
purge_on_change(lambda topic: purge_post(topic.post_id), CheckInTopic)
# A topic's primary key is its post's.
purge_on_change(lambda check_in: purge_post(check_in.topic_id), CheckIn)
purge_on_change(_purge_logged, ModerationAction)
purge_on_change(lambda tag: purge_board(tag.group_id), BoardTag)


@receiver(pre_save, sender=BoardSettings, dispatch_uid="board.settings.visibility_was")
def _remember_visibility(sender, instance, raw=False, **kwargs):
    """The visibility before this save (one query), so the purge knows whether who may read the board changed."""
    if not raw:
        instance._visibility_was = (
            BoardSettings.objects.filter(pk=instance.pk).values_list("visibility", flat=True).first()
            or BoardSettings.Visibility.EVERYONE
        )


def _purge_settings(board_settings):
    if getattr(board_settings, "_visibility_was", board_settings.visibility) != board_settings.visibility:
        bump_fragment_version()
    else:
        purge_board(board_settings.group_id)


purge_on_change(_purge_settings, BoardSettings)
