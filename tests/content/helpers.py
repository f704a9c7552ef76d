"""Helpers for the content tests that are not fixtures."""

import threading

from django.contrib.messages import get_messages
from django.db import connection
from django.utils import translation


def run_concurrently(count, work, expected=()):
    """Run work(i) in `count` threads released together; returns (results, unexpected exceptions).

    Exceptions of the `expected` types are results (a refused action); anything else is what the tests look for.
    Each thread has its own database connection and closes it when done.
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
            connection.close()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a worker hung"
    return results, unexpected


def flashed(response):
    """The messages a view queued for the next page (django.contrib.messages), as strings."""
    return [str(message) for message in get_messages(response.wsgi_request)]


def zh(message):
    """A message as members see it on the default (Chinese) site."""
    with translation.override("zh-hans"):
        return translation.gettext(message)


def route(page, name, *args):
    """The URL of a routable page's sub-route, e.g. route(course, "enrol")."""
    return page.url + page.reverse_subpage(name, args=args)
