"""A post's comments a page at a time, paginated in SQL, so a post with 10,000 comments costs what one with 50 does.

A page is ``PAGE_SIZE`` top-level comments, oldest first, after a keyset cursor (``?after=``, the cursor format of
listing.py over (created_at, id)), plus the first ``REPLIES_SHOWN`` replies of exactly those comments in a second
query (a window function numbers the replies of each thread and counts them, so "N more replies" needs no query of
its own). The rest of a long thread reads on the thread's own pages (``?thread=<id>&after=``), ``PAGE_SIZE``
replies at a time. A deleted, or for this reader hidden, top-level comment that still has replies this reader sees
stays as a placeholder so its replies keep their place; without such replies it is left out. A malformed cursor or
thread reads as none: the first page, never an error.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, Window
from django.db.models.functions import RowNumber

from website.core.keyset import decode_cursor, encode_cursor

from .models import Comment

PAGE_SIZE = 50
REPLIES_SHOWN = 20


@dataclass
class CommentPage:
    """What the post page shows: ``threads`` (top-level comments with ``shown_replies`` and ``more_replies``),
    the cursor of the next page if any, and ``thread`` when the page is one thread's replies."""

    threads: list
    next_cursor: str | None = None
    is_first: bool = True
    thread: Comment | None = None
    comments: list = field(default_factory=list)


def _visible(viewer):
    """The comments this reader sees as written (not deleted; hidden ones only for their author and moderators)."""
    return Comment.objects.visible_to(viewer.user, moderator=viewer.is_moderator)


def _after(queryset, cursor):
    position = decode_cursor(cursor)
    if position is None:
        return queryset
    created_at, pk = position
    # The plain bound lets the index range scan start at the cursor (as listing.keyset_page does).
    return queryset.filter(
        Q(created_at__gt=created_at) | Q(created_at=created_at, pk__gt=pk), created_at__gte=created_at
    )


def _before(queryset, comment):
    return queryset.filter(Q(created_at__lt=comment.created_at) | Q(created_at=comment.created_at, pk__lt=comment.pk))


def _ordered(queryset):
    return queryset.select_related("author").order_by("created_at", "pk")


def _seen_q(viewer):
    """``_visible`` as a condition, to combine with "or has replies this reader sees"."""
    seen = Q(deleted_at__isnull=True)
    if viewer.is_moderator:
        return seen
    if viewer.user.is_authenticated:
        return seen & (Q(hidden_at__isnull=True) | Q(author=viewer.user))
    return seen & Q(hidden_at__isnull=True)


def is_seen(comment, viewer):
    """Python twin of ``_seen_q`` for a row already loaded."""
    if comment.is_deleted:
        return False
    return not comment.is_hidden or viewer.is_moderator or comment.author_id == viewer.user.pk


def top_level(post, viewer):
    """The post's top-level comments as this reader's pages list them (placeholders included), unordered."""
    replied = _visible(viewer).filter(parent=OuterRef("pk"))
    return post.comments.filter(parent__isnull=True).filter(_seen_q(viewer) | Exists(replied))


def _tops(post, viewer, cursor, size):
    rows = list(_ordered(_after(top_level(post, viewer), cursor))[: size + 1])
    for row in rows:
        row.is_placeholder = not is_seen(row, viewer)
    next_cursor = encode_cursor(rows[size - 1]) if len(rows) > size else None
    return rows[:size], next_cursor


def _first_replies(viewer, tops):
    """{top-level id: (its first REPLIES_SHOWN visible replies, how many it has)} in one query."""
    if not tops:
        return {}
    thread = {"partition_by": [F("parent_id")]}
    ranked = (
        _ordered(_visible(viewer).filter(parent__in=[top.pk for top in tops]))
        .annotate(
            number=Window(RowNumber(), order_by=[F("created_at").asc(), F("pk").asc()], **thread),
            total=Window(Count("pk"), **thread),
        )
        .filter(number__lte=REPLIES_SHOWN)
    )
    replies = {}
    for reply in ranked:
        reply.is_placeholder = False
        shown, _total = replies.setdefault(reply.parent_id, ([], reply.total))
        shown.append(reply)
    return replies


def comment_page(post, viewer, cursor=None):
    """One page of the post's comments for this reader: two queries whatever the post's size."""
    tops, next_cursor = _tops(post, viewer, cursor, PAGE_SIZE)
    replies = _first_replies(viewer, tops)
    comments = []
    for top in tops:
        shown, total = replies.get(top.pk, ([], 0))
        top.shown_replies, top.more_replies = shown, total - len(shown)
        top.more_cursor = encode_cursor(shown[-1]) if top.more_replies else None
        top.comments_shown = [top, *shown]
        comments += top.comments_shown
    return CommentPage(
        threads=tops, next_cursor=next_cursor, is_first=decode_cursor(cursor) is None, comments=comments
    )


def thread_page(post, viewer, thread_pk, cursor=None):
    """One page of a thread's replies (``PAGE_SIZE`` after the cursor) under its top-level comment; None when this
    reader has no such thread on this post (the caller shows the first page instead)."""
    try:
        thread_pk = int(thread_pk)
    except (TypeError, ValueError):
        return None
    if not 0 < thread_pk < 2**63:
        return None
    top = top_level(post, viewer).filter(pk=thread_pk).select_related("author").first()
    if top is None:
        return None
    top.is_placeholder = not is_seen(top, viewer)
    rows = list(_ordered(_after(_visible(viewer).filter(parent=top), cursor))[: PAGE_SIZE + 1])
    for row in rows:
        row.is_placeholder = False
    top.shown_replies, top.more_replies, top.more_cursor = rows[:PAGE_SIZE], 0, None
    top.comments_shown = [top, *top.shown_replies]
    next_cursor = encode_cursor(rows[PAGE_SIZE - 1]) if len(rows) > PAGE_SIZE else None
    return CommentPage(
        threads=[top],
        next_cursor=next_cursor,
        is_first=decode_cursor(cursor) is None,
        thread=top,
        comments=top.comments_shown,
    )


def _cursor_of_row(queryset, index):
    """The cursor that starts a page at position ``index`` of ``queryset`` (None: the very start)."""
    if index <= 0:
        return None
    row = queryset.order_by("created_at", "pk")[index - 1]
    return encode_cursor(row)


def page_query_for(post, viewer, comment):
    """The query string (``?after=...`` or ``?thread=...&after=...``, or "") of the page holding ``comment`` for
    this reader: the page of its top-level comment, or the thread's page for a reply beyond the first shown."""
    if comment.parent_id is None:
        tops = top_level(post, viewer)
        index = _before(tops, comment).count() // PAGE_SIZE * PAGE_SIZE
        cursor = _cursor_of_row(tops, index)
        return f"?after={cursor}" if cursor else ""
    replies = _visible(viewer).filter(parent_id=comment.parent_id)
    position = _before(replies, comment).count()
    if position < REPLIES_SHOWN:
        return page_query_for(post, viewer, comment.parent)
    index = REPLIES_SHOWN + (position - REPLIES_SHOWN) // PAGE_SIZE * PAGE_SIZE
    return f"?thread={comment.parent_id}&after={_cursor_of_row(replies, index)}"
