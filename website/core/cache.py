"""One version number for every cached fragment of anonymous pages; publishing bumps it and so clears them all.

The same number is the site-wide generation of the full-page cache (``page_cache``). When the key is missing (a new
Redis, an eviction) it starts again from the clock in microseconds, never from a small number that fragments or pages
stored under an older generation may still carry.
"""

import time

from django.core.cache import cache

from .memo import memoised

_VERSION_KEY = "site-fragments:version"


def fragment_version():
    """Read once per request (see ``memo``): a page asks for it once per cached fragment."""
    return memoised(_VERSION_KEY, _read_fragment_version)


def _read_fragment_version():
    version = cache.get(_VERSION_KEY)
    if version is None:
        cache.add(_VERSION_KEY, fresh_generation(), timeout=None)
        version = cache.get(_VERSION_KEY) or fresh_generation()
    return version


def fresh_generation():
    """A starting generation no earlier generation can equal (the clock in microseconds)."""
    return time.time_ns() // 1000


def bump_fragment_version():
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, fresh_generation(), timeout=None)
