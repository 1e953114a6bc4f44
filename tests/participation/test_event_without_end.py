"""Where the source gives only a start time, nothing shows an invented end."""

import datetime as dt
import zoneinfo

import icalendar
import pytest
from django.core import mail
from django.urls import reverse

from participation import services
from participation.models import Registration
from tests.participation.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
START = dt.datetime(2031, 10, 13, 12, 0, tzinfo=OSLO)


@pytest.fixture
def open_ended():
    return EventFactory(starts_at=START, ends_at=None, place="Storgata 1, Oslo")


def test_event_page_and_list_show_the_start_and_no_end(client, open_ended):
    detail = client.get(reverse("participation:event_detail", kwargs={"slug": open_ended.slug}))
    listing = client.get(reverse("participation:event_list"))
    for response in (detail, listing):
        html = response.content.decode()
        assert response.status_code == 200
        assert "13. oktober 2031, 12:00" in html
        assert "12:00–" not in html


def test_mails_give_the_start_and_no_end(sign_up, django_capture_on_commit_callbacks, open_ended):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(open_ended, email="anne@example.no")
    message = mail.outbox[-1]
    assert "13. oktober 2031, 12:00 (" in message.body
    assert "12:00–" not in message.alternatives[0].content


def test_calendar_file_has_a_start_and_no_end(client, open_ended):
    response = client.get(reverse("participation:event_ics", kwargs={"slug": open_ended.slug}))
    (vevent,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert vevent.decoded("DTSTART") == START
    assert "DTEND" not in vevent and "DURATION" not in vevent


def test_without_an_end_the_event_is_over_when_its_day_is(open_ended):
    assert not open_ended.is_past  # in 2031
    open_ended.starts_at = dt.datetime(2020, 1, 1, 12, 0, tzinfo=OSLO)
    assert open_ended.is_past


def test_purge_counts_from_the_day_of_an_event_without_end():
    event = EventFactory(starts_at=dt.datetime(2030, 1, 1, 12, 0, tzinfo=OSLO), ends_at=None)
    registration = RegistrationFactory(event=event)
    services.registrations_purge(now=dt.datetime(2030, 1, 20, tzinfo=OSLO), days=30)
    registration.refresh_from_db()
    assert registration.anonymised_at is None
    services.registrations_purge(now=dt.datetime(2030, 2, 3, tzinfo=OSLO), days=30)
    registration.refresh_from_db()
    assert registration.anonymised_at is not None
    assert Registration.objects.filter(email="").count() == 1
