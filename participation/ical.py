"""iCalendar files for an event, a series, and the confirmation e-mail.

Times are written with the event's own TZID and a matching VTIMEZONE, so a
calendar in another zone still shows the right moment.
"""

from collections.abc import Iterable

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from participation.models import Event

PRODID = "-//Lejerbo//Participation//EN"


def event_url(event: Event) -> str:
    return settings.SITE_URL + reverse("participation:event_detail", kwargs={"slug": event.slug})


def _vevent(event: Event, *, meeting_url: str = "") -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", f"event-{event.pk}@{settings.SITE_URL.split('://')[-1]}")
    vevent.add("dtstamp", timezone.now())
    vevent.add("dtstart", event.local_start)
    if event.ends_at:  # no end time known: a calendar shows the start only
        vevent.add("dtend", event.local_end)
    vevent.add("summary", event.title)
    description = event.description
    if meeting_url:
        description = f"{description}\n\n{meeting_url}".strip()
    vevent.add("description", description)
    location = meeting_url or event.place
    if location:
        vevent.add("location", location)
    vevent.add("url", event_url(event))
    if event.contact_email:
        vevent.add("organizer", f"mailto:{event.contact_email}")
    return vevent


def calendar_bytes(events: Iterable[Event], *, name: str = "", meeting_url: str = "") -> bytes:
    """A VCALENDAR with one VEVENT per event.

    `meeting_url` goes only into a confirmed participant's personal copy; the public
    files never carry it.
    """
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    if name:
        cal.add("x-wr-calname", name)
    for event in events:
        cal.add_component(_vevent(event, meeting_url=meeting_url))
    cal.add_missing_timezones()
    return cal.to_ical()
