import datetime as dt
import zoneinfo

import icalendar
import pytest
from django.core import mail

from participation import services
from participation.models import Registration
from tests.participation.factories import EventFactory

pytestmark = pytest.mark.django_db

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


def _digital_event(**kwargs):
    start = dt.datetime(2031, 10, 13, 12, 0, tzinfo=OSLO)
    return EventFactory(
        kind="digital",
        place="",
        meeting_url="https://meet.example.no/secret-room",
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=90),
        **kwargs,
    )


def _send(sign_up, capture, event, email):
    with capture(execute=True):
        sign_up(event, email=email)
    return [m for m in mail.outbox if m.to == [email]][-1]


def test_confirmation_is_in_event_language_with_cancel_and_meeting_link(
    sign_up, django_capture_on_commit_callbacks
):
    message = _send(sign_up, django_capture_on_commit_callbacks, _digital_event(), "a@example.no")
    assert "Påmelding bekreftet" in message.subject
    assert "/events/cancel/" in message.body
    assert "https://meet.example.no/secret-room" in message.body
    html = message.alternatives[0].content
    assert 'lang="nb"' in html and "secret-room" in html


def test_waiting_list_notice_has_no_meeting_link(sign_up, django_capture_on_commit_callbacks):
    event = _digital_event(capacity=1)
    _send(sign_up, django_capture_on_commit_callbacks, event, "a@example.no")
    message = _send(sign_up, django_capture_on_commit_callbacks, event, "b@example.no")
    assert "Venteliste" in message.subject
    assert "secret-room" not in message.body
    assert "secret-room" not in message.alternatives[0].content
    assert not message.attachments
    assert "/events/cancel/" in message.body


def test_english_event_sends_english_mail(sign_up, django_capture_on_commit_callbacks):
    message = _send(
        sign_up, django_capture_on_commit_callbacks, EventFactory(language="en"), "e@x.no"
    )
    assert message.subject.startswith("Registration confirmed")


def test_danish_event_sends_danish_mail(sign_up, django_capture_on_commit_callbacks):
    message = _send(
        sign_up, django_capture_on_commit_callbacks, EventFactory(language="da"), "d@x.dk"
    )
    assert message.subject.startswith("Tilmelding bekræftet")


def test_ics_attachment_parses_back_to_right_utc_start(sign_up, django_capture_on_commit_callbacks):
    message = _send(sign_up, django_capture_on_commit_callbacks, _digital_event(), "a@example.no")
    filename, content, mimetype = message.attachments[0]
    assert filename.endswith(".ics") and mimetype.startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(content)
    vevent = next(iter(cal.walk("VEVENT")))
    start = vevent.decoded("dtstart")
    # 12:00 in Oslo in October (CEST, UTC+2) is 10:00 UTC.
    assert start.astimezone(dt.UTC) == dt.datetime(2031, 10, 13, 10, 0, tzinfo=dt.UTC)
    assert vevent["dtstart"].params["TZID"] == "Europe/Oslo"
    assert cal.walk("VTIMEZONE")
    assert "secret-room" in str(vevent["location"])


def test_failing_mail_server_keeps_registration_and_marks_it(
    sign_up, django_capture_on_commit_callbacks, settings, caplog
):
    settings.EMAIL_BACKEND = "tests.participation.broken_mail.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        result = sign_up(EventFactory(), email="a@example.no")
    registration = Registration.objects.get(pk=result.registration.pk)
    assert registration.status == "confirmed"
    assert registration.mail_state == "failed"
    assert "connection refused" in registration.mail_error
    # Staff re-send once the server is back.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_resend(registration=registration)
    registration.refresh_from_db()
    assert registration.mail_state == "sent"


def test_rolled_back_sign_up_sends_nothing(sign_up, mailoutbox):
    from django.db import transaction

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        sign_up(EventFactory(), email="a@example.no")
        raise Boom
    assert mailoutbox == []
    assert not Registration.objects.exists()
