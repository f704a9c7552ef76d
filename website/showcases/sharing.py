"""What a showcase and one of its entries look like on a share poster (website.core.sharing)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.accounts.display import shown_name
from website.core import sharing

from .models import Entry, ShowcasePage


def showcase_card(request, pk):
    showcase = sharing.public_page(ShowcasePage, pk)
    if showcase is None:
        return None
    facts = [
        showcase.get_kind_display(),
        showcase.theme,
        _("Entries %(start)s – %(end)s")
        % {
            "start": sharing.local_time(showcase.submissions_open, "%m-%d"),
            "end": sharing.local_time(showcase.submissions_close, "%m-%d"),
        },
    ]
    return sharing.ShareCard(title=showcase.title, path=showcase.get_url(request), facts=facts, cover=showcase.cover)


def entry_card(request, pk):
    entry = Entry.objects.select_related("member", "showcase__cover").filter(pk=pk).first()
    if entry is None or not (entry.is_public or entry.member_id == getattr(request.user, "pk", None)):
        return None
    showcase = entry.showcase
    if not (showcase.live and ShowcasePage.objects.filter(pk=showcase.pk).public().exists()):
        return None
    # Its first photo while the entry is public (approved); until then its images are private, the showcase's cover.
    first = entry.images.order_by("sort_order", "pk").first() if entry.is_public else None
    facts = [
        showcase.title,
        shown_name(entry.member, request.user),
        ngettext("%(count)d vote", "%(count)d votes", entry.vote_count) % {"count": entry.vote_count},
    ]
    return sharing.ShareCard(
        title=entry.title,
        path=entry.get_absolute_url(),
        facts=facts,
        cover=first.image if first is not None else showcase.cover,
    )


def register():
    sharing.register("showcase", showcase_card)
    sharing.register("entry", entry_card)
