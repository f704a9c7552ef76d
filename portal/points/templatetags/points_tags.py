"""Level badges beside member names; reads the balance already selected with the member (no query per name)."""

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.utils.html import format_html

from portal.points.services import level_for

register = template.Library()


def _lifetime(member):
    try:
        return member.point_balance.lifetime_earned
    except (ObjectDoesNotExist, AttributeError):
        return 0


@register.simple_tag
def level_badge(member):
    """Select ``member__point_balance`` in lists, or each badge costs a query."""
    level = level_for(_lifetime(member))
    if level is None:
        return ""
    return format_html('<span class="level-badge" data-level-colour="{}">{}</span>', level.colour, level.name)
