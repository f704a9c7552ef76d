"""The shapes of the demo boards' content: posts, comments, check-in topics, and two HTML helpers."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Comment:
    author: str
    body: str
    hours: float = 2  # after the previous comment (or the post)
    likes: int = 0
    replies: tuple = ()
    # (reporter, reason, detail, "uphold" or "dismiss", the leader's reason or note)
    report: tuple = ()


@dataclass(frozen=True)
class Post:
    author: str
    days: int
    at: str
    body: str
    title: str = ""
    tag: str = ""
    likes: int = 0
    comments: tuple = ()
    image: str = ""  # the illustration's subject: a post with a picture
    pinned: bool = False
    featured: bool = False


@dataclass(frozen=True)
class Topic:
    """A check-in topic: ``check_ins`` maps a member to [(days before today, text)], ``reviews`` a member and day to
    the leader's comment (weekly assignments)."""

    author: str
    title: str
    body: str
    tag: str
    cadence: str
    started: int  # days ago
    ends_in: int  # days from today
    is_assignment: bool = False
    pinned: bool = False
    check_ins: dict = field(default_factory=dict)
    reviews: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Board:
    tags: tuple
    posts: tuple
    topics: tuple = ()
    members_only: bool = False


def rich(*paragraphs):
    return "".join(p if p.startswith("<") else f"<p>{p}</p>" for p in paragraphs)


def items(*lines, ordered=False):
    tag = "ol" if ordered else "ul"
    return f"<{tag}>" + "".join(f"<li>{line}</li>" for line in lines) + f"</{tag}>"


C = Comment
