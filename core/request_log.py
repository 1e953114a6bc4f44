"""Structured logs without personal data, and the Sentry scrubber.

Every log record becomes one JSON object per line. The request log has the
method, path, status and duration, and nothing that identifies a visitor: no
address, no user agent, no cookies, and no query string on survey URLs.
"""

import json
import logging
import time
from datetime import UTC, datetime

logger = logging.getLogger("lejerbo_site.requests")

# Paths whose requests must never be linkable to a person (anonymous surveys).
PRIVATE_PREFIXES = ("/survey/",)

# Attributes every LogRecord has; anything else was passed with `extra=`.
_STANDARD_ATTRS = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
# Never written out, even if some library passes them as `extra`.
_NEVER_LOGGED = {"request", "server_time", "ip", "remote_addr", "user_agent"}


def is_private_path(path: str) -> bool:
    return path.startswith(PRIVATE_PREFIXES)


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRS and key not in _NEVER_LOGGED:
                entry[key] = value if isinstance(value, str | int | float | bool) else str(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class RequestLogMiddleware:
    """One log line per request: method, path, status, duration; query only off the surveys."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start = time.monotonic()
        response = self.get_response(request)
        log_request(
            method=request.method,
            path=request.path,
            query=request.META.get("QUERY_STRING", ""),
            status=response.status_code,
            start=start,
        )
        return response


def log_request(*, method: str, path: str, query: str, status: int, start: float, **extra):
    """The request log line; also for a caller outside the middleware."""
    fields = {
        "method": method,
        "path": path,
        "status": status,
        "duration_ms": round((time.monotonic() - start) * 1000, 1),
        **extra,
    }
    if query and not is_private_path(path):
        fields["query"] = query
    logger.info("request", extra=fields)


def sentry_before_send(event, hint):
    """Strip what could identify a visitor before an error leaves for Sentry.

    send_default_pii=False already leaves out cookies, user and address; this also
    drops the headers (user agent) everywhere and the query and body on survey URLs.
    """
    request = event.get("request") or {}
    request.pop("headers", None)
    request.pop("env", None)
    request.pop("cookies", None)
    url = request.get("url", "")
    if "/survey/" in url:
        request.pop("query_string", None)
        request.pop("data", None)
    event.pop("user", None)
    return event
