"""Seats, duplicates, waiting lists and cancel links belong to one event and one person."""

import datetime as dt

import pytest
from django.urls import reverse

from participation import services
from participation.models import Registration
from participation.tokens import cancel_token_make
from tests.participation.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_seats_taken_at_another_event_do_not_count(sign_up):
    other = EventFactory(capacity=1)
    sign_up(other, email="a@example.no")
    assert sign_up(EventFactory(capacity=1), email="b@example.no").outcome == "confirmed"


def test_the_same_person_may_sign_up_for_two_events(sign_up):
    sign_up(EventFactory(), email="a@example.no")
    assert sign_up(EventFactory(), email="a@example.no").outcome == "confirmed"
    assert Registration.objects.count() == 2


def test_a_freed_seat_goes_to_this_events_waiting_list_only(sign_up):
    event, other = EventFactory(capacity=1), EventFactory(capacity=1)
    first = sign_up(event, email="a@example.no").registration
    sign_up(other, email="x@example.no")
    elsewhere = sign_up(other, email="y@example.no").registration
    waiting = sign_up(event, email="b@example.no").registration

    services.registration_cancel(registration=first)

    waiting.refresh_from_db()
    elsewhere.refresh_from_db()
    assert (waiting.status, elsewhere.status) == ("confirmed", "waiting")


def test_the_waiting_list_is_first_come_first_served(sign_up):
    event = EventFactory(capacity=1)
    first = sign_up(event, email="a@example.no").registration
    now = dt.datetime.now(dt.UTC)
    # Stored latest first: the order of the rows is not the order of the sign-ups.
    waiting = [
        RegistrationFactory(event=event, status="waiting", created_at=now - dt.timedelta(hours=h))
        for h in range(1, 6)
    ]
    services.registration_cancel(registration=first)
    confirmed = Registration.objects.filter(event=event, status="confirmed")
    assert list(confirmed) == [waiting[-1]]


def test_nobody_moves_up_once_the_event_has_ended(sign_up):
    event = EventFactory(capacity=1)
    sign_up(event, email="a@example.no")
    waiting = sign_up(event, email="b@example.no").registration
    event.capacity = 2
    event.save()
    assert services.event_fill_free_seats(event=event, now=event.ends_at) == []
    waiting.refresh_from_db()
    assert waiting.status == "waiting"


def test_staff_promotion_records_when(sign_up):
    event = EventFactory(capacity=1)
    sign_up(event, email="a@example.no")
    waiting = sign_up(event, email="b@example.no").registration
    before = dt.datetime.now(dt.UTC)
    # The event is full: only staff with the override may move someone past capacity.
    services.registration_promote(registration=waiting, override=True)
    waiting.refresh_from_db()
    assert before <= waiting.promoted_at <= dt.datetime.now(dt.UTC)


def test_a_cancel_link_cancels_its_own_registration_and_no_other(client):
    event = EventFactory()
    others = RegistrationFactory.create_batch(3, event=event)
    mine = RegistrationFactory(event=event)
    url = reverse("participation:cancel", kwargs={"token": cancel_token_make(registration=mine)})

    page = client.get(url)
    assert page.context["registration"] == mine
    client.post(url)

    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert statuses == {**{o.pk: "confirmed" for o in others}, mine.pk: "cancelled"}


def test_a_cancellation_records_when_and_the_seat_moves_at_that_moment(sign_up):
    event = EventFactory(capacity=1, starts_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=30))
    first = sign_up(event, email="a@example.no").registration
    waiting = sign_up(event, email="b@example.no").registration
    moment = dt.datetime.now(dt.UTC) + dt.timedelta(days=2)

    services.registration_cancel(registration=first, now=moment)

    first.refresh_from_db()
    waiting.refresh_from_db()
    assert (first.status, first.cancelled_at) == ("cancelled", moment)
    assert (waiting.status, waiting.promoted_at) == ("confirmed", moment)
