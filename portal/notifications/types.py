"""Notification types: each app registers its own (code, label, template, default channel) when it loads.

The notification centre knows nothing about groups, courses or boards: an app that emits an event also describes it
here, in its ``notifications.py`` module imported from its AppConfig.ready().
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Channel(models.TextChoices):
    """How a member hears about one type of event."""

    SITE = "site", pgettext_lazy("notification channel", "On the site only")
    EMAIL = "email", pgettext_lazy("notification channel", "On the site and by e-mail at once")
    DIGEST = "digest", pgettext_lazy("notification channel", "On the site and in a daily e-mail digest")
    OFF = "off", pgettext_lazy("notification channel", "Off")


@dataclass(frozen=True)
class NotificationType:
    """``template`` renders in the recipient's language: its first line is the title (the list and the e-mail's
    subject), the rest an optional body. The template's context is the ``params`` the caller handed over, plus
    ``actor`` (the actor's display name) and ``url`` (absolute)."""

    code: str
    label: str
    template: str
    default: str = Channel.SITE
    section: str = _("Other")
    # Types a member cannot switch off (a decision on their own request, say) still honour the e-mail choice.
    can_turn_off: bool = True
    # Where the type's section stands on the preferences page (lower first): apps load in an order that says
    # nothing about what members look for first.
    position: int = 50
    # Sent to staff only (the community team's queue): the preferences page shows it to staff only.
    staff_only: bool = False


_TYPES: dict[str, NotificationType] = {}


def register(*types):
    for kind in types:
        _TYPES[kind.code] = kind


def get(code):
    """The registered type; a KeyError for a code nobody registered (a typo should fail loudly in tests)."""
    return _TYPES[code]


def all_types():
    return list(_TYPES.values())
