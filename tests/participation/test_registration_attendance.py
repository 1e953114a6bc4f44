"""Staff mark who came, from the event's start; a cancelled sign-up never counts as attended."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from participation import services
from participation.exceptions import RegistrationError
from participation.models import Registration
from tests.participation.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def started_event(**kwargs):
    return EventFactory(starts_at=timezone.now() - dt.timedelta(minutes=5), **kwargs)


def test_marking_attendance_skips_cancelled_sign_ups_and_can_be_undone():
    event = started_event()
    came = RegistrationFactory(event=event)
    cancelled = RegistrationFactory(event=event, status="cancelled")
    untouched = RegistrationFactory(event=event)

    assert services.registration_mark_attended(registrations=[came, cancelled]) == 1
    attended = dict(Registration.objects.values_list("pk", "attended"))
    assert attended == {came.pk: True, cancelled.pk: False, untouched.pk: False}

    assert services.registration_mark_attended(registrations=[came], attended=False) == 1
    came.refresh_from_db()
    assert came.attended is False


def test_attendance_is_refused_before_the_event_starts_with_a_translated_message():
    event = EventFactory(
        title="Seminar 2027",
        starts_at=dt.datetime(2027, 3, 4, 9, 0, tzinfo=dt.UTC),
        time_zone="Europe/Oslo",
    )
    person = RegistrationFactory(event=event)
    for attended in (True, False):
        with translation.override("da"), pytest.raises(RegistrationError) as error:
            services.registration_mark_attended(
                registrations=[person],
                attended=attended,
                now=event.starts_at - dt.timedelta(seconds=1),
            )
        assert error.value.code == "not_started"
        assert "Seminar 2027" in str(error.value) and "04.03.2027 10:00" in str(error.value)
        assert "fremmøde" in str(error.value).lower()
    person.refresh_from_db()
    assert person.attended is False


def test_attendance_can_be_marked_from_the_exact_start():
    event = EventFactory()
    person = RegistrationFactory(event=event)
    assert services.registration_mark_attended(registrations=[person], now=event.starts_at) == 1
    person.refresh_from_db()
    assert person.attended is True


def test_one_event_not_started_refuses_the_whole_selection():
    started = RegistrationFactory(event=started_event())
    ahead = RegistrationFactory(event=EventFactory())
    with pytest.raises(RegistrationError):
        services.registration_mark_attended(registrations=[started, ahead])
    assert not Registration.objects.filter(attended=True).exists()
