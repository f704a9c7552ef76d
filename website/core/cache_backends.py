"""A Redis cache that fails soft: when Redis is unreachable every operation behaves like a miss, so pages still answer.

The site uses its cache only for things it can rebuild (fragments, boards, settings, allauth's rate-limit counters), so
an outage costs speed, never correctness of a response. A dead Redis must also cost milliseconds, not seconds: the
client gets short socket timeouts, and after one failure the process stops asking Redis for ``RETRY_AFTER`` seconds
(a small circuit breaker) instead of paying a connect timeout on each of the dozen cache calls a page makes.

Failures are logged at WARNING at most once per ``LOG_EVERY`` seconds per server (with the number of calls that failed
in between), and once more when Redis answers again; the rest goes to DEBUG, so an outage does not flood the log.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis import exceptions as redis_errors

logger = logging.getLogger(__name__)

# What an outage looks like from the client: refused/dropped connections, timeouts, a replica that cannot take writes,
# or something that is not Redis on the port. A plain ResponseError (say, INCR on a pickled value) is a bug and raises.
OUTAGE_ERRORS = (
    redis_errors.ConnectionError,
    redis_errors.TimeoutError,
    redis_errors.ReadOnlyError,
    redis_errors.InvalidResponse,
)

# Seconds; a healthy Redis on the same network answers in well under a millisecond.
DEFAULT_CLIENT_OPTIONS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.5}


class _Outage:
    """Per-process state of one Redis location, shared by the per-thread cache instances Django creates."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_until = 0.0  # monotonic time before which calls skip Redis
        self.down_since = None  # wall-clock start of the current outage, for the recovery log line
        self.last_logged = None  # monotonic time of the last WARNING
        self.suppressed = 0  # failures since the last WARNING


_outages = {}
_outages_lock = threading.Lock()


def _outage_for(location):
    with _outages_lock:
        return _outages.setdefault(location, _Outage())


class FailSoftRedisCache(RedisCache):
    """Django's RedisCache, except that an unreachable Redis reads as a miss and writes are dropped.

    With Redis down: ``get`` returns the default, ``get_many`` ``{}``, ``has_key``/``touch``/``delete`` ``False``,
    ``set``/``delete_many`` do nothing, ``set_many`` reports every key as not stored, ``incr``/``decr`` raise
    ``ValueError`` as for a missing key, and ``clear`` returns ``False``.

    ``add`` returns ``True`` ("go ahead") rather than ``False``. Callers use ``add`` as a lock: allauth's rate limiter
    spins for a second on ``cache.add(lock_key)`` and then answers 429, so ``False`` would turn a Redis outage into
    "nobody can log in". ``True`` makes rate limits fail open (logged) and keeps ``if not cache.add(k): cache.incr(k)``
    from raising. No rule of this project relies on the cache for mutual exclusion; those live in the database.

    OPTIONS: ``RETRY_AFTER`` (seconds to skip Redis after a failure, default 5), ``LOG_EVERY`` (seconds between
    WARNING lines, default 60); the rest goes to redis-py as usual, with short socket timeouts unless given.
    """

    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("RETRY_AFTER", 5))
        self.log_every = float(options.pop("LOG_EVERY", 60))
        params["OPTIONS"] = {**DEFAULT_CLIENT_OPTIONS, **options}
        super().__init__(server, params)
        self._location = server if isinstance(server, str) else ",".join(server)
        self._outage = _outage_for(self._location)

    # --- the breaker -------------------------------------------------------------------------------------------------

    def _skipping(self):
        return time.monotonic() < self._outage.down_until

    def _failed(self, operation, exc):
        outage = self._outage
        now = time.monotonic()
        with outage.lock:
            outage.down_until = now + self.retry_after
            if outage.down_since is None:
                outage.down_since = time.time()
            if outage.last_logged is not None and now - outage.last_logged < self.log_every:
                outage.suppressed += 1
                log_now = False
            else:
                suppressed, outage.suppressed = outage.suppressed, 0
                outage.last_logged = now
                log_now = True
        if log_now:
            logger.warning(
                "Cache unavailable at %s (%s during %s: %s); serving without cache, rate limits are not enforced. "
                "%d more failed calls since the last report; next report in %ds at the earliest.",
                self._location,
                type(exc).__name__,
                operation,
                exc,
                suppressed,
                self.log_every,
            )
        else:
            logger.debug("Cache unavailable at %s during %s: %s", self._location, operation, exc)

    def _succeeded(self):
        outage = self._outage
        if outage.down_since is None:
            return
        with outage.lock:
            since, outage.down_since = outage.down_since, None
            outage.down_until = 0.0
            outage.last_logged = None
            outage.suppressed = 0
        if since is not None:
            logger.warning("Cache at %s is reachable again after %.0fs.", self._location, time.time() - since)

    def _call(self, operation, fallback, method, *args, **kwargs):
        if self._skipping():
            return fallback()
        try:
            result = method(*args, **kwargs)
        except OUTAGE_ERRORS as exc:
            self._failed(operation, exc)
            return fallback()
        self._succeeded()
        return result

    def ping(self):
        """Ask Redis directly, past the breaker; raises on failure. For health checks, not for pages."""
        self._cache.get_client(write=True).ping()
        self._succeeded()
        return True

    # --- the cache API -----------------------------------------------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", lambda: True, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", lambda: default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", lambda: None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", lambda: False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", lambda: False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", dict, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", lambda: False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key '{key}' not found (cache unavailable).")

        return self._call("incr", missing, super().incr, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", lambda: list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", lambda: None, super().delete_many, keys, version)

    def clear(self):
        return self._call("clear", lambda: False, super().clear)
