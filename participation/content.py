"""The source's events (Leieboerforeningen/VID article), loaded by load_site_content.

Keyed on slugs, so running it again changes nothing. The demo event is created only
when missing, so its date stays where it was first put.
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

INPUT_MEETING_SLUG = "innspillsmote-2022"
SERIES_SLUG = "seminarrekke-varen-2023"
DEMO_SLUG = "provearrangement-demo"


@transaction.atomic
def load_source_events(*, project_page) -> None:
    series, _created = EventSeries.objects.update_or_create(
        slug=SERIES_SLUG,
        defaults={
            "title": "Seminarrekke våren 2023",
            "description": (
                "Våren 2023 arrangerer Leieboerforeningen og VID Vitenskapelig høgskole en "
                "seminarrekke for kommuner og andre utleiere. Kartleggingen høsten 2022 danner "
                "grunnlag for tema på seminarene. Det er gratis å delta, og alle kommuner som "
                "deltar i kartleggingen høsten 2022, får invitasjon. Datoene kunngjøres i "
                "invitasjonen."
            ),
            "language": Language.NORWEGIAN,
            "contact_email": CONTACT_EMAIL,
            "project_page": project_page,
        },
    )
    starts = dt.datetime(2022, 10, 13, 12, 0, tzinfo=OSLO)
    Event.objects.update_or_create(
        slug=INPUT_MEETING_SLUG,
        defaults={
            "title": "Innspillsmøte",
            "description": (
                "Digitalt innspillsmøte om kommuners og utleieres arbeid med medvirkning, som "
                "del av kartleggingen høsten 2022. Det er gratis å delta. "
                "(Sluttidspunktet 13.30 er antatt; kilden oppgir bare starttidspunktet.)"
            ),
            "kind": Event.Kind.DIGITAL,
            "language": Language.NORWEGIAN,
            "time_zone": TimeZone.OSLO,
            "starts_at": starts,
            "ends_at": starts + dt.timedelta(minutes=90),
            "place": "Digitalt møte",
            "capacity": None,
            "waiting_list": False,
            "contact_name": CONTACT_NAME,
            "contact_email": CONTACT_EMAIL,
            "project_page": project_page,
        },
    )
    if not Event.objects.filter(slug=DEMO_SLUG).exists():
        day = timezone.now().astimezone(OSLO).date() + dt.timedelta(days=30)
        demo_start = dt.datetime(day.year, day.month, day.day, 10, 0, tzinfo=OSLO)
        Event.objects.create(
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
