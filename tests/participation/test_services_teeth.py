"""What erasure, purge, re-sent mails and the sign-up window do, field by field.

Written from the mutants of `make mutate` that the other tests let live
(docs/testing.md): each test here failed on one of them.
"""

import datetime as dt
import zoneinfo

import pytest
from django.test import override_settings
from django.utils import translation

from participation import services
from participation.exceptions import RegistrationError
from participation.models import Registration
from tests.participation.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC
NOW = dt.datetime(2031, 5, 20, 10, 0, tzinfo=UTC)
PROMOTED = dt.datetime(2031, 4, 2, 9, 0, tzinfo=UTC)
REMINDED = dt.datetime(2031, 4, 3, 9, 0, tzinfo=UTC)
SIGNED_UP = dt.datetime(2031, 4, 1, 9, 0, tzinfo=UTC)

PERSONAL_CLEARED = {
    "name": services.ANONYMISED,
    "email": "",
    "email_normalised": "",
    "organisation": "",
    "municipality": "",
    "role": "",
    "needs": "",
    "mail_error": "",
}


def _person(event, **overrides) -> Registration:
    fields = {
        "name": "Anne Hansen",
        "email": "Anne@Example.no",
        "organisation": "Bergen kommune",
        "organisation_type": "nonprofit_landlord",
        "municipality": "Bergen",
        "role": "Leder",
        "needs": "Rullestol og glutenfri mat",
        "mail_error": "550 mailbox anne@example.no full",
        "mail_state": "failed",
        "attended": True,
        "created_at": SIGNED_UP,
        "promoted_at": PROMOTED,
        "reminder_sent_at": REMINDED,
    }
    return RegistrationFactory(event=event, **{**fields, **overrides})


def _kept(registration: Registration) -> dict:
    return {
        "pk": registration.pk,
        "public_id": registration.public_id,
        "event_id": registration.event_id,
        "organisation_type": registration.organisation_type,
        "status": registration.status,
        "attended": registration.attended,
        "consent": registration.consent,
        "mail_state": registration.mail_state,
        "created_at": registration.created_at,
        "promoted_at": registration.promoted_at,
        "cancelled_at": registration.cancelled_at,
        "reminder_sent_at": registration.reminder_sent_at,
    }


def _assert_anonymised(registration: Registration, *, kept: dict, at: dt.datetime):
    registration.refresh_from_db()
    assert {name: getattr(registration, name) for name in PERSONAL_CLEARED} == PERSONAL_CLEARED
    assert _kept(registration) == kept
    assert registration.anonymised_at == at
    # The admin's "updated" column: the day someone's data was forgotten.
    assert registration.updated_at == at


def _event_over(days_before_now):
    end = NOW - dt.timedelta(days=days_before_now)
    return EventFactory(starts_at=end - dt.timedelta(hours=2), ends_at=end)


def test_purge_clears_every_personal_field_and_keeps_the_statistics():
    registration = _person(_event_over(200))
    kept = _kept(registration)
    assert services.registrations_purge(now=NOW) == 1
    _assert_anonymised(registration, kept=kept, at=NOW)


def test_purge_counts_from_the_given_moment_and_period():
    older = _person(_event_over(31))
    younger = _person(_event_over(29), email="b@example.no")
    assert services.registrations_purge(now=NOW, days=30) == 1
    older.refresh_from_db()
    younger.refresh_from_db()
    assert older.anonymised_at == NOW
    assert younger.name == "Anne Hansen" and younger.anonymised_at is None


def test_a_second_purge_leaves_the_first_ones_dates():
    registration = _person(_event_over(200))
    services.registrations_purge(now=NOW)
    assert services.registrations_purge(now=NOW + dt.timedelta(days=1)) == 0
    registration.refresh_from_db()
    assert registration.anonymised_at == NOW and registration.updated_at == NOW


def test_erasure_after_the_event_clears_every_field_and_keeps_the_attendance():
    # The event is over: nothing to cancel, the seat and attendance stay in the counts.
    registration = _person(_event_over(3))
    kept = _kept(registration)
    services.registration_erase(registration=registration, now=NOW)
    _assert_anonymised(registration, kept=kept, at=NOW)
    assert registration.status == "confirmed"


def test_erasure_at_the_very_start_of_the_event_does_not_try_to_cancel():
    event = EventFactory(starts_at=NOW, ends_at=NOW + dt.timedelta(hours=2))
    registration = _person(event)
    kept = _kept(registration)
    services.registration_erase(registration=registration, now=NOW)
    _assert_anonymised(registration, kept=kept, at=NOW)


def test_erasure_before_the_event_frees_the_seat_then_forgets():
    event = EventFactory(starts_at=NOW + dt.timedelta(days=5), capacity=1)
    registration = _person(event)
    services.registration_erase(registration=registration, now=NOW)
    registration.refresh_from_db()
    assert registration.status == "cancelled" and registration.cancelled_at == NOW
    assert {name: getattr(registration, name) for name in PERSONAL_CLEARED} == PERSONAL_CLEARED
    assert registration.anonymised_at == NOW


def test_erasing_a_cancelled_registration_before_the_event_only_forgets():
    event = EventFactory(starts_at=NOW + dt.timedelta(days=5))
    cancelled_at = NOW - dt.timedelta(days=1)
    registration = _person(event, status="cancelled", cancelled_at=cancelled_at)
    kept = _kept(registration)
    services.registration_erase(registration=registration, now=NOW)
    _assert_anonymised(registration, kept=kept, at=NOW)


def test_an_erased_person_is_not_erased_again_by_the_purge():
    registration = _person(_event_over(200))
    services.registration_erase(registration=registration, now=NOW - dt.timedelta(days=100))
    assert services.registrations_purge(now=NOW) == 0
    registration.refresh_from_db()
    assert registration.anonymised_at == NOW - dt.timedelta(days=100)


# --- The opening time, in the event's time zone ----------------------------------


@override_settings(TIME_ZONE="UTC")
def test_the_opening_time_is_given_in_the_events_zone_on_a_server_running_on_utc(sign_up):
    opens = dt.datetime(2031, 6, 2, 8, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Oslo"))
    event = EventFactory(
        registration_opens_at=opens,
        starts_at=opens + dt.timedelta(days=10),
        time_zone="Europe/Oslo",
    )
    with translation.override("en"), pytest.raises(RegistrationError) as error:
        sign_up(event, now=opens - dt.timedelta(days=1))
    # 06:30 UTC on the server; the person in Norway reads 08:30.
    assert str(error.value.message) == "Registration opens on 02.06.2031 08:30."


# --- Mails sent again are the ones matching the person's status ---------------------


def _mails_to(outbox, address):
    return [m.subject for m in outbox if m.to == [address]]


def test_signing_up_again_from_the_waiting_list_resends_the_waiting_list_notice(
    sign_up, django_capture_on_commit_callbacks, mailoutbox
):
    event = EventFactory(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(event, email="a@example.no")
        sign_up(event, email="b@example.no")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = sign_up(event, email="B@example.no")
    assert result.outcome == services.ALREADY_REGISTERED
    subjects = _mails_to(mailoutbox, "b@example.no")
    assert len(subjects) == 1 and "Venteliste" in subjects[0]


@pytest.mark.parametrize(
    ("status", "expected"),
    [("confirmed", "Påmelding bekreftet"), ("waiting", "Venteliste")],
)
def test_staff_resend_the_mail_of_the_current_status(
    status, expected, django_capture_on_commit_callbacks, mailoutbox
):
    registration = RegistrationFactory(status=status, email="c@example.no")
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_resend(registration=registration)
    subjects = _mails_to(mailoutbox, "c@example.no")
    assert len(subjects) == 1 and expected in subjects[0]


def test_nothing_is_resent_to_a_cancelled_or_erased_registration(
    django_capture_on_commit_callbacks, mailoutbox
):
    cancelled = RegistrationFactory(status="cancelled")
    erased = RegistrationFactory()
    services.registration_erase(registration=erased, now=erased.event.starts_at)
    erased.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_resend(registration=cancelled)
        services.registration_resend(registration=erased)
    assert mailoutbox == []


# --- Attendance ------------------------------------------------------------------


def test_marking_attendance_stamps_the_change_time(monkeypatch):
    registration = RegistrationFactory()
    Registration.objects.filter(pk=registration.pk).update(updated_at=SIGNED_UP)
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)
    services.registration_mark_attended(registrations=[registration])
    registration.refresh_from_db()
    assert registration.attended is True and registration.updated_at == NOW
