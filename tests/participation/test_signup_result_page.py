"""After signing up, the page repeats when and where, and offers the calendar file and
the way out."""

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse

from participation.models import Registration
from tests.participation.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
START = dt.datetime(2031, 10, 13, 12, 0, tzinfo=OSLO)

FORM = {
    "name": "Anne Hansen",
    "organisation": "Bergen kommune",
    "organisation_type": "municipality",
    "municipality": "Bergen",
    "consent": "on",
}


def _sign_up(client, event, email):
    url = reverse("participation:event_detail", kwargs={"slug": event.slug})
    return client.post(url, {**FORM, "email": email}, follow=True)


def _cancel_link(html):
    start = html.index('href="http://testserver/events/cancel/') + len('href="')
    return html[start : html.index('"', start)].replace("&amp;", "&")


def test_confirmed_page_repeats_date_time_place_and_offers_calendar_and_cancel(client):
    event = EventFactory(starts_at=START, ends_at=START + dt.timedelta(minutes=90))
    html = _sign_up(client, event, "anne@example.no").content.decode()
    assert "mandag 13. oktober 2031, 12:00–13:30" in html
    assert "Storgata 1, Oslo" in html
    assert reverse("participation:event_ics", kwargs={"slug": event.slug}) in html
    # The cancel link on the page is the person's own, and it works.
    page = client.get(_cancel_link(html))
    assert "Anne Hansen" in page.content.decode()
    client.post(_cancel_link(html))
    assert Registration.objects.get().status == "cancelled"


def test_waiting_list_page_offers_to_leave_the_waiting_list(client):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    html = _sign_up(client, event, "bo@example.no").content.decode()
    assert "Meld deg av ventelisten" in html
    assert "noen andre kan få plassen" not in html
    assert "/events/cancel/" in html


def test_already_registered_page_gives_no_cancel_link(client):
    event = EventFactory()
    RegistrationFactory(event=event, email="anne@example.no")
    html = _sign_up(client, event, "anne@example.no").content.decode()
    assert "/events/cancel/" not in html
    assert "Storgata 1, Oslo" in html
