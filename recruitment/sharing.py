"""What a recruitment call looks like on a share poster (website.core.sharing)."""

from django.utils.translation import gettext as _

from website.core import sharing

from .models import RecruitmentCallPage


def call_card(request, pk):
    call = sharing.public_page(RecruitmentCallPage, pk)
    if call is None:
        return None
    facts = [
        call.get_role_display(),
        _("Apply by %(date)s") % {"date": sharing.local_time(call.closes_at, "%Y-%m-%d")},
        call.summary,
    ]
    # Calls have no cover image of their own: the poster shows the site's name in its place.
    return sharing.ShareCard(title=call.title, path=call.get_url(request), facts=facts, cover=None)


def register():
    sharing.register("call", call_card)
