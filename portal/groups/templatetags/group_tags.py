"""Template helpers for group pages."""

from django import template

from portal.groups.models import group_index_url as _group_index_url

register = template.Library()


@register.simple_tag
def group_index_url():
    return _group_index_url()
