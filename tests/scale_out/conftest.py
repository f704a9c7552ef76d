"""Fixtures of the scale-out test: the cluster (two servers over pytest-django's fresh PostgreSQL database and the
shared Redis), members who can sign in to it, and a fresh browser per visitor."""

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from django.db import connection
from django.test.utils import setup_databases, teardown_databases

from tests.factories import DEFAULT_PASSWORD

from .cluster import Cluster, Visitor, database_url


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment, django_db_blocker, django_db_modify_db_settings):
    """A fresh, migrated test database (an old one of the same name is replaced), dropped at the end.

    pytest-django's own fixture sets up only the databases its marked tests ask for, and these tests are not marked:
    their data must be committed for the servers to see it (see _committed_data)."""
    with django_db_blocker.unblock():
        databases = setup_databases(verbosity=0, interactive=False, aliases={"default"}, serialized_aliases=set())
    yield
    with django_db_blocker.unblock():
        teardown_databases(databases, verbosity=0)


@pytest.fixture(scope="module", autouse=True)
def _committed_data(django_db_setup, django_db_blocker):
    """The test process writes as any other process does: committed at once, seen by the servers. The tests share
    the database (each builds its own people and groups) and nothing is flushed between them: pytest-django drops the
    whole database at the end."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture(scope="module")
def cluster(_committed_data, tmp_path_factory):
    """Static files collected, then servers A and B; stopped before pytest-django drops the database."""
    site = Cluster(tmp_path_factory.mktemp("scale-out"), database_url(connection.settings_dict))
    try:
        site.a, site.b = site.start("A", "B")
        yield site
    finally:
        site.stop()


def can_sign_in(user):
    """The servers hash with production's hashers (the test process's settings only know the fast MD5 one)."""
    user.password = make_password(DEFAULT_PASSWORD, hasher=PBKDF2PasswordHasher())
    user.save(update_fields=["password"])
    return user


@pytest.fixture
def browser():
    """A visitor with a cookie jar of their own; `browser()` for a second device."""
    made = []

    def make():
        made.append(Visitor())
        return made[-1]

    yield make
    for visitor in made:
        visitor.http.close()
