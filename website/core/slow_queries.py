"""Slow-query warnings: any SQL statement slower than SLOW_QUERY_MS is logged with its duration, its text and the
request that ran it, so a slow page can be traced to the query without turning on DEBUG or the database's own log.

The wrapper goes on every connection as it opens (website.core.signals connects ``watch_connection`` to
connection_created). Parameters are never logged: they hold e-mail addresses, tokens and whatever members typed.
The threshold is read per statement, so SLOW_QUERY_MS=0 turns the timing off without reconnecting.
"""

import logging
import time

from django.conf import settings

from .logging import current_request_id

logger = logging.getLogger("website.slow_queries")

MAX_SQL_LENGTH = 1000


def log_if_slow(execute, sql, params, many, context):
    threshold_ms = settings.SLOW_QUERY_MS
    if not threshold_ms or threshold_ms <= 0:
        return execute(sql, params, many, context)
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        duration_ms = (time.perf_counter() - started) * 1000
        if duration_ms >= threshold_ms:
            _warn(sql, duration_ms, context)


def _warn(sql, duration_ms, context):
    text = str(sql)
    if len(text) > MAX_SQL_LENGTH:
        text = text[:MAX_SQL_LENGTH] + "…"
    request_id = current_request_id()
    logger.warning(
        "Slow query (%.1f ms, request %s): %s",
        duration_ms,
        request_id or "-",
        text,
        extra={
            "duration_ms": round(duration_ms, 1),
            "sql": text,
            "database": context["connection"].alias,
            "request_id": request_id,
        },
    )


def watch_connection(connection):
    """Install the wrapper once per connection object (connection_created fires again after every reconnect)."""
    if log_if_slow not in connection.execute_wrappers:
        connection.execute_wrappers.append(log_if_slow)
