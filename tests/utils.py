"""Small helpers shared by unit and browser tests."""

import re
import socket

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

_CONFIRMATION_PATH = re.compile(r"https?://[^/\s]+(?P<path>/(?:en/)?accounts/confirm-email/[^/\s]+/)")


def confirmation_path(message):
    """The path of the e-mail verification link in an outgoing message (fails the test when there is none)."""
    match = _CONFIRMATION_PATH.search(message.body)
    assert match, f"no verification link in the e-mail:\n{message.body}"
    return match.group("path")


def form_errors(response, form_name="form"):
    """The bound form's errors from a re-rendered page, as {field: [messages]}."""
    assert response.status_code == 200, response.status_code
    form = response.context[form_name]
    return {field: list(messages) for field, messages in form.errors.items()}


def upload(name, content, content_type="image/png"):
    """A file as the browser would send it in a multipart form."""
    return SimpleUploadedFile(name, content, content_type=content_type)


def closed_port():
    """A local port nothing listens on: bind one, note it, close it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
