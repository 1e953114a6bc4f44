"""Staff sign up someone who asked by e-mail: the same seats, waiting list and
duplicates as the public form, with the consent recorded as given by e-mail to staff."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from participation import services
from participation.exceptions import RegistrationError
from participation.models import Registration
from tests.participation.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return User.objects.create_user("koordinator", password="x" * 12, is_staff=True)


@pytest.fixture
def add(staff):
    def _add(event, email="kari@example.no", **overrides):
        data = {
            "name": " Kari Nordmann ",
            "organisation": "Bergen kommune",
            "organisation_type": "municipality",
            "municipality": "Bergen",
            "needs": "Rullestol",
            "recorded_by": staff,
            **overrides,
        }
        return services.registration_create_by_staff(event=event, email=email, **data)

    return _add


def test_consent_is_recorded_as_given_by_e_mail_to_staff_with_who_and_when(add, staff):
    moment = timezone.now()
    registration = add(EventFactory(), now=moment).registration
    registration.refresh_from_db()
    assert registration.consent is True
    assert registration.consent_given == Registration.ConsentGiven.EMAIL_TO_STAFF
    assert registration.consent_recorded_by == staff
    assert registration.consent_recorded_at == moment
    assert (registration.name, registration.needs) == ("Kari Nordmann", "Rullestol")


def test_a_public_sign_up_records_its_consent_as_given_in_the_form(sign_up):
    registration = sign_up(EventFactory()).registration
    registration.refresh_from_db()
    assert registration.consent_given == Registration.ConsentGiven.FORM
    assert registration.consent_recorded_by is None


def test_a_full_event_puts_the_person_on_the_waiting_list(add):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    result = add(event)
    assert result.outcome == services.WAITING
    assert result.registration.status == Registration.Status.WAITING


def test_a_full_event_without_waiting_list_refuses_as_for_the_public(add):
    event = EventFactory(capacity=1, waiting_list=False)
    RegistrationFactory(event=event)
    with pytest.raises(RegistrationError) as error:
        add(event)
    assert error.value.code == services.FULL
    assert event.registrations.count() == 1


def test_an_address_already_registered_creates_nothing_and_resends_to_it(
    add, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory()
    first = RegistrationFactory(event=event, email="kari@example.no", name="Kari")
    with django_capture_on_commit_callbacks(execute=True):
        result = add(event, email=" KARI@example.no")
    assert result.outcome == services.ALREADY_REGISTERED
    assert result.registration == first
    assert event.registrations.count() == 1
    assert [m.to for m in mailoutbox] == [["kari@example.no"]]


def test_the_participant_gets_the_confirmation_with_calendar_file_and_cancel_link(
    add, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add(EventFactory(slug="innspill"))
    (message,) = mailoutbox
    assert message.to == ["kari@example.no"]
    assert "/events/cancel/" in message.body
    assert [a[0] for a in message.attachments] == ["innspill.ics"]


def test_staff_may_add_after_the_form_closed_and_to_an_unpublished_event(add):
    now = timezone.now()
    closed = EventFactory(registration_closes_at=now - dt.timedelta(days=1))
    hidden = EventFactory(is_published=False)
    assert add(closed, now=now).outcome == services.CONFIRMED
    assert add(hidden, now=now).outcome == services.CONFIRMED


def test_nobody_can_be_added_once_the_event_is_over(add):
    now = timezone.now()
    over = EventFactory(starts_at=now - dt.timedelta(hours=3), ends_at=now - dt.timedelta(hours=1))
    with pytest.raises(RegistrationError) as error:
        add(over, now=now)
    assert error.value.code == "over"
    assert not over.registrations.exists()
