import datetime as dt

import pytest
from django.utils import timezone, translation

from participation import services
from participation.exceptions import RegistrationError
from participation.models import Registration
from tests.participation.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_sign_ups_are_confirmed_until_capacity_then_wait(sign_up):
    event = EventFactory(capacity=2)
    outcomes = [sign_up(event, email=f"p{i}@example.no").outcome for i in range(4)]
    assert outcomes == ["confirmed", "confirmed", "waiting", "waiting"]
    assert event.registrations.filter(status="confirmed").count() == 2


def test_full_event_without_waiting_list_refuses(sign_up):
    event = EventFactory(capacity=1, waiting_list=False)
    sign_up(event, email="first@example.no")
    with pytest.raises(RegistrationError) as error:
        sign_up(event, email="second@example.no")
    assert error.value.code == "full"
    assert event.registrations.count() == 1


def test_unlimited_capacity_confirms_everyone(sign_up):
    event = EventFactory(capacity=None)
    outcomes = {sign_up(event, email=f"p{i}@example.no").outcome for i in range(25)}
    assert outcomes == {"confirmed"}


def test_same_email_in_other_case_creates_no_second_registration(sign_up):
    event = EventFactory()
    sign_up(event, email="Anne@Example.no")
    result = sign_up(event, email=" anne@example.NO ", name="Someone else")
    assert result.outcome == "already_registered"
    assert event.registrations.count() == 1
    assert result.registration.name == "Anne Hansen"


def test_duplicate_sign_up_resends_confirmation_to_that_address_only(
    sign_up, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(event, email="anne@example.no")
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(event, email="ANNE@example.no")
    assert len(mailoutbox) == 2
    assert [m.to for m in mailoutbox] == [["anne@example.no"], ["anne@example.no"]]


def test_cancelled_person_may_sign_up_again(sign_up):
    event = EventFactory()
    first = sign_up(event).registration
    services.registration_cancel(registration=first)
    assert sign_up(event).outcome == "confirmed"
    assert event.registrations.count() == 2


def test_sign_up_before_window_opens_is_refused(sign_up):
    event = EventFactory(registration_opens_at=timezone.now() + dt.timedelta(days=1))
    with pytest.raises(RegistrationError) as error:
        sign_up(event)
    assert error.value.code == "not_open"
    assert not Registration.objects.exists()


def test_sign_up_after_window_closes_is_refused_with_message(sign_up):
    event = EventFactory(registration_closes_at=timezone.now() - dt.timedelta(minutes=1))
    with translation.override("en"), pytest.raises(RegistrationError) as error:
        sign_up(event)
    assert error.value.code == "closed"
    assert str(error.value) == "Registration for this event has closed."


def test_sign_up_after_event_started_is_refused(sign_up):
    start = timezone.now() - dt.timedelta(hours=1)
    event = EventFactory(starts_at=start, ends_at=start + dt.timedelta(hours=3))
    with pytest.raises(RegistrationError):
        sign_up(event)


def test_sign_up_without_consent_is_refused(sign_up):
    with pytest.raises(RegistrationError):
        sign_up(EventFactory(), consent=False)
    assert not Registration.objects.exists()


def test_cancelled_rows_do_not_take_seats(sign_up):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event, status="cancelled")
    assert sign_up(event).outcome == "confirmed"
