import datetime as dt

import factory
from django.utils import timezone

from participation.models import Event, EventSeries, Registration


class EventSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventSeries

    title = factory.Sequence(lambda n: f"Series {n}")
    slug = factory.Sequence(lambda n: f"series-{n}")
    language = "nb"
    contact_email = "ara@lbf.no"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Seminar {n}")
    slug = factory.Sequence(lambda n: f"seminar-{n}")
    kind = Event.Kind.SEMINAR
    language = "nb"
    time_zone = "Europe/Oslo"
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    place = "Storgata 1, Oslo"
    capacity = 10
    waiting_list = True
    contact_email = "ara@lbf.no"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.no")
    organisation = "Oslo kommune"
    organisation_type = Registration.OrganisationType.MUNICIPALITY
    municipality = "Oslo"
    consent = True
    status = Registration.Status.CONFIRMED
