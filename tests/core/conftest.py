"""Fixtures for the site-wide tests: a Redis that is down."""

import pytest

from tests.utils import closed_port
from website.core import cache_backends


@pytest.fixture
def redis_down(settings):
    """The default cache is the fail-soft Redis backend at a port where nothing answers."""
    cache_backends._outages.clear()
    settings.CACHES = {
        "default": {
            "BACKEND": "website.core.cache_backends.FailSoftRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "KEY_PREFIX": "degrade-test",
        }
    }
    yield
    cache_backends._outages.clear()
