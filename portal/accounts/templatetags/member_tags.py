"""Template side of the display rule: ``{% shown member as who %}``, ``{% member_name member %}``, ``|shown_name``.

The viewer is the request's user. ``in_charge=True`` marks a leader's screen about their own group's members;
``shared=True`` marks a fragment cached for many viewers, which is rendered for "a visitor" or "a signed-in member"
(the cache key must then vary on ``user.is_authenticated``), never for the person who happened to fill the cache.
"""

from django import template

from portal.accounts.display import ANY_MEMBER, shown_member

register = template.Library()


def _viewer(context, shared):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    signed_in = user is not None and user.is_authenticated
    if shared:
        return ANY_MEMBER if signed_in else None
    return user if signed_in else None


@register.simple_tag(takes_context=True)
def shown(context, member, in_charge=False, shared=False):
    """How ``member`` appears to this page's viewer: ``.name``, ``.is_hidden``, ``.avatar``, ``.profile_url``."""
    return shown_member(member, _viewer(context, shared), in_charge=bool(in_charge))


@register.simple_tag(takes_context=True)
def member_name(context, member, in_charge=False, shared=False):
    return shown_member(member, _viewer(context, shared), in_charge=bool(in_charge)).name


@register.filter
def shown_name(member, viewer):
    """``{{ member|shown_name:user }}``: the name, or the placeholder, for that viewer."""
    return shown_member(member, viewer if viewer is not None and viewer.is_authenticated else None).name
