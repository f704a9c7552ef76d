"""Template side of the display rule: ``{% shown member as who %}``, ``{% member_name member %}``, ``|shown_name``.

The viewer is the request's user. ``in_charge=True`` marks a leader's screen about their own group's members;
``shared=True`` marks a fragment cached for many viewers, which is rendered for "a visitor" or "a signed-in member"
(the cache key must then vary on ``user.is_authenticated``), never for the person who happened to fill the cache.
"""

from django import template
from django.utils.html import format_html

from portal.accounts.display import ANY_MEMBER, shown_member
from website.core.memo import memoised

register = template.Library()


def _viewer(context, shared):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    signed_in = user is not None and user.is_authenticated
    if shared:
        return ANY_MEMBER if signed_in else None
    return user if signed_in else None


def _shown(context, member, in_charge, shared):
    """``shown_member`` once per member, viewer and everything the rule reads, per request: a row shows the avatar
    and the name of the same member, and a group page lists the same leaders twice."""
    viewer = _viewer(context, shared)
    in_charge = bool(in_charge)
    if member is None or member.pk is None:
        return shown_member(member, viewer, in_charge=in_charge)
    viewer_key = "visitor" if viewer is None else "member" if viewer is ANY_MEMBER else viewer.pk
    key = (
        "shown-member",
        member.pk,
        member.display_name,
        member.profile_visibility,
        str(member.avatar or ""),
        vars(member).get("is_active"),  # never loads it when deferred (boards select a few fields only)
        viewer_key,
        in_charge,
    )
    return memoised(key, lambda: shown_member(member, viewer, in_charge=in_charge))


@register.simple_tag(takes_context=True)
def shown(context, member, in_charge=False, shared=False):
    """How ``member`` appears to this page's viewer: ``.name``, ``.is_hidden``, ``.avatar``, ``.profile_url``."""
    return _shown(context, member, in_charge, shared)


@register.simple_tag(takes_context=True)
def member_name(context, member, in_charge=False, shared=False):
    return _shown(context, member, in_charge, shared).name


@register.simple_tag(takes_context=True)
def avatar(context, member, size="", alt="", in_charge=False, shared=False):
    """The markup of ``includes/avatar.html`` without an include per row, for long member lists."""
    who = _shown(context, member, in_charge, shared)
    classes = f"avatar avatar--{size}" if size else "avatar"
    if who.avatar:
        return format_html(
            '<span class="{}"><img src="{}" alt="{}" loading="lazy"></span>', classes, who.avatar.url, alt or ""
        )
    return format_html('<span class="{}" aria-hidden="true">{}</span>', classes, who.initial)


@register.filter
def shown_name(member, viewer):
    """``{{ member|shown_name:user }}``: the name, or the placeholder, for that viewer."""
    return shown_member(member, viewer if viewer is not None and viewer.is_authenticated else None).name
