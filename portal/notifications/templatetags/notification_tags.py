"""The header's bell: the signed-in member's unread count, cached (one COUNT on a miss, none on a hit; a cache outage
falls back to the query)."""

from django import template
from django.urls import reverse

from ..services import unread_count

register = template.Library()

SHOWN_MAX = 99


@register.inclusion_tag("notifications/bell.html", takes_context=True)
def notification_bell(context):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    count = unread_count(user)
    url = reverse("notifications:list")
    return {
        "count": count,
        "shown": f"{SHOWN_MAX}+" if count > SHOWN_MAX else count,
        "url": url,
        "is_current": request is not None and request.path == url,
    }
