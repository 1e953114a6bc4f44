import datetime as dt

import pytest
from django.utils import timezone

from participation import services
from participation.exceptions import RegistrationError
from tests.participation.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_cancel_promotes_first_person_waiting(
    sign_up, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    first = sign_up(event, email="a@example.no").registration
    second = sign_up(event, email="b@example.no").registration
    third = sign_up(event, email="c@example.no").registration
    with django_capture_on_commit_callbacks(execute=True):
        assert services.registration_cancel(registration=first) is True
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, third.status) == ("confirmed", "waiting")
    assert second.promoted_at is not None
    promotion = [m for m in mailoutbox if m.to == ["b@example.no"]]
    assert len(promotion) == 1
    assert "ledig" in promotion[0].body  # Norwegian event: "en plass er blitt ledig"


def _snapshot(*registrations):
    for registration in registrations:
        registration.refresh_from_db()
    return [(r.status, r.cancelled_at, r.promoted_at, r.updated_at) for r in registrations]


def test_cancelling_twice_changes_nothing(sign_up, mailoutbox, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    first = sign_up(event, email="a@example.no").registration
    second = sign_up(event, email="b@example.no").registration
    third = sign_up(event, email="c@example.no").registration
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=first)
    state = _snapshot(first, second, third)
    mails = [(m.to, m.subject) for m in mailoutbox]

    later = timezone.now() + dt.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.registration_cancel(registration=first, now=later) is False

    again = _snapshot(first, second, third)
    assert again == state
    assert [s[0] for s in again] == ["cancelled", "confirmed", "waiting"]
    assert [(m.to, m.subject) for m in mailoutbox] == mails  # no second "cancelled" mail
    assert event.registrations.filter(status="confirmed").count() == 1


def test_cancelling_a_waiting_person_promotes_nobody(sign_up):
    event = EventFactory(capacity=1)
    sign_up(event, email="a@example.no")
    waiting = sign_up(event, email="b@example.no").registration
    other = sign_up(event, email="c@example.no").registration
    services.registration_cancel(registration=waiting)
    other.refresh_from_db()
    assert other.status == "waiting"


def test_cancel_after_start_is_refused():
    start = timezone.now() - dt.timedelta(minutes=5)
    registration = RegistrationFactory(
        event=EventFactory(starts_at=start, ends_at=start + dt.timedelta(hours=1))
    )
    with pytest.raises(RegistrationError):
        services.registration_cancel(registration=registration)


def test_raising_capacity_moves_waiting_list_up(sign_up):
    event = EventFactory(capacity=1)
    sign_up(event, email="a@example.no")
    waiting = sign_up(event, email="b@example.no").registration
    event.capacity = 2
    event.save()
    assert services.event_fill_free_seats(event=event) == [waiting]
