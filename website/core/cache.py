"""One version number for every cached fragment of anonymous pages; publishing bumps it and so clears them all."""

from django.core.cache import cache

_VERSION_KEY = "site-fragments:version"


def fragment_version():
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
