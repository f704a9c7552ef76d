"""Log records that can be traced to one request: the request's id and member id on every record, one JSON object per
line in production (LOG_FORMAT=json) and a readable line in development (LOG_FORMAT=text).

The request context lives in a contextvar rather than a thread-local so it follows the request through async views and
never leaks into the next request a worker thread serves. The member id is read only once the request's user has been
loaded by the code serving it: loading it for the log would cost a session read and a query on pages that never ask
who is signed in (anonymous pages, the health checks), and a query made from inside a logging filter could log again.
"""

import contextvars
import json
import logging
from datetime import UTC, datetime

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.utils.encoding import escape_uri_path
from django.utils.functional import LazyObject, empty

_current_request = contextvars.ContextVar("current_request", default=None)

# Attributes every LogRecord has; anything else on a record came from ``extra=`` and belongs in the JSON object.
_RECORD_ATTRIBUTES = frozenset(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}
# Set by RequestContextFilter; written as fields of their own, never twice.
_CONTEXT_FIELDS = ("request_id", "member_id")


# URL arguments whose values are credentials (allauth's confirmation and reset keys, Django's and Wagtail's reset
# tokens, our unsubscribe tokens): masked wherever a path is logged.
SECRET_URL_ARGUMENTS = frozenset({"key", "token", "uidb36", "uidb64", "signature"})
MASK = "[masked]"


def loggable_path(request):
    """The path without its query string, percent-encoded like an access log's (so it stays one line), with secret
    arguments masked."""
    path = escape_uri_path(request.path)
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name, value in match.kwargs.items():
            if name in SECRET_URL_ARGUMENTS and value:
                path = path.replace(escape_uri_path(str(value)), MASK)
    return path


def bind_request(request):
    """Make ``request`` the current one for log records; returns the token ``unbind_request`` needs."""
    return _current_request.set(request)


def unbind_request(token):
    _current_request.reset(token)


def current_request_id():
    request = _current_request.get()
    return getattr(request, "request_id", None) if request is not None else None


def member_id_of(request):
    """The signed-in member's id if the request has already loaded its user; None for visitors and unloaded users."""
    user = getattr(request, "user", None)
    if isinstance(user, LazyObject):
        user = user._wrapped  # looking without loading is the point (module docstring)
        if user is empty:
            return None
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.pk


class RequestContextFilter(logging.Filter):
    """Adds ``request_id`` and ``member_id`` to every record (None outside a request: commands, workers, startup)."""

    def filter(self, record):
        # Django logs a 4xx/5xx answer (django.request) after the middleware has finished, so the request is
        # taken from the record when it carries one, and its path is masked like the request line's.
        request = getattr(record, "request", None)
        if isinstance(request, HttpRequest):
            if isinstance(record.args, tuple):
                # Django escapes the path it passes (unicode_escape) before logging it.
                paths = {request.path, request.path.encode("unicode_escape").decode("ascii")}
                record.args = tuple(
                    loggable_path(request) if isinstance(arg, str) and arg in paths else arg for arg in record.args
                )
        else:
            request = _current_request.get()
        if getattr(record, "request_id", None) is None:
            record.request_id = getattr(request, "request_id", None)
        if getattr(record, "member_id", None) is None:
            record.member_id = member_id_of(request) if request is not None else None
        return True


def _timestamp(record):
    return datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, the request context, any ``extra=`` fields and
    the traceback. Newlines in a message or a traceback are escaped by JSON, so a record is always exactly one line."""

    def format(self, record):
        entry = {
            "time": _timestamp(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in _CONTEXT_FIELDS:
            entry[field] = getattr(record, field, None)
        for key, value in record.__dict__.items():
            # A request object's text is its full URL, query string included: the context fields stand for it.
            if key not in _RECORD_ATTRIBUTES and key not in entry and not isinstance(value, HttpRequest):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """``time level logger [request member] message`` for a developer's terminal."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s %(member_id)s] %(message)s")

    def format(self, record):
        # A copy: another handler may format the same record. One that skipped RequestContextFilter still formats.
        record = logging.makeLogRecord(record.__dict__)
        for field in _CONTEXT_FIELDS:
            if getattr(record, field, None) is None:
                setattr(record, field, "-")
        return super().format(record)


def logging_config(log_format, level="INFO"):
    """settings.LOGGING: the console handler with the request context and the chosen format (LOG_FORMAT)."""
    if log_format not in ("json", "text"):
        raise ImproperlyConfigured(f'LOG_FORMAT must be "json" or "text", got {log_format!r}')
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_context": {"()": RequestContextFilter}},
        "formatters": {"json": {"()": JsonFormatter}, "text": {"()": TextFormatter}},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "filters": ["request_context"], "formatter": log_format}
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            # One line per finished task or publish is noise at INFO; failures still show.
            "django_tasks": {"level": "WARNING"},
            "wagtail": {"level": "WARNING"},
        },
    }
