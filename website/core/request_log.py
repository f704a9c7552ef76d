"""One log line per request, and a request id that ties it to every other record the request caused.

The id comes from the proxy's X-Request-ID when that is a sane token (so the proxy's access log, ours and a member's
bug report name the same request) and is generated otherwise; it is echoed in the response's X-Request-ID. A header
with newlines, spaces or ten kilobytes of anything is replaced, never logged: anyone can send one.

The line names the path only. Query strings carry share-link tokens, search words and filter values; path segments that
are secrets themselves (e-mail confirmation keys, password-reset and unsubscribe tokens) are masked using the URL
pattern's own argument names (website.core.logging.loggable_path), here and in Django's own "Bad Request" and
"Internal Server Error" records. The member is named by id, never by e-mail or name.
"""

import logging
import re
import time
import uuid

from .logging import bind_request, loggable_path, member_id_of, unbind_request

logger = logging.getLogger("website.requests")

REQUEST_ID_HEADER = "X-Request-ID"
# Letters, digits and the punctuation of UUIDs, ULIDs and proxies' own ids; nothing that could break a log line.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def request_id_from(request):
    supplied = request.META.get("HTTP_X_REQUEST_ID", "")
    if SANE_REQUEST_ID.fullmatch(supplied):
        return supplied
    return uuid.uuid4().hex


class RequestLogMiddleware:
    """Outermost middleware: binds the request id for the request's log records, logs the finished request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request.request_id = request_id_from(request)
        token = bind_request(request)
        try:
            response = self.get_response(request)
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            response[REQUEST_ID_HEADER] = request.request_id
            self._log(request, response, duration_ms)
            return response
        finally:
            unbind_request(token)

    def _log(self, request, response, duration_ms):
        path = loggable_path(request)
        member_id = member_id_of(request)
        # Django's own django.request logger reports the error itself with its traceback; this line is the access log.
        level = logging.WARNING if response.status_code >= 500 else logging.INFO
        logger.log(
            level,
            "%s %s %s %sms",
            request.method,
            path,
            response.status_code,
            duration_ms,
            extra={
                "method": request.method,
                "path": path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "request_id": request.request_id,
                "member_id": member_id,
            },
        )
