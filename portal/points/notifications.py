"""The points app's notification types (registered when the app loads) and their emitters: a member reaching a new
level, and the community team fulfilling or cancelling a redemption (these replace the e-mails sent before)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from portal.notifications.services import notify
from portal.notifications.types import Channel, NotificationType, register

SECTION = _("Points")

register(
    NotificationType(
        "points.level_up",
        _("I reach a new level"),
        "points/notifications/level_up.txt",
        default=Channel.SITE,
        section=SECTION,
        position=50,
    ),
    NotificationType(
        "points.redemption_fulfilled",
        _("My redemption is fulfilled"),
        "points/notifications/redemption_fulfilled.txt",
        default=Channel.EMAIL,
        section=SECTION,
        position=50,
    ),
    NotificationType(
        "points.redemption_cancelled",
        _("My redemption is cancelled"),
        "points/notifications/redemption_cancelled.txt",
        default=Channel.EMAIL,
        section=SECTION,
        position=50,
    ),
)


def my_points_path():
    """The member's points page without a language prefix: each reader gets their own language."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("points:mine")


def level_up(member, level):
    """``member`` reached ``level``; told once per level, even if points are taken back and earned again. No target:
    the key says it all, and award() looks up no content type for it."""
    notify(
        "points.level_up",
        [member],
        key=f"level:{level.pk}",
        url=my_points_path(),
        params={"level": level.name, "points": level.min_points},
    )


def _redemption_params(redemption):
    return {
        "reward": redemption.reward.name,
        "posted": int(redemption.reward.is_posted),
        "cost": redemption.cost,
        "note": redemption.staff_note,
    }


def redemption_fulfilled(redemption):
    notify(
        "points.redemption_fulfilled",
        [redemption.member_id],
        target=redemption,
        url=my_points_path(),
        params=_redemption_params(redemption),
    )


def redemption_cancelled(redemption):
    notify(
        "points.redemption_cancelled",
        [redemption.member_id],
        target=redemption,
        url=my_points_path(),
        params=_redemption_params(redemption),
    )
