"""schema.org Event data on event pages: valid JSON, only what is known, safely escaped."""

import datetime as dt
import json
import re
import zoneinfo

import pytest
from django.urls import reverse

from tests.participation.factories import EventFactory

pytestmark = pytest.mark.django_db

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
START = dt.datetime(2031, 10, 13, 12, 0, tzinfo=OSLO)


def _json_ld(client, event):
    html = client.get(
        reverse("participation:event_detail", kwargs={"slug": event.slug})
    ).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_seminar_is_an_offline_event_with_start_end_and_place(client):
    event = EventFactory(starts_at=START, ends_at=START + dt.timedelta(hours=2))
    data = _json_ld(client, event)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
    assert data["name"] == event.title
    assert data["startDate"] == "2031-10-13T12:00:00+02:00"
    assert data["endDate"] == "2031-10-13T14:00:00+02:00"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"] == {"@type": "Place", "name": event.place, "address": event.place}
    assert data["url"] == f"http://testserver/events/{event.slug}/"


def test_digital_meeting_is_online_without_end_date_or_meeting_link(client):
    event = EventFactory(
        kind="digital",
        starts_at=START,
        ends_at=None,
        place="Digitalt møte",
        meeting_url="https://meet.example.no/secret-room",
        sender_name="Leieboerforeningen",
    )
    data = _json_ld(client, event)
    assert "endDate" not in data
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"]["@type"] == "VirtualLocation"
    assert "secret-room" not in json.dumps(data)
    assert data["organizer"]["name"] == "Leieboerforeningen"


def test_text_cannot_break_out_of_the_script_element(client):
    title = "Møte </script><script>alert(1)</script> & <!--"
    event = EventFactory(title=title, description="a</SCRIPT>b")
    response = client.get(reverse("participation:event_detail", kwargs={"slug": event.slug}))
    html = response.content.decode()
    block = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block
    assert json.loads(block)["name"] == title
