"""The source's events (Leieboerforeningen/VID article), loaded by load_site_content.

Both are past: the digital input meeting was on Thursday 13 October 2022 at 12:00 (the
source gives no end time, so none is stored), and the seminar series was in spring
2023 (its dates were announced in the invitation, which the source does not give, so
the series holds no dated event). Each object is created once, keyed on its slug, and
never written again: what staff changed survives a second load.

An upcoming event marked as demo, for trying sign-up in development, is made only by
`load_demo_content` (`load_demo_event`).
"""

import datetime as dt
import zoneinfo

from django.db import transaction
from django.utils import timezone

from core.languages import Language
from participation.models import Event, EventSeries, TimeZone

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
CONTACT_EMAIL = "ara@lbf.no"
CONTACT_NAME = "Anne-Rita Andal, prosjektleder"
# The organiser named in the source: its mails say so (the site's own address sends them,
# replies go to the project lead: participation.models.mail_sender / mail_reply_to).
SENDER_NAME = "Leieboerforeningen"

INPUT_MEETING_SLUG = "innspillsmote-2022"
SERIES_SLUG = "seminarrekke-varen-2023"
DEMO_SLUG = "provearrangement-demo"
DEMO_SERIES_SLUG = "provearrangementer-demo"


@transaction.atomic
def load_source_events(*, project_page) -> None:
    EventSeries.objects.get_or_create(
        slug=SERIES_SLUG,
        defaults={
            "title": "Seminarrekke våren 2023",
            "description": (
                "Våren 2023 arrangerer Leieboerforeningen og VID Vitenskapelig høgskole en "
                "seminarrekke for kommuner og andre utleiere. Kartleggingen høsten 2022 danner "
                "grunnlag for tema på seminarene. Det er gratis å delta, og alle kommuner som "
                "deltar i kartleggingen høsten 2022, får invitasjon."
            ),
            "language": Language.NORWEGIAN,
            "contact_email": CONTACT_EMAIL,
            "sender_name": SENDER_NAME,
            "project_page": project_page,
        },
    )
    Event.objects.get_or_create(
        slug=INPUT_MEETING_SLUG,
        defaults={
            "title": "Innspillsmøte",
            "description": (
                "Digitalt innspillsmøte om kommuners og utleieres arbeid med medvirkning, som "
                "del av kartleggingen høsten 2022. Det er gratis å delta."
            ),
            "kind": Event.Kind.DIGITAL,
            "language": Language.NORWEGIAN,
            "time_zone": TimeZone.OSLO,
            "starts_at": dt.datetime(2022, 10, 13, 12, 0, tzinfo=OSLO),
            "ends_at": None,
            "place": "Digitalt møte",
            "capacity": None,
            "waiting_list": False,
            "contact_name": CONTACT_NAME,
            "contact_email": CONTACT_EMAIL,
            "sender_name": SENDER_NAME,
            "project_page": project_page,
        },
    )


@transaction.atomic
def load_demo_event(*, project_page) -> Event:
    """An upcoming seminar, marked as demo in its title and text, in a demo series of its
    own (never inside the real 2023 series). Created once, 30 days ahead."""
    series, _created = EventSeries.objects.get_or_create(
        slug=DEMO_SERIES_SLUG,
        defaults={
            "title": "Prøvearrangementer (demo)",
            "description": (
                "DETTE ER EN DEMONSTRASJONSSERIE. Den finnes bare i utviklingsmiljøet."
            ),
            "language": Language.NORWEGIAN,
            "contact_email": CONTACT_EMAIL,
            "sender_name": SENDER_NAME,
            "project_page": project_page,
        },
    )
    existing = Event.objects.filter(slug=DEMO_SLUG).first()
    if existing is not None:
        return existing
    day = timezone.now().astimezone(OSLO).date() + dt.timedelta(days=30)
    demo_start = dt.datetime(day.year, day.month, day.day, 10, 0, tzinfo=OSLO)
    return Event.objects.create(
        slug=DEMO_SLUG,
        series=series,
        title="Prøvearrangement (demo): seminar om leieboermedvirkning",
        description=(
            "DETTE ER ET DEMONSTRASJONSARRANGEMENT. Det finnes ikke i kildeteksten og "
            "holdes ikke; det er her for at du kan prøve påmelding, venteliste, "
            "kalenderfil og avmelding. Fem plasser, deretter venteliste."
        ),
        kind=Event.Kind.SEMINAR,
        language=Language.NORWEGIAN,
        time_zone=TimeZone.OSLO,
        starts_at=demo_start,
        ends_at=demo_start + dt.timedelta(hours=3),
        place="Demo – ingen fysisk adresse",
        capacity=5,
        waiting_list=True,
        contact_name=CONTACT_NAME,
        contact_email=CONTACT_EMAIL,
        project_page=project_page,
    )
