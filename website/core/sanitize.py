"""The one allow-list for HTML written by members, and the conversions between it and plain text.

Members format text (a group's description; later their posts) in a small editor, so the HTML that reaches the server
is whatever a browser, a paste from a word processor or a hostile client produced. Every place that accepts or shows
member HTML goes through :func:`clean_member_html`, so there is exactly one answer to "what may a member's HTML
contain": paragraphs, line breaks, bold, italic, a third-level heading, lists and links to http(s) or mailto
addresses. Nothing else survives: no scripts, styles, classes, ids, event handlers, images, frames or forms.

The cleaned HTML is what Wagtail's own rich-text fields store (``<p>``, ``<strong>``, ``<a href>``...), so a
``RichTextField`` holding it renders with ``|richtext`` and opens in the admin's editor unchanged.
"""

import re
from html import escape, unescape
from html.parser import HTMLParser
from urllib.parse import quote

import nh3
from django.utils.html import strip_tags

#: Elements a member's HTML may contain. ``b`` and ``i`` are accepted (browsers' editing commands produce them) and
#: stored as ``strong`` and ``em``.
MEMBER_HTML_TAGS = frozenset({"p", "br", "strong", "b", "em", "i", "h3", "ul", "ol", "li", "a"})
MEMBER_HTML_ATTRIBUTES = {"a": {"href"}}
MEMBER_URL_SCHEMES = frozenset({"http", "https", "mailto"})
#: Members' links are user-generated content: search engines should not count them as the site's endorsement, and
#: the target page must not get a handle on this one.
MEMBER_LINK_REL = "nofollow ugc noopener"

# Absolute links with an allowed scheme, or a path on this site (Wagtail's page links expand to those when a staff
# member links a page from the admin). Browsers ignore tabs, newlines and leading spaces or control characters in a
# URL, so "java\tscript:" is a javascript: URL; they are removed before the test, never after it.
_ALLOWED_URL = re.compile(r"^(?:(?:https?://|mailto:)\S|/(?![/\\]))", re.IGNORECASE)
_URL_IGNORED_CHARACTERS = re.compile(r"[\x00-\x20\x7f]")
# Characters percent-encoded in a kept URL: quotes and angle brackets never appear inside the attribute, so the
# cleaned HTML contains "<" only where a tag starts.
_URL_SAFE_CHARACTERS = "!#$%&()*+,-./:;=?@[]_~"
_B_OR_I_TAG = re.compile(r"<(/?)(b|i)>")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
# An address in plain text: ASCII URL characters (so "https://a.cn，和" stops at the comma), without the punctuation
# that usually ends the sentence around it.
_URL_CHARACTER = r"[A-Za-z0-9\-._~:/?#\[\]@!$&*+,;=%]"
_PLAIN_URL = re.compile(rf"(?<![A-Za-z0-9])https?://{_URL_CHARACTER}+?(?=[.,;:!?]*(?!{_URL_CHARACTER}))")
_BULLET = re.compile(r"^[•\-*]\s+")
_NUMBER = re.compile(r"^\d+[.)]\s+")
_SEMANTIC = {"b": "strong", "i": "em"}
# A link whose address was refused keeps its text and loses the element (nh3 leaves it behind with only the "rel").
_LINK_WITHOUT_ADDRESS = re.compile(r'<a rel="[^"]*">(.*?)</a>', re.DOTALL)
# Blank lines typed as empty paragraphs: the page spaces paragraphs itself.
_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|<br>|&nbsp;|\xa0)*</p>")


def _filter_attribute(tag, attribute, value):
    """Keep a link only when it points somewhere a member may link to; percent-encode what could confuse a reader."""
    if tag == "a" and attribute == "href":
        url = _URL_IGNORED_CHARACTERS.sub("", value)
        if not _ALLOWED_URL.match(url):
            return None
        return quote(url, safe=_URL_SAFE_CHARACTERS)
    return value


_CLEANER = nh3.Cleaner(
    tags=set(MEMBER_HTML_TAGS),
    # Dropped with everything inside them, not just unwrapped: their text is code or styling, never prose.
    clean_content_tags={"script", "style", "template", "textarea", "title", "noscript", "iframe", "object"},
    attributes=MEMBER_HTML_ATTRIBUTES,
    attribute_filter=_filter_attribute,
    url_schemes=set(MEMBER_URL_SCHEMES),
    link_rel=MEMBER_LINK_REL,
    strip_comments=True,
)


def clean_member_html(html):
    """Return ``html`` reduced to the members' allow-list, with ``b``/``i`` stored as ``strong``/``em``.

    Safe to call on HTML that was cleaned before (the result is the same), so it is applied both when a member's
    HTML is saved and when it is shown. Text that is only blank paragraphs becomes ``""``, so "required" means
    something.
    """
    cleaned = _CLEANER.clean(html or "")
    cleaned = _B_OR_I_TAG.sub(lambda match: f"<{match[1]}{_SEMANTIC[match[2]]}>", cleaned)
    cleaned = _LINK_WITHOUT_ADDRESS.sub(r"\1", cleaned)
    if not html_text(cleaned).strip():
        return ""
    return _EMPTY_PARAGRAPH.sub("", cleaned).strip()


def looks_like_html(value):
    """True when ``value`` contains a tag; what a member typed as plain text usually does not."""
    return bool(_TAG.search(value or ""))


def clean_member_input(value):
    """HTML or plain text from a member (for callers that cannot say which), as cleaned HTML."""
    return clean_member_html(value if looks_like_html(value) else text_to_html(value))


def html_text(html):
    """The text a reader sees, counted as Wagtail counts ``RichTextField(max_length=...)``: no tags, entities read."""
    return unescape(strip_tags(html or ""))


def text_to_html(text):
    """Turn plain text (typed where the editor could not run) into paragraphs and lists.

    Blank lines separate paragraphs, single newlines become ``<br>``; a paragraph whose lines all start with "• " or
    "- " becomes a bulleted list and one whose lines all start with "1. ", "2. "... a numbered list, and http(s)
    addresses become links. That is how :func:`html_to_text` writes lists and links, so a description keeps its
    structure when it is edited without JavaScript.
    """
    blocks = []
    for block in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").replace("\r", "\n")):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        for marker, tag in ((_BULLET, "ul"), (_NUMBER, "ol")):
            if all(marker.match(line) for line in lines):
                items = "".join(f"<li>{_linked(marker.sub('', line))}</li>" for line in lines)
                blocks.append(f"<{tag}>{items}</{tag}>")
                break
        else:
            blocks.append("<p>{}</p>".format("<br>".join(_linked(line) for line in lines)))
    return "".join(blocks)


def _linked(line):
    return _PLAIN_URL.sub(lambda match: f'<a href="{match[0]}">{match[0]}</a>', escape(line, quote=False))


class _TextWriter(HTMLParser):
    """Writes cleaned member HTML as the plain text :func:`text_to_html` reads back."""

    BLOCKS = {"p", "h3", "ul", "ol"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []
        self.current = []
        self.lists = []
        self.href = None

    def _end_block(self):
        text = "".join(self.current).strip()
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS and not self.lists:
            self._end_block()
        if tag in ("ul", "ol"):
            self.lists.append([tag, 0])
        elif tag == "li" and self.lists:
            if self.current:
                self.current.append("\n")
            self.lists[-1][1] += 1
            kind, number = self.lists[-1]
            self.current.append("• " if kind == "ul" else f"{number}. ")
        elif tag == "br":
            self.current.append("\n")
        elif tag == "a":
            self.href = dict(attrs).get("href")
            self.link_start = len(self.current)

    def handle_endtag(self, tag):
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            if not self.lists:
                self._end_block()
        elif tag in self.BLOCKS and not self.lists:
            self._end_block()
        elif tag == "a" and self.href:
            label = "".join(self.current[self.link_start :]).strip()
            if self.href not in (label, f"mailto:{label}"):
                self.current.append(f" ({self.href})")
            self.href = None

    def handle_data(self, data):
        self.current.append(data)

    def text(self):
        self._end_block()
        return "\n\n".join(self.blocks)


def html_to_text(html):
    """Plain text for a member's HTML: paragraphs separated by blank lines, lists as "• " or "1. " lines.

    What the editor's textarea shows when JavaScript does not run, so a member never sees tags.
    """
    writer = _TextWriter()
    writer.feed(clean_member_html(html))
    writer.close()
    return writer.text()
