"""How a member is shown to a given viewer: the one rule every board, list, page and export follows.

It reads the member's profile visibility. A member who chose "only me" is a neutral placeholder to everyone but
themself and staff: no name, no avatar, no link. Other members are shown by name and avatar (a group's leaders and a
showcase's authors are public), and their name links to their profile only for viewers who may open it
(``User.profile_visible_to``). A leader looking after their own group (join requests, the member list, the attendance
roll) is ``in_charge``: they see the name they must act on, while the profile link still follows the member's choice.
A member without a display name is "Member #<id>", never anything taken from their e-mail address.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

PLACEHOLDER = pgettext_lazy("a member who hides their profile", "A member")


class _AnySignedInMember:
    """Stands for "some signed-in member who is not staff" where one rendering is shared by all of them."""

    pk = None
    is_authenticated = True
    is_anonymous = False
    is_staff = False


ANY_MEMBER = _AnySignedInMember()


@dataclass(frozen=True)
class ShownMember:
    name: str
    is_hidden: bool
    profile_url: str = ""
    avatar: object = None

    @property
    def initial(self):
        return str(self.name)[:1]

    def __str__(self):
        return str(self.name)


def fallback_name(member):
    if member.pk is None:
        return PLACEHOLDER
    return _("Member #%(id)s") % {"id": member.pk}


def real_name(member):
    """The name a member chose, or the neutral fallback; never derived from the e-mail address."""
    return member.display_name or fallback_name(member)


def shown_member(member, viewer, *, in_charge=False):
    """How ``member`` appears to ``viewer`` (a user, AnonymousUser, None for an anonymous visitor, or ANY_MEMBER)."""
    if member is None:
        return ShownMember(name=PLACEHOLDER, is_hidden=True)
    profile_open = member.profile_visible_to(viewer)
    if member.profile_visibility == member.Visibility.PRIVATE and not (profile_open or in_charge):
        return ShownMember(name=PLACEHOLDER, is_hidden=True)
    return ShownMember(
        name=real_name(member),
        is_hidden=False,
        profile_url=member.get_absolute_url() if profile_open and member.is_active else "",
        avatar=member.avatar or None,
    )


def shown_name(member, viewer, *, in_charge=False):
    return str(shown_member(member, viewer, in_charge=in_charge).name)
