"""The board's notification types (registered when the app loads) and the emitters its services call after a write:
comments and replies, likes, @mentions and 精华.

Only members who may read the board hear about it (a members-only board tells its members and staff, nobody who
left), nobody hears about their own act, and one comment tells one person one thing: a member named in a comment
hears "mentioned", not also "commented" or "replied".
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from portal.groups.models import Membership
from portal.notifications.services import notify, withdraw
from portal.notifications.types import Channel, NotificationType, register

from . import comment_pages
from .models import BoardSettings, Comment, Post

SECTION = _("Boards")
#: How much of a comment a notification quotes.
QUOTE_LENGTH = 80

register(
    NotificationType(
        "board.commented",
        _("Comments on my posts"),
        "board/notifications/commented.txt",
        default=Channel.DIGEST,
        section=SECTION,
        position=30,
    ),
    NotificationType(
        "board.replied",
        _("Replies to my comments"),
        "board/notifications/replied.txt",
        default=Channel.DIGEST,
        section=SECTION,
        position=30,
    ),
    NotificationType(
        "board.liked",
        _("Likes on my posts and comments"),
        "board/notifications/liked.txt",
        default=Channel.SITE,
        section=SECTION,
        position=30,
    ),
    NotificationType(
        "board.mentioned",
        _("Someone @mentions me"),
        "board/notifications/mentioned.txt",
        default=Channel.EMAIL,
        section=SECTION,
        position=30,
    ),
    NotificationType(
        "board.featured",
        _("My post is marked as featured"),
        "board/notifications/featured.txt",
        default=Channel.EMAIL,
        section=SECTION,
        position=30,
    ),
)


def post_path(group, post_id):
    """The post's page without a language prefix: each reader gets the site in their own language."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("board:post", kwargs={"slug": group.slug, "pk": post_id})


def comment_path(viewer, post, comment):
    """The comment on the page of the post that holds it (its thread's page for a reply far down), as the board's
    own redirects link it."""
    query = comment_pages.page_query_for(post, viewer, comment)
    return f"{post_path(viewer.group, post.pk)}{query}#comment-{comment.pk}"


def _quote(text):
    text = " ".join((text or "").split())
    return text if len(text) <= QUOTE_LENGTH else text[: QUOTE_LENGTH - 1] + "…"


def readers(group, member_ids, board_settings=None):
    """Those of ``member_ids`` who may read the group's board (models.can_read_board, for many at once): everyone on
    an open board; on a members-only one its active members and staff (two queries, only there)."""
    member_ids = {member_id for member_id in member_ids if member_id is not None}
    board_settings = board_settings or BoardSettings.for_group(group)
    if not member_ids or not board_settings.members_only:
        return member_ids
    members = set(
        Membership.objects.active().filter(group=group, member_id__in=member_ids).values_list("member_id", flat=True)
    )
    rest = member_ids - members
    if rest:
        members |= set(get_user_model().objects.filter(pk__in=rest, is_staff=True).values_list("pk", flat=True))
    return members


def _post_params(group, post):
    return {"group": group.name, "post": post.heading}


def comment_added(viewer, post, comment, *, replied_to=None, mentioned=()):
    """A new comment: "commented" to the post's author for a top-level one; "replied" for a reply, to the author of
    the comment replied to and of the thread's first comment. Members named in the comment hear "mentioned" instead
    (``mention_recorded``), so nobody is told twice about one comment."""
    named = {mention.member_id for mention in mentioned}
    if comment.parent_id is None:
        kind, recipients = "board.commented", {post.author_id}
    else:
        kind = "board.replied"
        recipients = {comment.parent.author_id, replied_to.author_id if replied_to is not None else None}
    recipients = readers(viewer.group, recipients - named - {viewer.user.pk}, viewer.settings)
    if not recipients:
        return
    notify(
        kind,
        recipients,
        target=comment,
        url=comment_path(viewer, post, comment),
        actor=viewer.user,
        params={**_post_params(viewer.group, post), "comment": _quote(comment.body)},
    )


def mention_recorded(viewer, post, mentions, comment=None):
    """Members newly named with @ in a post or a comment (the Mention rows record_mentions just created). The key
    is the post or the comment, so an edit that names them again tells nothing new."""
    recipients = readers(viewer.group, {mention.member_id for mention in mentions}, viewer.settings)
    if not recipients:
        return
    target = comment or post
    notify(
        "board.mentioned",
        recipients,
        target=target,
        key=f"{'comment' if comment is not None else 'post'}:{target.pk}",
        url=comment_path(viewer, post, comment) if comment is not None else post_path(viewer.group, post.pk),
        actor=viewer.user,
        params={
            **_post_params(viewer.group, post),
            "comment": _quote(comment.body) if comment is not None else "",
        },
    )


def liked(viewer, thing):
    """The first like a member ever gives a post or comment (``thing``) tells its author; taking it back and liking
    again tells nothing new (the key names the liker)."""
    recipients = readers(viewer.group, {thing.author_id} - {viewer.user.pk}, viewer.settings)
    if not recipients:
        return
    is_comment = isinstance(thing, Comment)
    post = thing.post if is_comment else thing
    content_type = ContentType.objects.get_for_model(thing)
    notify(
        "board.liked",
        recipients,
        target=thing,
        key=f"{content_type.pk}:{thing.pk}:{viewer.user.pk}",
        url=comment_path(viewer, post, thing) if is_comment else post_path(viewer.group, post.pk),
        actor=viewer.user,
        params={**_post_params(viewer.group, post), "comment": _quote(thing.body) if is_comment else ""},
    )


def featured(viewer, post):
    """A leader marked the post 精华; once per post, however often the mark is taken back and given again."""
    notify(
        "board.featured",
        readers(viewer.group, {post.author_id}, viewer.settings),
        target=post,
        url=post_path(viewer.group, post.pk),
        actor=viewer.user,
        params=_post_params(viewer.group, post),
    )


def withdraw_post(post):
    """A post hidden or deleted: what was told about it and its comments is taken back from everyone but its author,
    so no list or digest keeps quoting what the board no longer shows them."""
    withdraw(Post, [post.pk], keep_for=[post.author_id])
    withdraw(Comment, Comment.objects.filter(post_id=post.pk).values_list("pk", flat=True), keep_for=[post.author_id])


def withdraw_comment(comment):
    """A comment hidden or deleted: what was told about it is taken back from everyone but its author."""
    withdraw(Comment, [comment.pk], keep_for=[comment.author_id])
