"""Every refusal tells the person why, in words, and gives views a stable code."""

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone, translation

from participation import services
from participation.exceptions import RegistrationError
from participation.models import Registration
from tests.participation.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2030, 3, 1, 12, 0, tzinfo=dt.UTC)


def _refusal(call):
    with translation.override("en"), pytest.raises(RegistrationError) as error:
        call()
    return error.value.code, str(error.value.message)


def test_unpublished_event_is_closed(sign_up):
    event = EventFactory(is_published=False)
    assert _refusal(lambda: sign_up(event)) == ("closed", "This event is not open for sign-up.")


def test_before_the_window_the_opening_time_is_given_in_the_events_time_zone(sign_up):
    opens = dt.datetime(2030, 3, 2, 8, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Oslo"))
    event = EventFactory(registration_opens_at=opens, starts_at=NOW + dt.timedelta(days=10))
    assert _refusal(lambda: sign_up(event, now=NOW)) == (
        "not_open",
        "Registration opens on 02.03.2030 08:30.",
    )


def test_sign_up_is_open_from_the_exact_opening_moment(sign_up):
    event = EventFactory(registration_opens_at=NOW, starts_at=NOW + dt.timedelta(days=10))
    assert sign_up(event, now=NOW).outcome == "confirmed"


def test_sign_up_is_closed_from_the_exact_closing_moment(sign_up):
    event = EventFactory(registration_closes_at=NOW, starts_at=NOW + dt.timedelta(days=10))
    assert _refusal(lambda: sign_up(event, now=NOW)) == (
        "closed",
        "Registration for this event has closed.",
    )


def test_without_consent(sign_up):
    assert _refusal(lambda: sign_up(EventFactory(), consent=False)) == (
        "consent",
        "You must accept the privacy notice to sign up.",
    )


def test_full_event_without_waiting_list(sign_up):
    event = EventFactory(capacity=1, waiting_list=False)
    sign_up(event, email="a@example.no")
    assert _refusal(lambda: sign_up(event, email="b@example.no")) == (
        "full",
        "Sorry, this event is fully booked.",
    )


def test_cancel_is_refused_from_the_exact_start(sign_up):
    event = EventFactory(starts_at=NOW + dt.timedelta(days=1))
    registration = RegistrationFactory(event=event)
    assert _refusal(
        lambda: services.registration_cancel(registration=registration, now=event.starts_at)
    ) == ("started", "The event has started; the registration can no longer be cancelled.")
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_bad_cancel_link(sign_up):
    assert _refusal(lambda: services.registration_get_by_cancel_token(token="x:y")) == (
        "bad_token",
        "This cancel link is not valid. Please use the link from your latest e-mail.",
    )


def test_what_a_person_typed_is_stored_trimmed_at_the_time_given(sign_up):
    event = EventFactory(starts_at=timezone.now() + dt.timedelta(days=3650))
    registration = sign_up(event, role="  Leder ", needs=" Rullestol  ", now=NOW).registration
    registration.refresh_from_db()
    assert (registration.role, registration.needs, registration.created_at) == (
        "Leder",
        "Rullestol",
        NOW,
    )
    plain = sign_up(event, email="b@example.no").registration
    plain.refresh_from_db()
    assert (plain.role, plain.needs) == ("", "")
    assert abs(plain.created_at - timezone.now()) < dt.timedelta(minutes=1)
    assert Registration.objects.count() == 2
