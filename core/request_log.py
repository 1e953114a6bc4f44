"""Structured logs without personal data, and the Sentry scrubber.

Every log record becomes one JSON object per line. The request log has the
method, path, status and duration, and nothing that identifies a visitor: no
address, no user agent, no cookies.

Requests to survey URLs (answering, thank-you page, results) are not logged at
all: a line with a time, or merely its place between lines with times, could be
matched with "I answered just now" or with the contact left a moment later
(docs/privacy.md). Django's own lines about them (4xx warnings) are dropped by
PrivatePathFilter; a server error keeps its line, dated to the day only.
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
_NEVER_LOGGED = {"request", "server_time", "ip", "remote_addr", "user_agent", "day_only"}


def is_private_path(path: str) -> bool:
    return path.startswith(PRIVATE_PREFIXES)


class JsonFormatter(logging.Formatter):
    def format(self, record):
        created = datetime.fromtimestamp(record.created, UTC)
        entry = {
            "time": (
                created.date().isoformat()
                if getattr(record, "day_only", False)
                else created.isoformat(timespec="milliseconds")
            ),
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


class PrivatePathFilter(logging.Filter):
    """Leaves out log records about requests to survey URLs (see the module docstring).

    A server error (5xx) is kept, since someone must fix it, but dated to the day.
    """

    def filter(self, record):
        path = getattr(getattr(record, "request", None), "path", None)
        if path is None:
            path = getattr(record, "path", None)
        if not (isinstance(path, str) and is_private_path(path)):
            return True
        if getattr(record, "status_code", 0) >= 500:
            record.day_only = True
            return True
        return False


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
    """The request log line; also for a caller outside the middleware.

    None for survey URLs: see the module docstring.
    """
    if is_private_path(path):
        return
    fields = {
        "method": method,
        "path": path,
        "status": status,
        "duration_ms": round((time.monotonic() - start) * 1000, 1),
        **extra,
    }
    if query:
        fields["query"] = query
    logger.info("request", extra=fields)


def sentry_before_send(event, hint):
    """Strip what could identify a visitor before an error leaves for Sentry.

    send_default_pii=False already leaves out cookies, user and address, and
    include_local_variables=False the frames' variables (sentry_options). This
    also drops the headers (user agent) everywhere, any frame variables that got
    through, and on survey URLs everything a respondent sent or could be known
    by: query, body, the exception's message (it may quote an answer) and the
    breadcrumbs (queries and log lines of the request, with their times).
    """
    request = event.get("request") or {}
    request.pop("headers", None)
    request.pop("env", None)
    request.pop("cookies", None)
    event.pop("user", None)
    for exception in (event.get("exception") or {}).get("values") or []:
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    # The Django integration names the event after the route ("/survey/{slug}/"),
    # and leaves out the address when it has nothing else to send.
    where = f"{request.get('url', '')} {event.get('transaction', '')}"
    if PRIVATE_URL_PART in where:
        request.pop("query_string", None)
        request.pop("data", None)
        event.pop("breadcrumbs", None)
        event.pop("extra", None)
        for exception in (event.get("exception") or {}).get("values") or []:
            exception["value"] = ""
        if "logentry" in event:
            event["logentry"] = {"message": "(removed: survey request)"}
    return event


PRIVATE_URL_PART = "/survey/"


def sentry_options() -> dict:
    """Everything given to sentry_sdk.init besides the DSN (settings/base.py)."""
    return {
        "send_default_pii": False,
        "include_local_variables": False,
        "max_request_body_size": "never",
        "before_send": sentry_before_send,
        "traces_sample_rate": 0.0,
    }
