"""The insights app's notification type: the win-back digest (portal.insights.winback) for members who stopped
taking part, and the one function that emits it."""

from django.utils.translation import pgettext_lazy

from portal.notifications import types
from portal.notifications.services import notify

WIN_BACK = "insights.win_back"

types.register(
    types.NotificationType(
        code=WIN_BACK,
        label=pgettext_lazy("notification type", "What is coming up in your groups, when you have been away a while"),
        template="insights/notifications/win_back.txt",
        default=types.Channel.EMAIL,
        section=pgettext_lazy("community group", "Groups"),
        position=10,
    )
)


def win_back(member_id, *, activities, posts, url, day):
    """One member's digest: ``activities`` and ``posts`` are rendered lines (either may be empty, not both); ``day``
    is the local date of the run, so a second run the same day tells nobody twice."""
    notify(
        WIN_BACK,
        [member_id],
        url=url,
        params={"activities": activities, "posts": posts},
        key=f"winback:{day:%Y-%m-%d}",
    )
