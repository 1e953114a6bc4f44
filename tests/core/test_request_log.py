import json
import logging

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import path

from core.request_log import JsonFormatter, sentry_before_send
from lejerbo_site.urls import urlpatterns as site_urlpatterns


def answer_view(request, slug):
    return HttpResponse("thanks")


urlpatterns = [
    path("survey/<slug:slug>/", answer_view),
    path("survey/<slug:slug>/thanks/", answer_view),
    *site_urlpatterns,
]

pytestmark = pytest.mark.urls(__name__)

VISITOR = {"REMOTE_ADDR": "203.0.113.50", "HTTP_USER_AGENT": "SecretBrowser/1.0"}


def logged_lines(caplog):
    formatter = JsonFormatter()
    return [formatter.format(r) for r in caplog.records if r.name == "lejerbo_site.requests"]


def test_survey_requests_leave_no_log_line_and_so_no_time(client, caplog):
    with caplog.at_level(logging.INFO):
        client.post("/survey/tenants-2026/?ref=mail-to-hanne", {"q1": "yes"}, **VISITOR)
        client.get("/survey/tenants-2026/thanks/?k=abc", **VISITOR)

    assert logged_lines(caplog) == []


def test_django_warnings_about_survey_requests_are_dropped_and_errors_keep_only_the_day():
    (handler,) = [h for h in logging.getLogger().handlers if isinstance(h.formatter, JsonFormatter)]
    request = RequestFactory().post("/survey/tenants-2026/")

    def record(status):
        entry = logging.makeLogRecord(
            {"name": "django.request", "msg": "Forbidden: %s", "args": (request.path,)}
        )
        entry.request, entry.status_code = request, status
        return entry

    assert not handler.filter(record(403))
    error = record(500)
    assert handler.filter(error)
    time = json.loads(handler.format(error))["time"]
    assert len(time) == len("2026-12-03") and "T" not in time
    other = logging.makeLogRecord({"name": "django.request", "msg": "Not Found: /x"})
    other.request, other.status_code = RequestFactory().get("/x"), 404
    assert handler.filter(other)


@pytest.mark.django_db
def test_other_requests_keep_their_query_but_never_the_address(client, caplog):
    with caplog.at_level(logging.INFO, logger="lejerbo_site.requests"):
        client.get("/robots.txt?x=1", **VISITOR)

    (line,) = logged_lines(caplog)
    assert json.loads(line)["query"] == "x=1"
    assert "203.0.113.50" not in line
    assert "SecretBrowser" not in line


def test_log_lines_are_json_and_leave_out_the_request_object():
    record = logging.makeLogRecord(
        {"name": "django.request", "msg": "Not Found: %s", "args": ("/x",), "levelname": "WARNING"}
    )
    record.request = object()
    record.status_code = 404

    entry = json.loads(JsonFormatter().format(record))

    assert entry["message"] == "Not Found: /x"
    assert entry["status_code"] == 404
    assert "request" not in entry


def test_sentry_events_lose_headers_and_survey_query_and_body():
    event = {
        "request": {
            "url": "https://lejerbo.example/survey/abc/",
            "query_string": "ref=hanne",
            "data": {"q1": "yes"},
            "headers": {"User-Agent": "SecretBrowser"},
            "env": {"REMOTE_ADDR": "203.0.113.50"},
        },
        "user": {"ip_address": "203.0.113.50"},
    }

    cleaned = sentry_before_send(event, {})

    assert cleaned["request"] == {"url": "https://lejerbo.example/survey/abc/"}
    assert "user" not in cleaned


def test_without_sentry_dsn_no_sentry_client_is_set_up():
    import sentry_sdk

    assert not sentry_sdk.get_client().is_active()
