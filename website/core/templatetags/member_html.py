"""``{{ value|member_richtext }}``: show HTML written by members through the same allow-list that accepted it."""

from django import template
from django.utils.safestring import mark_safe
from wagtail.rich_text import expand_db_html

from website.core.sanitize import clean_member_html

register = template.Library()


@register.filter
def member_richtext(value):
    """Wagtail's ``|richtext`` for a field members write, cleaned again on the way out.

    Descriptions saved before the allow-list existed (or edited by staff in the admin, whose editor may link pages
    by id) are brought to today's rules as they are shown: links gain ``rel="nofollow ugc noopener"``, ``<b>``
    becomes ``<strong>``. Page links are expanded first, so they survive as paths on this site.
    """
    return mark_safe(clean_member_html(expand_db_html(value or "")))  # noqa: S308 - cleaned by the allow-list
