"""What the demo groups' members say on their boards: posts, comments and replies, written as members of each hobby
would write them. ``website.demo.board`` writes them through the board's services.

Authors are roles in the group: ``L`` the leader, ``C`` the co-leader, ``m1``… the group's regular members in the
order they joined. ``{m3}`` in a text is that member's display name (for @mentions). Times are days before today
and a local hour ("21:15"); comments follow their post by the hours given.
"""

from .baking import BAKING
from .culture import CALLIGRAPHY, FILM, PICTURE_BOOKS
from .running import RUN_DAYS, RUN_PLACES, RUN_REMARKS, RUNNING, STRENGTH

BOARDS = {
    "hz-baking": BAKING,
    "bj-xiangshan-run": RUNNING,
    "sh-classic-film": FILM,
    "cd-picture-books": PICTURE_BOOKS,
    "gz-tea-calligraphy": CALLIGRAPHY,
}

__all__ = ["BOARDS", "RUN_DAYS", "RUN_PLACES", "RUN_REMARKS", "STRENGTH"]
