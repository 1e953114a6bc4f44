"""iCalendar files for an event, a series, and the confirmation e-mail.

Times are written with the event's own TZID and a matching VTIMEZONE, so a
calendar in another zone still shows the right moment. An event whose end is not
known has a DTSTART and no DTEND (RFC 5545, 3.6.1: it then takes up its start
time only); no end time is ever made up.
"""

from collections.abc import Iterable
from urllib.parse import urlsplit

import icalendar
from django.urls import reverse
from django.utils import timezone

from core.urls import absolute_url
from participation.models import Event

PRODID = "-//Lejerbo//Participation//EN"


def event_url(event: Event, *, request=None) -> str:
    path = reverse("participation:event_detail", kwargs={"slug": event.slug})
    return absolute_url(path, request=request)


def _vevent(event: Event, *, meeting_url: str = "", request=None) -> icalendar.Event:
    url = event_url(event, request=request)
    vevent = icalendar.Event()
    vevent.add("uid", f"event-{event.pk}@{urlsplit(url).hostname}")
    vevent.add("dtstamp", timezone.now())
    vevent.add("dtstart", event.local_start)
    if event.ends_at:
        vevent.add("dtend", event.local_end)
    vevent.add("summary", event.title)
    description = event.description
    if meeting_url:
        description = f"{description}\n\n{meeting_url}".strip()
    vevent.add("description", description)
    location = meeting_url or event.place
    if location:
        vevent.add("location", location)
    vevent.add("url", url)
    if event.contact_email:
        vevent.add("organizer", f"mailto:{event.contact_email}")
    return vevent


def calendar_bytes(
    events: Iterable[Event], *, name: str = "", meeting_url: str = "", request=None
) -> bytes:
    """A VCALENDAR with one VEVENT per event.

    `meeting_url` goes only into a confirmed participant's personal copy; the public
    files never carry it. Links point at the host the request came to, else at the
    default Site (see core.urls).
    """
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    if name:
        cal.add("x-wr-calname", name)
    for event in events:
        cal.add_component(_vevent(event, meeting_url=meeting_url, request=request))
    cal.add_missing_timezones()
    return cal.to_ical()
