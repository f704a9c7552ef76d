"""Chinese full-text search on Wagtail's database backend (SQLite FTS5 and PostgreSQL alike).

Both engines split text into terms at spaces and punctuation, so a run of Chinese characters such as 秋日面包季 is one
term and a search for 面包 never meets it. Rather than a native tokenizer per engine, the words are made visible to
both in the text itself: beside each indexed field goes a second copy of its text with spaces between

* jieba's search-engine segmentation (with the programme's own words from ``userdict.txt``), so whole words such as
  群主, 欧包 or 酸种 count as terms and rank the pages that really use them first; and
* every pair of adjacent Chinese characters (bigrams), so that *any* query of two or more characters finds every
  text holding it as a substring, whatever the segmentation made of it.

A query is cut into the same bigrams (and plain words for Latin text) and all of them must match: a text that
contains the query contains each of its bigrams. The extra copy is added through :class:`SegmentedSearchField`,
which keeps the field's name so that titles still count as titles (the backends weigh the field named ``title``).
"""

import logging
import os
import re
import tempfile
import threading
import unicodedata
from pathlib import Path

from modelsearch import index
from modelsearch.query import PlainText

__all__ = ["SegmentedSearchField", "index_text", "parse_query", "query_terms", "segmented", "title_matches"]

USER_DICT = Path(__file__).with_name("userdict.txt")

# Han ideographs (basic, extension A, compatibility, extension B and later): what is cut into bigrams.
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_CJK_RUN = re.compile(f"[{CJK}]+")
_CJK_CHAR = re.compile(f"[{CJK}]")
# Letters and digits; underscores and everything else (punctuation, emoji, FTS operators) separate terms.
_WORD = re.compile(r"[^\W_]+")
_SPLIT = re.compile(f"([{CJK}]+)")

# A query never needs more terms than this; a pasted paragraph is cut rather than sent as a 500-term match.
MAX_QUERY_TERMS = 32

# Words that would match nearly every text (or, on PostgreSQL's English configuration, none at all): a query made
# only of them searches nothing. Chinese two-character words are kept: 我们 may be exactly what someone looks for.
STOP_WORDS = frozenset(
    {
        "的",
        "了",
        "是",
        "在",
        "和",
        "与",
        "及",
        "或",
        "也",
        "就",
        "都",
        "而",
        "之",
        "把",
        "被",
        "让",
        "给",
        "着",
        "吗",
        "呢",
        "吧",
        "啊",
        "个",
        "这",
        "那",
        "有",
        "我",
        "你",
        "他",
        "她",
        "它",
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "is",
        "it",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
    }
)

_tokenizer = None
_tokenizer_lock = threading.Lock()


def _cache_dir():
    """A directory only this user can write for jieba's dictionary cache.

    jieba unpickles its cache at start-up; in a shared temporary directory another account could plant one. The
    per-user directory is reused across processes (loading from the cache takes ~0.6 s instead of ~1.5 s).
    """
    uid = getattr(os, "getuid", lambda: None)()
    path = Path(tempfile.gettempdir()) / f"community-ops-jieba-{uid if uid is not None else 'user'}"
    try:
        path.mkdir(mode=0o700, exist_ok=True)
        info = path.stat()
        if uid is None or (info.st_uid == uid and not info.st_mode & 0o022):
            return str(path)
    except OSError:
        pass
    return tempfile.mkdtemp(prefix="community-ops-jieba-")


def get_tokenizer():
    """jieba's tokenizer with the user dictionary, loaded once per process on first use (it costs ~0.6 s)."""
    global _tokenizer
    if _tokenizer is None:
        with _tokenizer_lock:
            if _tokenizer is None:
                import jieba

                # jieba logs every dictionary load at DEBUG to stderr through its own handler.
                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                tokenizer.tmp_dir = _cache_dir()
                tokenizer.initialize()
                tokenizer.load_userdict(str(USER_DICT))
                _tokenizer = tokenizer
    return _tokenizer


def normalize(text):
    """Full-width letters and digits to their ASCII forms (ＡＢＣ１２ -> abc12), lower case, one kind of space."""
    return unicodedata.normalize("NFKC", str(text or "")).lower()


def bigrams(text):
    """Every pair of adjacent Chinese characters in ``text``; a lone character stands for itself."""
    grams = []
    for run in _CJK_RUN.findall(text):
        if len(run) == 1:
            grams.append(run)
        else:
            grams.extend(run[i : i + 2] for i in range(len(run) - 1))
    return grams


def index_text(text):
    """The terms to index beside ``text`` itself: jieba's words and the bigrams of its Chinese runs, space-separated.

    Only Chinese needs them; Latin words are already terms in the original text, which stays indexed as it is.
    """
    text = normalize(text)
    if not _CJK_CHAR.search(text):
        return ""
    words = [word for word in get_tokenizer().cut_for_search(text) if _CJK_CHAR.search(word) and _WORD.fullmatch(word)]
    return " ".join(words + bigrams(text))


def query_terms(query):
    """The terms a query must all match: bigrams of each Chinese run, Latin words and numbers as they are.

    Everything that is not a letter or a digit (quotes, ``*``, ``-``, brackets, emoji) only separates terms, so no
    query reaches the engine's own query syntax. Stop words alone, or nothing at all, give an empty list.
    """
    terms = []
    for word in _WORD.findall(normalize(query)):
        for part in _SPLIT.split(word):
            if not part:
                continue
            if _CJK_CHAR.match(part):
                terms.extend(bigrams(part) if len(part) > 1 else [part])
            else:
                terms.append(part)
    seen = set()
    kept = []
    for term in terms:
        if term not in seen and term not in STOP_WORDS:
            seen.add(term)
            kept.append(term)
    return kept[:MAX_QUERY_TERMS]


def parse_query(query):
    """The Wagtail search query for what a visitor typed, or None when nothing searchable is left."""
    terms = query_terms(query)
    if not terms:
        return None
    return PlainText(" ".join(terms), operator="and")


def title_matches(title, query):
    """True when every term of the query appears in ``title``: such results are listed before body-only matches."""
    text = normalize(title)
    terms = query_terms(query)
    return bool(terms) and all(term in text for term in terms)


class SegmentedSearchField(index.SearchField):
    """A second copy of a search field, holding :func:`index_text` of its value under the same field name.

    Index definitions are de-duplicated by (class, name), so this field sits beside the plain ``SearchField`` of the
    same name instead of replacing it, and the backends treat both alike: ``title`` stays the weighted title.
    """

    def get_value(self, obj):
        value = super().get_value(obj)
        if isinstance(value, (list, tuple)):
            value = " ".join(str(item) for item in value if item)
        return index_text(value) if value else ""


def segmented(*field_names, **kwargs):
    """``SegmentedSearchField``s for ``field_names``; a model adds them after its plain search fields."""
    return [SegmentedSearchField(name, **kwargs) for name in field_names]
