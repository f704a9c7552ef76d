"""One version number for every cached fragment of anonymous pages; publishing bumps it and so clears them all."""

from django.core.cache import cache

from .memo import memoised

_VERSION_KEY = "site-fragments:version"


def fragment_version():
    """Read once per request (see ``memo``): a page asks for it once per cached fragment."""
    return memoised(_VERSION_KEY, _read_fragment_version)


def _read_fragment_version():
    version = cache.get(_VERSION_KEY)
    if version is None:
        version = 1
        cache.add(_VERSION_KEY, version, timeout=None)
    return version


def bump_fragment_version():
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 2, timeout=None)
