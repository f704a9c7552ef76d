"""Fixtures for the page-cache tests: anonymous visitors without cookies, a group (redis_down: tests/conftest.py)."""

import pytest
from django.test import Client

from tests.groups.factories import CommunityGroupFactory, MemberFactory

HEADER = "X-Page-Cache"


def state(response):
    """ "hit", "miss" (rendered and stored) or None (neither served from nor stored in the page cache)."""
    return response.headers.get(HEADER)


@pytest.fixture
def anon():
    """GET as a new anonymous visitor each time (a fresh client: no cookie carried over from an earlier response)."""

    def get(url, data=None, **extra):
        return Client().get(url, data, **extra)

    return get


@pytest.fixture
def leader(db):
    return MemberFactory(email="leader@example.com", display_name="组长阿青")


@pytest.fixture
def group(db, leader, home_page):
    return CommunityGroupFactory(name="西湖读书会", slug="xihu-books", leader=leader, capacity=30)
