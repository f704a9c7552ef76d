"""Staging races: threads released at the same moment, each on its own database connection; PostgreSQL only.

Threads see each other's work only once it is committed, so race tests use ``django_db(transaction=True)`` (the flush
after each is followed by setup_site, which puts the site structure back). They are skipped on SQLite:
its in-memory test database is shared between threads through the shared cache, whose table locks fail at once
instead of waiting (the production SQLite settings, a file with WAL and IMMEDIATE transactions, queue writers
instead). The PostgreSQL CI pass runs them.
"""

import threading

import pytest
from django.db import connection, connections

# The one "needs PostgreSQL" marker. A marker, not a skip inside a fixture or the test: a skipped test then sets up
# (and flushes) no database at all.
requires_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (the PostgreSQL CI pass runs it)",
)

# Everything a race test needs: committed data visible to every thread, and PostgreSQL.
race_test = [pytest.mark.django_db(transaction=True), requires_postgresql]


def run_concurrently(count, work, expected=()):
    """Run work(i) for i in range(count), each in its own thread, all released together by a barrier.

    Returns (results, unexpected): an exception of one of the ``expected`` types (a refused action) is that thread's
    result; any other exception is collected in ``unexpected``, which is what the tests look for. Each thread closes
    its database connections when done.
    """
    barrier = threading.Barrier(count, timeout=30)
    results, unexpected = [None] * count, []

    def runner(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except expected as error:
            results[i] = error
        except BaseException as error:  # noqa: BLE001 - any other exception fails the test
            unexpected.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a worker hung: a lock was never released"
    return results, unexpected


def race(target, arguments):
    """Call target(*args) for each args in its own thread, all released at once; returns each call's result or the
    exception it raised (a refused action), and fails the test if a thread could not run at all."""
    results, unexpected = run_concurrently(len(arguments), lambda i: target(*arguments[i]), expected=(Exception,))
    assert unexpected == []
    return results
