"""Fixtures for the security tests: the shared world of tests/security/world.py, built per test."""

import pytest

from tests.security.world import build_world


@pytest.fixture
def world(db):
    return build_world()
