import datetime as dt
import zoneinfo

import icalendar
import pytest
from django.urls import reverse

from tests.participation.factories import EventFactory, EventSeriesFactory

pytestmark = pytest.mark.django_db

CPH = zoneinfo.ZoneInfo("Europe/Copenhagen")


def test_event_ics_has_tzid_start_and_no_meeting_link(client):
    start = dt.datetime(2031, 1, 15, 9, 30, tzinfo=CPH)
    event = EventFactory(
        time_zone="Europe/Copenhagen",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        meeting_url="https://meet.example.no/secret",
    )
    response = client.get(reverse("participation:event_ics", kwargs={"slug": event.slug}))
    assert response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    vevent = next(iter(cal.walk("VEVENT")))
    assert vevent["dtstart"].params["TZID"] == "Europe/Copenhagen"
    assert vevent.decoded("dtstart").astimezone(dt.UTC) == dt.datetime(
        2031, 1, 15, 8, 30, tzinfo=dt.UTC
    )
    assert b"secret" not in response.content


def test_series_feed_lists_every_event(client):
    series = EventSeriesFactory()
    EventFactory.create_batch(3, series=series)
    EventFactory()  # another series' event stays out
    response = client.get(reverse("participation:series_ics", kwargs={"slug": series.slug}))
    cal = icalendar.Calendar.from_ical(response.content)
    assert len(cal.walk("VEVENT")) == 3
