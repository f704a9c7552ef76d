"""Posts, their earlier versions, images, comments (one level of replies), likes and @mentions.

Posts and comments are never removed from the database by their authors: deleting sets ``deleted_at`` so reports
and the moderation log keep what they point at, and an edit stores the replaced version (``PostEdit``) for the
group's leaders and staff. Counters (comments, likes) are kept with ``F()`` updates by the services, so a board page
reads them from the post row instead of counting.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.search import index

from portal.groups.models import CommunityGroup, Membership
from website.core.search import segmented
from website.core.uploads import private_storage, unguessable_name

from .settings import BoardSettings, BoardTag, can_read_board

__all__ = [
    "MAX_IMAGES",
    "image_access",
    "Post",
    "PostEdit",
    "PostImage",
    "Comment",
    "PostLike",
    "CommentLike",
    "Mention",
]

MAX_IMAGES = 9


class PostQuerySet(models.QuerySet):
    def existing(self):
        """Not deleted by their author."""
        return self.filter(deleted_at__isnull=True)

    def shown(self):
        """What every reader of the board sees: not deleted, not hidden by a leader."""
        return self.filter(deleted_at__isnull=True, hidden_at__isnull=True)

    def visible_to(self, user, *, moderator=False):
        """What ``user`` sees on a board they may read: hidden posts only to their author and the group's leaders."""
        posts = self.existing()
        if moderator:
            return posts
        if user.is_authenticated:
            return posts.filter(Q(hidden_at__isnull=True) | Q(author=user))
        return posts.filter(hidden_at__isnull=True)

    def public(self):
        """Shown posts on boards everyone may read, in active groups: search, profiles, the sitemap."""
        return (
            self.shown()
            .filter(group__status=CommunityGroup.Status.ACTIVE)
            .exclude(group__board_settings__visibility="members")
        )


class Post(index.Indexed, models.Model):
    wagtail_reference_index_ignore = True

    class Kind(models.TextChoices):
        POST = "post", pgettext_lazy("board post kind", "Post")
        CHECK_IN = "check_in", pgettext_lazy("board post kind", "Check-in topic")

    group = models.ForeignKey(
        CommunityGroup,
        verbose_name=pgettext_lazy("community group", "group"),
        on_delete=models.CASCADE,
        related_name="posts",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.CASCADE, related_name="board_posts"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.POST)
    tag = models.ForeignKey(
        BoardTag, verbose_name=_("tag"), on_delete=models.SET_NULL, null=True, blank=True, related_name="posts"
    )
    title = models.CharField(_("title"), max_length=80, blank=True)
    # Cleaned member HTML (website.core.sanitize.clean_member_html), and its text cut short for lists and search.
    body = models.TextField(_("body"), blank=True)
    excerpt = models.CharField(_("excerpt"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    # Moderation by the group's leaders (services.moderation); each change is also a ModerationAction row.
    pinned_at = models.DateTimeField(_("pinned"), null=True, blank=True)
    featured_at = models.DateTimeField(pgettext_lazy("board", "featured"), null=True, blank=True)
    comments_locked = models.BooleanField(_("comments locked"), default=False)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=200, blank=True)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)
    # Comments neither deleted nor hidden, and active likes: moved by the services with F() updates in the same
    # transaction as the rows they count.
    comment_count = models.PositiveIntegerField(_("comments"), default=0)
    like_count = models.PositiveIntegerField(_("likes"), default=0)
    last_comment_at = models.DateTimeField(_("last comment"), null=True, blank=True)

    objects = PostQuerySet.as_manager()

    search_fields = [
        index.SearchField("title"),
        index.SearchField("excerpt"),
        *segmented("title", "excerpt"),
        index.FilterField("group_id"),
        index.FilterField("hidden_at"),
        index.FilterField("deleted_at"),
        index.FilterField("created_at"),
    ]

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The board's keyset pagination: (created_at, id) below the last row seen, newest first.
            models.Index(
                "group",
                models.F("created_at").desc(),
                models.F("id").desc(),
                name="board_post_group_keyset",
                condition=Q(deleted_at__isnull=True),
            ),
            models.Index(
                "group",
                models.F("featured_at").desc(),
                name="board_post_group_featured",
                condition=Q(featured_at__isnull=False, deleted_at__isnull=True),
            ),
            models.Index("group", "pinned_at", name="board_post_group_pinned", condition=Q(pinned_at__isnull=False)),
            models.Index("author", models.F("created_at").desc(), name="board_post_author_recent"),
        ]

    def __str__(self):
        return self.title or self.excerpt[:40] or str(self.pk)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("board:post", kwargs={"slug": self.group.slug, "pk": self.pk})

    @property
    def is_check_in(self):
        return self.kind == self.Kind.CHECK_IN

    @property
    def is_pinned(self):
        return self.pinned_at is not None

    @property
    def is_featured(self):
        return self.featured_at is not None

    @property
    def is_hidden(self):
        return self.hidden_at is not None

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    @property
    def heading(self):
        """What lists show as the post's name: its title, or the start of a short post's text."""
        return self.title or self.excerpt[:40]


class PostEdit(models.Model):
    """The version of a post an edit replaced: leaders and staff can read what a post said before."""

    wagtail_reference_index_ignore = True

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="edits")
    title = models.CharField(_("title"), max_length=80, blank=True)
    body = models.TextField(_("body"), blank=True)
    replaced_at = models.DateTimeField(_("replaced"), default=timezone.now)

    class Meta:
        verbose_name = _("earlier version of a post")
        verbose_name_plural = _("earlier versions of posts")
        ordering = ["-replaced_at", "-id"]

    def __str__(self):
        return f"{self.post_id} @ {self.replaced_at:%Y-%m-%d %H:%M}"


def post_image_upload_to(instance, filename):
    # Private storage: a members-only board's images must not be readable by address (PostImage.private_file_access).
    return unguessable_name("board/posts", filename)


def image_access(post, user):
    """How a post's (or check-in's) image may be served (website.core.media): "public" on a board everyone reads,
    "private" to readers of a members-only board, None to anyone else or once the post is gone."""
    if post.deleted_at is not None:
        return "private" if user.is_authenticated and user.is_staff else None
    if not BoardSettings.for_group(post.group).members_only and post.hidden_at is None:
        return "public"
    # A hidden post's images: its author, staff and the group's leaders (who see the post as moderators).
    if (
        post.hidden_at is not None
        and not (user.is_authenticated and (user.is_staff or user.pk == post.author_id))
        and not Membership.objects.leading().filter(group_id=post.group_id, member_id=user.pk or 0).exists()
    ):
        return None
    return "private" if can_read_board(post.group, user) else None


class PostImage(models.Model):
    wagtail_reference_index_ignore = True

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("image"), upload_to=post_image_upload_to, storage=private_storage, db_index=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("post image")
        verbose_name_plural = _("post images")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.image.name

    def private_file_access(self, user):
        return image_access(self.post, user)


class CommentQuerySet(models.QuerySet):
    def visible_to(self, user, *, moderator=False):
        comments = self.filter(deleted_at__isnull=True)
        if moderator:
            return comments
        if user.is_authenticated:
            return comments.filter(Q(hidden_at__isnull=True) | Q(author=user))
        return comments.filter(hidden_at__isnull=True)


class Comment(models.Model):
    """A comment on a post, or a reply to one (``parent``); replies never nest deeper than one level."""

    wagtail_reference_index_ignore = True

    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.CASCADE, related_name="board_comments"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("reply to"), on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    # Plain text; shown escaped, with line breaks and @mentions linked by the template filter.
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=200, blank=True)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)
    like_count = models.PositiveIntegerField(_("likes"), default=0)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index("post", "created_at", "id", name="board_comment_post_order"),
            # "Took part" (portal.groups.metrics) looks a member's comments up by author and time.
            models.Index("author", models.F("created_at").desc(), name="board_comment_author_recent"),
        ]

    def __str__(self):
        return self.body[:40]

    @property
    def is_hidden(self):
        return self.hidden_at is not None

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    @property
    def is_reply(self):
        return self.parent_id is not None


class PostLike(models.Model):
    """One row per (post, member), kept when the like is taken back (``active`` off): liking again reuses the row,
    so the author's points for it are paid once, ever (the award's source is this row)."""

    wagtail_reference_index_ignore = True

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="likes")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="board_post_likes")
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("post like")
        verbose_name_plural = _("post likes")
        constraints = [models.UniqueConstraint(fields=["post", "member"], name="board_post_like_once")]

    def __str__(self):
        return f"{self.member_id} → {self.post_id}"


class CommentLike(models.Model):
    """As PostLike, for a comment."""

    wagtail_reference_index_ignore = True

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="likes")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="board_comment_likes")
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("comment like")
        verbose_name_plural = _("comment likes")
        constraints = [models.UniqueConstraint(fields=["comment", "member"], name="board_comment_like_once")]

    def __str__(self):
        return f"{self.member_id} → {self.comment_id}"


class Mention(models.Model):
    """A group member named with @ in a post or comment, resolved when it was written (names may change later)."""

    wagtail_reference_index_ignore = True

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="board_mentions")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="mentions")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="mentions")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        indexes = [models.Index("member", models.F("created_at").desc(), name="board_mention_member_recent")]

    def __str__(self):
        return f"@{self.member_id} in {self.post_id}"
