"""Showing what members wrote on the board: comments as escaped text with line breaks, and @mentions highlighted.

Everything a member typed is escaped before anything is marked safe; the only HTML that reaches the page as such is
a post's body, which was cleaned by the members' allow-list when saved and is cleaned again here. Mentions are
linked from a map the view builds from the page's Mention rows (``{name: profile URL or ""}``), so a name is
highlighted only where a member was really mentioned, and linked only when the reader may open that profile.
"""

import re

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from website.core.sanitize import clean_member_html

register = template.Library()

_TAG = re.compile(r"(<[^>]*>)")


def _pattern(names):
    escaped = sorted((escape(name) for name in names if name), key=len, reverse=True)
    return re.compile("@({})".format("|".join(re.escape(name) for name in escaped))) if escaped else None


def _linker(mentions):
    urls = {escape(name): url for name, url in (mentions or {}).items()}

    def link(match):
        # The name is already escaped text here (it matched escaped text); it is not escaped twice.
        name, url = match[1], urls.get(match[1], "")
        if url:
            return format_html('<a class="mention" href="{}">@{}</a>', url, mark_safe(name))  # noqa: S308
        return format_html('<span class="mention">@{}</span>', mark_safe(name))  # noqa: S308

    return link


def comment_text_renderer(mentions=None):
    """``comment_text`` with the mentions' pattern built once, for a page of comments: ``render(value)``."""
    pattern = _pattern(mentions or {})
    link = _linker(mentions) if pattern is not None else None

    def render(value):
        text = escape(value or "")
        if link is not None and "@" in text:
            text = pattern.sub(link, text)
        return mark_safe(text.replace("\n", "<br>"))  # noqa: S308 - escaped above, only our own markup added

    return render


@register.filter
def comment_text(value, mentions=None):
    """A comment's plain text: escaped, line breaks kept, mentioned names highlighted."""
    return comment_text_renderer(mentions)(value)


@register.filter
def post_body(value, mentions=None):
    """A post's cleaned HTML, with mentioned names highlighted in its text (never inside a tag or a link)."""
    html = clean_member_html(value or "")
    pattern = _pattern(mentions or {})
    if pattern is None:
        return mark_safe(html)  # noqa: S308 - cleaned by the members' allow-list
    link, parts, in_link = _linker(mentions), [], False
    for part in _TAG.split(html):
        if part.startswith("<"):
            lowered = part.lower()
            if lowered.startswith("<a ") or lowered == "<a>":
                in_link = True
            elif lowered.startswith("</a"):
                in_link = False
            parts.append(part)
        else:
            parts.append(part if in_link else pattern.sub(link, part))
    return mark_safe("".join(parts))  # noqa: S308 - cleaned HTML plus our own escaped markup
