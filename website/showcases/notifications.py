"""The showcases' notification types (registered when the app loads) and their emitter: an author hears when staff
approve their entry and when they make it an editors' pick. Each is told once per entry, however often it is saved."""

from django.utils.translation import gettext_lazy as _

from portal.notifications.services import notify
from portal.notifications.types import Channel, NotificationType, register

SECTION = _("Showcases")

register(
    NotificationType(
        "showcases.entry_approved",
        _("My showcase entry is approved"),
        "showcases/notifications/entry_approved.txt",
        default=Channel.EMAIL,
        section=SECTION,
        position=40,
    ),
    NotificationType(
        "showcases.entry_picked",
        _("My showcase entry is an editors' pick"),
        "showcases/notifications/entry_picked.txt",
        default=Channel.EMAIL,
        section=SECTION,
        position=40,
    ),
)


def entry_moderated(entry, *, actor=None):
    """After a moderation decision was saved: a live entry tells its author it is approved, and, if picked, that
    too. Saving it again tells nothing new (the key is the entry)."""
    if not entry.is_public:
        return
    showcase = entry.showcase
    url = entry.get_absolute_url()
    params = {"entry": entry.title, "showcase": showcase.title}
    notify("showcases.entry_approved", [entry.member_id], target=entry, url=url, actor=actor, params=params)
    if entry.picked:
        notify("showcases.entry_picked", [entry.member_id], target=entry, url=url, actor=actor, params=params)
