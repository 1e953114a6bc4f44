"""schema.org Event data for search engines (JSON-LD in the event page's head).

Only what the event says: no end date when none is known, no offer or price the
event does not state, and never the meeting link (confirmed participants get it by
e-mail; the page's own address stands for the online place).
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from core.urls import absolute_url
from participation.models import Event

# As Django's json_script: nothing in the data can close the <script> element or
# start a comment or a character reference.
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def event_schema(event: Event, *, request=None) -> dict:
    url = absolute_url(
        reverse("participation:event_detail", kwargs={"slug": event.slug}), request=request
    )
    online = event.kind == Event.Kind.DIGITAL
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": url,
        "inLanguage": event.language,
        "startDate": event.local_start.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/"
        + ("OnlineEventAttendanceMode" if online else "OfflineEventAttendanceMode"),
    }
    if event.ends_at:
        data["endDate"] = event.local_end.isoformat()
    if event.description:
        data["description"] = event.description
    if online:
        data["location"] = {"@type": "VirtualLocation", "url": url}
    elif event.place:
        data["location"] = {"@type": "Place", "name": event.place, "address": event.place}
    organiser = event.sender_name or (event.series.sender_name if event.series else "")
    if organiser:
        data["organizer"] = {"@type": "Organization", "name": organiser}
        if event.contact_email:
            data["organizer"]["email"] = event.contact_email
    return data


def event_json_ld(event: Event, *, request=None) -> SafeString:
    """The data as JSON, safe to put inside <script type="application/ld+json">."""
    text = json.dumps(event_schema(event, request=request), cls=DjangoJSONEncoder)
    return mark_safe(text.translate(_ESCAPES))  # noqa: S308 - escaped just above
