"""Helpers for the content tests that are not fixtures."""

from django.contrib.messages import get_messages
from django.utils import translation


def flashed(response):
    """The messages a view queued for the next page (django.contrib.messages), as strings."""
    return [str(message) for message in get_messages(response.wsgi_request)]


def zh(message):
    """A message as members see it on the default (Chinese) site."""
    with translation.override("zh-hans"):
        return translation.gettext(message)


def route(page, name, *args):
    """The URL of a routable page's sub-route, e.g. route(course, "enrol")."""
    return page.url + page.reverse_subpage(name, args=args)
