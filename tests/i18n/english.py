"""Finds English words left on a rendered admin screen.

What counts is what an editor reads or hears: text nodes (including those inside <template>, which the admin shows in
dialogs and dropdowns) and the title, aria-label, placeholder and alt attributes. Scripts and styles are code, not
copy, and are skipped; so are e-mail addresses, URLs, file names, slugs and numbers, which are data. So is a bare
"None": Wagtail prints it into the side panel's hidden error counter until the panel's script fills in a number.
"""

import re
from html.parser import HTMLParser

# Words that stay in Latin letters in the Chinese admin: brand and product names, file formats and abbreviations that
# Wagtail's own Chinese catalogue leaves untranslated.
ALLOWED_WORDS = {
    "wagtail",
    "javascript",
    "csv",
    "xlsx",
    "id",
    "url",
    "urls",
    "html",
    "seo",
    "ics",
    "qr",
    "api",
    "email",
    "ok",
    # Key names in the keyboard-shortcuts dialog, as printed on the keys.
    "ctrl",
    "alt",
    "shift",
    "esc",
    "cmd",
    # Languages are offered under their own names (English, 简体中文).
    "english",
}

SKIPPED_ELEMENTS = {"script", "style"}
READ_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "aria-description", "data-w-tooltip-content-value"}

# Data, not copy: e-mail addresses, URLs and paths, dotted names and anything with digits, hyphens or underscores.
DATA = re.compile(
    r"""
    \S+@\S+                 # e-mail addresses
    | \b\w+://\S+           # URLs
    | \S*/\S*               # paths
    | \S*\w\.\w\S*          # file and dotted names
    | \S*[\d_]\S*           # numbers, codes, slugs with digits or underscores
    | \b[a-z]+(?:-[a-z]+)+\b  # lower-case slugs
    """,
    re.VERBOSE,
)
WORD = re.compile(r"[A-Za-z]{2,}")


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skipping = 0
        self.chunks = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_ELEMENTS:
            self.skipping += 1
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value:
                self.chunks.append(value)

    def handle_endtag(self, tag):
        if tag in SKIPPED_ELEMENTS and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping and data.strip() != "None":
            self.chunks.append(data)


def visible_text(html):
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return [chunk.strip() for chunk in collector.chunks if chunk.strip()]


def english_words(chunks, allowed=()):
    """{word: the text it was found in} for every English word in the given text chunks."""
    allowed = ALLOWED_WORDS | {word.lower() for word in allowed}
    found = {}
    for chunk in chunks:
        for word in WORD.findall(DATA.sub(" ", chunk)):
            if word.lower() not in allowed:
                found.setdefault(word, chunk[:120])
    return found


def english_on_page(html, allowed=()):
    return english_words(visible_text(html), allowed)
