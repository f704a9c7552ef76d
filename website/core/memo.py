"""Per-request memo: a value read from the shared cache (or the database) at most once per request.

Levels, point rules, the fragment version, the site settings: small values every page reads, often many times (one
level badge per member name). Within one request they are read once and kept here; the next request starts empty.

The memo lives in a context variable, set when a request starts and dropped when it finishes (Django's
``request_started`` / ``request_finished``, received in signals.py, so no middleware is needed). Outside a request
(a task, a management command, a test calling a function directly) there is no memo and every call reads through, so
nothing stale survives; code that wants one there opens an explicit scope with ``with request_memo():``.

Any model saved during the request, and a level, a rule or the site settings deleted, empties the memo: a request
that changes one reads the new value afterwards, as it would without the memo.
"""

from contextlib import contextmanager
from contextvars import ContextVar

_memo = ContextVar("request_memo", default=None)
_MISSING = object()
# Deleting one of these empties the memo too (saving any model does).
MEMOISED_MODELS = ("points.Level", "points.PointRule", "core.SiteSettings")


def memoised(key, compute):
    """The value for ``key`` in this request: ``compute()`` the first time, the kept value afterwards."""
    memo = _memo.get()
    if memo is None:
        return compute()
    value = memo.get(key, _MISSING)
    if value is _MISSING:
        value = memo[key] = compute()
    return value


def forget(key=None):
    """Drop one kept value (or all of them) from the current memo, if there is one."""
    memo = _memo.get()
    if memo is None:
        return
    if key is None:
        memo.clear()
    else:
        memo.pop(key, None)


def active():
    return _memo.get() is not None


@contextmanager
def request_memo():
    """A memo for an explicit stretch of work outside a request (a job rendering many e-mails, say)."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def start():
    """A fresh memo for the request that starts (core's signals call this on ``request_started``)."""
    _memo.set({})


def stop():
    _memo.set(None)
