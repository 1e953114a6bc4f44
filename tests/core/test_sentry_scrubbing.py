"""Sentry never receives what a survey respondent sent: no body, query, local
variables, exception message or breadcrumbs from a survey URL."""

import pytest
import sentry_sdk
from django.urls import path
from sentry_sdk.transport import Transport

from core.request_log import sentry_before_send, sentry_options
from lejerbo_site.urls import urlpatterns as site_urlpatterns

SECRET_ANSWER = "Min nabo Hans stjæler"
SECRET_CODE = "K7QX2MBR9T"


def crashing_survey_view(request, slug):
    answers = dict(request.POST)  # a local variable holding the answers
    state = {"code": SECRET_CODE}  # and one holding the signed form state's code
    raise ValueError(f"cannot store {answers['barriers'][0]!r} for {state['code']}")


urlpatterns = [path("survey/<slug:slug>/", crashing_survey_view), *site_urlpatterns]
pytestmark = pytest.mark.urls(__name__)


class Captured(Transport):
    events: list = []

    def capture_envelope(self, envelope):
        for item in envelope.items:
            if item.type == "event":
                Captured.events.append(item.payload.json)


@pytest.fixture
def sentry_events():
    Captured.events = []
    sentry_sdk.init(dsn="https://public@sentry.example/1", transport=Captured, **sentry_options())
    yield Captured.events
    sentry_sdk.get_client().close()
    sentry_sdk.init()  # no DSN: inactive again for the other tests


def test_a_crash_on_a_survey_url_sends_nothing_the_respondent_sent(client, sentry_events):
    client.raise_request_exception = False
    with sentry_sdk.new_scope():
        sentry_sdk.add_breadcrumb(message=f"INSERT ... {SECRET_ANSWER}")
        response = client.post(
            "/survey/tenants-2026/?code=" + SECRET_CODE,
            {"barriers": SECRET_ANSWER, "state": "signed-state"},
        )
    assert response.status_code == 500
    sentry_sdk.flush()

    (event,) = sentry_events
    sent = repr(event)
    assert "ValueError" in sent  # the error still reaches Sentry
    assert SECRET_ANSWER not in sent
    assert SECRET_CODE not in sent
    assert "signed-state" not in sent
    frames = [f for e in event["exception"]["values"] for f in e["stacktrace"]["frames"]]
    assert frames and not any("vars" in f for f in frames)


def test_sentry_is_set_up_without_local_variables_or_request_bodies():
    options = sentry_options()
    assert options["include_local_variables"] is False
    assert options["max_request_body_size"] == "never"
    assert options["send_default_pii"] is False
    assert options["before_send"] is sentry_before_send


def test_the_scrubber_empties_survey_events_even_if_options_change():
    event = {
        "request": {"url": "https://x/survey/a/thanks/", "data": {"email": "kari@x.no"}},
        "breadcrumbs": {"values": [{"message": "kari@x.no"}]},
        "exception": {
            "values": [
                {
                    "type": "ValueError",
                    "value": "kari@x.no",
                    "stacktrace": {"frames": [{"function": "f", "vars": {"e": "kari@x.no"}}]},
                }
            ]
        },
    }

    assert "kari@x.no" not in repr(sentry_before_send(event, {}))
