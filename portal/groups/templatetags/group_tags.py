"""Template helpers for group pages."""

from django import template
from wagtail import hooks

from portal.groups.models import group_index_url as _group_index_url

register = template.Library()


@register.simple_tag
def group_index_url():
    return _group_index_url()


@register.simple_tag
def group_manage_links(group, user):
    """Links apps above groups add to a group's manage menu: each "group_manage_links" hook is a function
    (group, user) -> [(label, url, badge count)], so groups never import those apps."""
    return [link for hook in hooks.get_hooks("group_manage_links") for link in hook(group, user)]
