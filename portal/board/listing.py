"""The board's lists, paginated in SQL with a keyset: newest first by (created_at, id), the next page starting below
the last row shown. A deep page costs what the first does (an index range scan on ``board_post_group_keyset``),
where OFFSET would read and throw away every row before it.

The cursor in the URL is ``<microseconds since the epoch>.<id>`` of the last row of the previous page; anything else
is treated as no cursor (the first page), never an error.
"""

from dataclasses import dataclass

from django.db.models import Q

from website.core.keyset import decode_cursor, encode_cursor

from .models import Post

PAGE_SIZE = 20


@dataclass
class BoardPage:
    posts: list
    next_cursor: str | None

    @property
    def has_next(self):
        return self.next_cursor is not None


def keyset_page(posts, cursor=None, *, size=PAGE_SIZE):
    """One page of ``posts`` (a queryset already filtered to one board and viewer) after ``cursor``: one query,
    fetching one row more than the page to know whether another page follows."""
    position = decode_cursor(cursor)
    if position is not None:
        created_at, pk = position
        # The plain bound lets PostgreSQL start the index range scan at the cursor; with the OR alone it scans the
        # group's rows from the newest and filters (84 ms instead of 0.3 ms 50,000 posts down, tests/bench).
        posts = posts.filter(
            Q(created_at__lt=created_at) | Q(created_at=created_at, pk__lt=pk), created_at__lte=created_at
        )
    rows = list(posts.order_by("-created_at", "-pk")[: size + 1])
    next_cursor = encode_cursor(rows[size - 1]) if len(rows) > size else None
    return BoardPage(posts=rows[:size], next_cursor=next_cursor)


def board_posts(group, viewer, *, tag=None):
    """The posts ``viewer`` sees on the group's board, before pagination; authors, tags and the check-in topic of
    each row come in the same query."""
    posts = (
        Post.objects.visible_to(viewer.user, moderator=viewer.is_moderator)
        .filter(group=group)
        .select_related("author", "tag", "check_in_topic")
    )
    if tag is not None:
        posts = posts.filter(tag=tag)
    return posts
