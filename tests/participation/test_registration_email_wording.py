"""Each e-mail says what is true for its state; nobody without a seat is asked to give
it up."""

import pytest
from django.core import mail

from participation import services
from participation.emails import REMINDER, registration_message
from participation.models import Registration
from tests.participation.factories import EventFactory

pytestmark = pytest.mark.django_db

GIVE_SEAT_AWAY = "noen andre kan få plassen"  # nb: "so that someone else can have the seat"


def _last_to(email):
    return [m for m in mail.outbox if m.to == [email]][-1]


@pytest.fixture
def full_event(sign_up, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(event, email="first@example.no")
        sign_up(event, email="second@example.no")
    return event


def test_confirmation_asks_to_give_the_seat_to_someone_else(full_event):
    message = _last_to("first@example.no")
    assert "Påmelding bekreftet" in message.subject
    assert GIVE_SEAT_AWAY in message.body


def test_waiting_list_mail_offers_to_leave_the_list_not_to_give_a_seat(full_event):
    message = _last_to("second@example.no")
    assert "Venteliste" in message.subject
    for text in (message.body, message.alternatives[0].content):
        assert GIVE_SEAT_AWAY not in text
        assert "melde deg av ventelisten" in text
        assert "/events/cancel/" in text


def test_promotion_mail_gives_the_seat_and_the_cancel_link(
    full_event, django_capture_on_commit_callbacks
):
    first = Registration.objects.get(email="first@example.no")
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=first)
    message = _last_to("second@example.no")
    assert "Du har fått plass" in message.subject
    assert GIVE_SEAT_AWAY in message.body
    assert message.attachments


def test_cancellation_mail_has_no_cancel_link_but_a_way_back(
    full_event, django_capture_on_commit_callbacks
):
    first = Registration.objects.get(email="first@example.no")
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=first)
    message = _last_to("first@example.no")
    assert "/events/cancel/" not in message.body
    assert GIVE_SEAT_AWAY not in message.body
    assert "Meld deg på igjen" in message.body


def test_reminder_keeps_the_cancel_link_for_the_seat(full_event):
    first = Registration.objects.get(email="first@example.no")
    message = registration_message(first, REMINDER)
    assert "Påminnelse" in message.subject
    assert GIVE_SEAT_AWAY in message.body
