"""The board's kinds of "took part" (portal.groups.metrics): posting, commenting and checking in, in the group.

Registered from BoardConfig.ready(), so the lifecycle metrics, the leaders' checklist, the insights dashboard and its
snapshots count them without groups importing the board. A post, comment or check-in counts at the moment it was
written, as long as it is still shown: one its author deleted, or a leader hid for breaking the group's rules, is
not taking part (so spam a leader hid never makes its author an active member). Likes are not taking part: one
click is not the kind of presence the lifecycle measures, and it would let a member look active with no words.
"""

from django.db.models import Q

from portal.groups.metrics import ParticipationSource, register_participation_source

SHOWN = Q(deleted_at__isnull=True, hidden_at__isnull=True)

SOURCES = (
    # A leader's check-in topic is a post too (kind check_in): opening one is posting.
    ParticipationSource("posted", "board.Post", member="author", group="group", at="created_at", only=SHOWN),
    ParticipationSource(
        "commented", "board.Comment", member="author", group="post__group", at="created_at", only=SHOWN
    ),
    ParticipationSource(
        "checked_in",
        "board.CheckIn",
        member="member",
        group="topic__post__group",
        at="created_at",
        only=Q(hidden_at__isnull=True),
    ),
)


def register():
    for source in SOURCES:
        register_participation_source(source)
